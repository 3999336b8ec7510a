package io.computebroker.api;

/** One server-sent event: optional {@code event:} name and its (possibly multi-line) {@code data:}. */
public record SseEvent(String event, String data) {

    /** Renders the event exactly as it goes on the wire, terminated by a blank line. */
    public String render() {
        StringBuilder sb = new StringBuilder(data.length() + 32);
        if (event != null) sb.append("event: ").append(event).append('\n');
        int start = 0;
        while (true) {
            int nl = data.indexOf('\n', start);
            if (nl < 0) { sb.append("data: ").append(data, start, data.length()).append('\n'); break; }
            sb.append("data: ").append(data, start, nl).append('\n');
            start = nl + 1;
        }
        return sb.append('\n').toString();
    }
}
