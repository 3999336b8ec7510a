package io.computebroker.api;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SseReaderTest {
    /** The char-based reader this one replaced, kept as the reference: same rules, decoded line by line. */
    static List<SseEvent> reference(byte[] body) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        List<SseEvent> out = new ArrayList<>();
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) out.add(new SseEvent(event, data.toString()));
                event = null;
                data = null;
                continue;
            }
            if (line.charAt(0) == ':') continue;
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            if (field.equals("event")) event = value;
            else if (field.equals("data")) data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
        if (data != null) out.add(new SseEvent(event, data.toString()));
        return out;
    }

    /** Hands out the body a few bytes at a time, the way a socket does, splitting lines, CRLFs and UTF-8 characters. */
    static InputStream dribble(byte[] body, Random rnd) {
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < body.length ? body[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= body.length) return -1;
                int n = Math.min(Math.min(len, body.length - pos), 1 + rnd.nextInt(7));
                System.arraycopy(body, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    static List<SseEvent> read(byte[] body, Random rnd) throws IOException {
        List<SseEvent> out = new ArrayList<>();
        try (SseReader r = new SseReader(dribble(body, rnd))) {
            SseEvent e;
            while ((e = r.next()) != null) out.add(e);
        }
        return out;
    }

    private static final String[] LINES = {"data: {\"a\":1}", "data:x", "data", "data: ", "event: message_start", "event:ping",
            ": keep-alive", "id: 7", "retry: 100", "data: héllo wörld — ✓ 😀", "data:  two spaces", "datum: no", "", "", "data: [DONE]",
            "event", ":"};
    private static final String[] ENDINGS = {"\n", "\r\n", "\r"};

    @Property(tries = 500)
    void agreesWithTheCharReaderOnAnyStreamSplitAnywhere(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int seed) throws IOException {
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder();
        int lines = rnd.nextInt(40);
        for (int i = 0; i < lines; i++) sb.append(LINES[rnd.nextInt(LINES.length)]).append(ENDINGS[rnd.nextInt(ENDINGS.length)]);
        if (rnd.nextBoolean()) sb.append(LINES[rnd.nextInt(LINES.length)]); // sometimes a last line with no end
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(read(body, rnd)).isEqualTo(reference(body));
    }

    @Test
    void readsTheEventsOfARealOpenAiAndAnthropicStream() throws IOException {
        String s = "event: content_block_delta\r\ndata: {\"delta\":{\"text\":\"ok\"}}\r\n\r\n"
                + ": comment\n\ndata: {\"choices\":[]}\n\ndata: line one\ndata: line two\n\ndata: [DONE]\n\n";
        assertThat(read(s.getBytes(StandardCharsets.UTF_8), new Random(1))).containsExactly(
                new SseEvent("content_block_delta", "{\"delta\":{\"text\":\"ok\"}}"),
                new SseEvent(null, "{\"choices\":[]}"),
                new SseEvent(null, "line one\nline two"),
                new SseEvent(null, "[DONE]"));
    }
}
