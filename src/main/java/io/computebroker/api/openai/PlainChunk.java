package io.computebroker.api.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.computebroker.core.Json;

import java.io.IOException;

/**
 * The chunk nearly every event of a stream is: ids, choice 0 with at most a text delta and a
 * finish_reason, and fields no decoder reads. Read with Jackson's streaming parser, without building a tree (a tree per
 * event was most of the relay's allocation: ObjectNodes, their LinkedHashMaps, TextNodes and a
 * deserialisation context). Anything the tree decoder would act on besides text (tool calls, reasoning,
 * refusals, usage, errors, other choices) is left to it, which reads the chunk again, so the fast path
 * can only ever agree with it ({@code OpenAiStreamDecoderTest} checks that on random chunks).
 *
 * @param id      the chunk's id, or null
 * @param model   the chunk's model, or null
 * @param content choice 0's text delta, or null
 * @param finish  choice 0's finish_reason, or null
 */
record PlainChunk(String id, String model, String content, String finish) {
    /** The chunk, or null when it is not plain (or not JSON: the tree decoder reports that). */
    static PlainChunk parse(String data) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            String id = null, model = null;
            Choice choice = null;
            boolean choices = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "id" -> id = text(p, v);
                    case "model" -> model = text(p, v);
                    case "object" -> {
                        if ("error".equals(text(p, v))) return null;
                    }
                    case "error" -> {
                        return null;
                    }
                    case "usage" -> {
                        if (v != JsonToken.VALUE_NULL) return null;
                    }
                    case "choices" -> {
                        if (choices || v != JsonToken.START_ARRAY) return null;
                        choices = true;
                        while ((v = p.nextToken()) == JsonToken.START_OBJECT) {
                            if (choice != null) return null; // more than one choice: the tree decoder sorts them
                            choice = choice(p);
                            if (choice == null) return null;
                        }
                        if (v != JsonToken.END_ARRAY) return null;
                    }
                    default -> p.skipChildren(); // ignored by the tree decoder as well (created, obfuscation, ...)
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) return null;
            return choice == null ? new PlainChunk(id, model, null, null) : new PlainChunk(id, model, choice.content, choice.finish);
        } catch (IOException e) {
            return null;
        }
    }

    private record Choice(String content, String finish) {}

    /** One element of choices, the parser on its START_OBJECT; null when it is not plain or not choice 0. */
    private static Choice choice(JsonParser p) throws IOException {
        String content = null, finish = null;
        boolean zero = true;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "index" -> {
                    if (v != JsonToken.VALUE_NUMBER_INT) return null;
                    zero = p.getLongValue() == 0;
                }
                case "delta" -> {
                    if (v != JsonToken.START_OBJECT) return null;
                    content = null; // a repeated delta replaces the earlier one, as in a tree
                    while ((v = p.nextToken()) == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken dv = p.nextToken();
                        switch (f) {
                            case "content" -> {
                                if (!stringOrNull(dv)) return null;
                                content = dv == JsonToken.VALUE_STRING ? p.getText() : null;
                            }
                            // What the tree decoder turns into events, unless null: left to it.
                            case "refusal", "reasoning_content", "reasoning", "tool_calls", "function_call" -> {
                                if (dv != JsonToken.VALUE_NULL) return null;
                            }
                            default -> p.skipChildren(); // role, and fields no decoder reads
                        }
                    }
                    if (v != JsonToken.END_OBJECT) return null;
                }
                case "finish_reason" -> {
                    if (!stringOrNull(v)) return null;
                    finish = v == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                default -> p.skipChildren(); // logprobs and the like: the tree decoder ignores them too
            }
        }
        if (t != JsonToken.END_OBJECT || !zero) return null;
        return new Choice(content, finish);
    }

    /** A string value's text; null for any other value (skipped), as {@code JsonNode.textValue()} gives. */
    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) return p.getText();
        p.skipChildren();
        return null;
    }

    private static boolean stringOrNull(JsonToken t) {
        return t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL;
    }
}
