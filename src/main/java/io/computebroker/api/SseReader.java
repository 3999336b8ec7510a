package io.computebroker.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events from an upstream body as they arrive (no buffering beyond one event),
 * per the WHATWG event-stream rules: {@code event:}/{@code data:} fields, comment lines starting with
 * ':' ignored, an event dispatched at each blank line.
 */
public final class SseReader implements AutoCloseable {
    private final BufferedReader in;

    public SseReader(InputStream body) {
        this.in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 8192);
    }

    /** The next event, or null at end of stream. */
    public SseEvent next() throws IOException {
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) return new SseEvent(event, data.toString());
                event = null;
                continue;
            }
            if (line.charAt(0) == ':') continue;
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            switch (field) {
                case "event" -> event = value;
                case "data" -> {
                    if (data == null) data = new StringBuilder(value);
                    else data.append('\n').append(value);
                }
                default -> { /* id:, retry: and unknown fields carry nothing we need */ }
            }
        }
        return data != null ? new SseEvent(event, data.toString()) : null;
    }

    @Override
    public void close() throws IOException { in.close(); }
}
