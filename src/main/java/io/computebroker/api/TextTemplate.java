package io.computebroker.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.function.Function;

/**
 * A rendered event with one JSON string value left open: rendering it for a text is two appends around the
 * escaped text, the same bytes as building and serialising the event's tree for that text (the stream
 * encoders' property tests check this), without a tree per chunk.
 */
public record TextTemplate(String head, String tail) {
    /** A marker no escaping changes; found as the last quoted occurrence, so ids or models holding it do not matter. */
    public static final String MARK = "__broker_text__";

    /** The template of {@code render}, called once with {@link #MARK} as the text. */
    public static TextTemplate of(Function<String, String> render) {
        String template = render.apply(MARK);
        int at = template.lastIndexOf('"' + MARK + '"');
        return new TextTemplate(template.substring(0, at + 1), template.substring(at + 1 + MARK.length()));
    }

    /** Appends the event for {@code text}. */
    public void appendTo(StringBuilder out, String text) {
        out.append(head);
        JsonStringEncoder.getInstance().quoteAsString(text, out);
        out.append(tail);
    }
}
