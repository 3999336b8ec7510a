package io.computebroker.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A rendered event with one JSON string value left open: rendering it for a text is two appends around the
 * escaped text, the same bytes as building and serialising the event's tree for that text (the stream
 * encoders' property tests check this), without a tree per chunk.
 */
public record TextTemplate(String head, String tail, byte[] headBytes, byte[] tailBytes) {
    /** A marker no escaping changes; found as the last quoted occurrence, so ids or models holding it do not matter. */
    public static final String MARK = "__broker_text__";

    /** The template of {@code render}, called once with {@link #MARK} as the text. */
    public static TextTemplate of(Function<String, String> render) {
        String template = render.apply(MARK);
        int at = template.lastIndexOf('"' + MARK + '"');
        String head = template.substring(0, at + 1);
        String tail = template.substring(at + 1 + MARK.length());
        return new TextTemplate(head, tail, head.getBytes(StandardCharsets.UTF_8), tail.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends the event for {@code text}. */
    public void appendTo(StringBuilder out, String text) {
        out.append(head);
        JsonStringEncoder.getInstance().quoteAsString(text, out);
        out.append(tail);
    }

    /**
     * Appends the event's UTF-8 bytes for {@code text} when the text needs no escaping (printable ASCII
     * without quote or backslash, most model output); returns false, having appended nothing, otherwise.
     */
    public boolean appendPlain(EventBuffer out, String text) {
        int mark = out.size();
        out.append(headBytes);
        if (!out.appendPlainAscii(text)) {
            out.truncate(mark);
            return false;
        }
        out.append(tailBytes);
        return true;
    }
}
