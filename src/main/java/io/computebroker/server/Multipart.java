package io.computebroker.server;

import io.computebroker.core.BrokerException;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, strict {@code multipart/form-data} reader (RFC 7578) for file uploads: the body is already
 * bounded by the caller, parts are located by their boundary and keyed by field name.
 */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern NAME = Pattern.compile("(?i)[;\\s]name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i)filename=\"([^\"]*)\"");

    /** One field: its file name (null for plain fields) and its bytes. */
    record Part(String filename, byte[] bytes) {
        String text() { return new String(bytes, StandardCharsets.UTF_8); }
    }

    private Multipart() {}

    static Map<String, Part> parse(String contentType, byte[] body) {
        Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") || !m.find()) {
            throw BrokerException.invalid(null, "expected a multipart/form-data body with a boundary");
        }
        byte[] delimiter = ("--" + (m.group(2) != null ? m.group(2) : m.group(3))).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new HashMap<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0) throw BrokerException.invalid(null, "multipart body has no part");
        while (true) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') break; // closing delimiter
            start = skipLineEnd(body, start);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (headersEnd < 0) throw BrokerException.invalid(null, "multipart part without a header block");
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int next = indexOf(body, delimiter, contentStart);
            if (next < 0) throw BrokerException.invalid(null, "multipart body is not terminated");
            int contentEnd = next >= 2 && body[next - 2] == '\r' && body[next - 1] == '\n' ? next - 2 : next;
            String disposition = headers.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-disposition:"))
                    .findFirst().orElse("");
            Matcher name = NAME.matcher(disposition);
            if (name.find()) {
                Matcher file = FILENAME.matcher(disposition);
                byte[] content = java.util.Arrays.copyOfRange(body, contentStart, Math.max(contentStart, contentEnd));
                parts.put(name.group(1), new Part(file.find() ? file.group(1) : null, content));
            }
            at = next;
        }
        return parts;
    }

    private static int skipLineEnd(byte[] b, int i) {
        if (i < b.length && b[i] == '\r') i++;
        if (i < b.length && b[i] == '\n') i++;
        return i;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
