package io.computebroker.api.openai;

/**
 * The common shape of a plain text chunk, read straight off its characters: no parser, contexts, symbol
 * table or recycled buffers per chunk, which made {@link PlainChunk#parse} a third of what the relay
 * allocated at 1,000 streams (JFR). It accepts only what it knows: the fields OpenAI, vLLM, SGLang and
 * llama.cpp send with a text delta, each at most once, with the value types they use. Anything else
 * (another field, a repeat, an escaped name, a float, damaged JSON) is a {@code null}, and the caller falls
 * back to {@link PlainChunk#parse}, so on what it accepts it gives exactly that method's answer
 * ({@code PlainChunkTest} checks it on random chunks).
 */
final class PlainChunkScanner {
    private final String s;
    private int i;
    /** Whether to keep id and model: only the first chunk's are used. */
    private final boolean ids;
    private String id, model, content, finish;

    private PlainChunkScanner(String s, boolean ids) {
        this.s = s;
        this.ids = ids;
    }

    /**
     * The chunk, or null when it is not in the shape this reads (then ask {@link PlainChunk#parse}).
     *
     * @param ids false to leave id and model null (the decoder has its ids from the first chunk)
     */
    static PlainChunk scan(String data, boolean ids) {
        PlainChunkScanner sc = new PlainChunkScanner(data, ids);
        return sc.chunk() ? new PlainChunk(sc.id, sc.model, sc.content, sc.finish) : null;
    }

    private static final int ID = 1, MODEL = 2, OBJECT = 4, CREATED = 8, FINGERPRINT = 16, TIER = 32, OBFUSCATION = 64,
            USAGE = 128, CHOICES = 256;

    private boolean chunk() {
        if (!next('{')) return false;
        int seen = 0;
        if (!peek('}')) {
            do {
                int field = switch (name()) {
                    case "id" -> ID;
                    case "model" -> MODEL;
                    case "object" -> OBJECT;
                    case "created" -> CREATED;
                    case "system_fingerprint" -> FINGERPRINT;
                    case "service_tier" -> TIER;
                    case "obfuscation" -> OBFUSCATION;
                    case "usage" -> USAGE;
                    case "choices" -> CHOICES;
                    case null, default -> 0;
                };
                if (field == 0 || (seen & field) != 0) return false; // unknown or repeated: not this reader's shape
                seen |= field;
                boolean ok = switch (field) {
                    case ID -> {
                        boolean read = stringOrNull(ids);
                        id = value;
                        yield read;
                    }
                    case MODEL -> {
                        boolean read = stringOrNull(ids);
                        model = value;
                        yield read;
                    }
                    case OBJECT -> stringOrNull(true) && !"error".equals(value);
                    case CREATED -> integer();
                    case USAGE -> literalNull();
                    case CHOICES -> choices();
                    default -> stringOrNull(false); // fingerprint, tier, obfuscation: read by no decoder
                };
                if (!ok) return false;
            } while (next(','));
        }
        if (!next('}')) return false;
        skipWhitespace();
        return i == s.length();
    }

    private boolean choices() {
        if (!next('[')) return false;
        if (next(']')) return true;
        if (!choice()) return false;
        return next(']'); // a second choice goes to the tree decoder
    }

    private static final int INDEX = 1, DELTA = 2, LOGPROBS = 4, FINISH = 8, STOP = 16;

    private boolean choice() {
        if (!next('{')) return false;
        int seen = 0;
        if (!peek('}')) {
            do {
                int field = switch (name()) {
                    case "index" -> INDEX;
                    case "delta" -> DELTA;
                    case "logprobs" -> LOGPROBS;
                    case "finish_reason" -> FINISH;
                    case "stop_reason" -> STOP; // vLLM's, read by no decoder
                    case null, default -> 0;
                };
                if (field == 0 || (seen & field) != 0) return false;
                seen |= field;
                boolean ok = switch (field) {
                    case INDEX -> zero(); // choice 0 only; PlainChunk.parse takes a choice without an index as 0, so does this
                    case DELTA -> delta();
                    case LOGPROBS -> literalNull();
                    case FINISH -> {
                        boolean read = stringOrNull(true);
                        finish = value;
                        yield read;
                    }
                    default -> stringOrNull(false);
                };
                if (!ok) return false;
            } while (next(','));
        }
        return next('}');
    }

    private static final int ROLE = 1, CONTENT = 2, REFUSAL = 4, REASONING_CONTENT = 8, REASONING = 16, TOOL_CALLS = 32,
            FUNCTION_CALL = 64;

    private boolean delta() {
        if (!next('{')) return false;
        int seen = 0;
        if (!peek('}')) {
            do {
                int field = switch (name()) {
                    case "role" -> ROLE;
                    case "content" -> CONTENT;
                    case "refusal" -> REFUSAL;
                    case "reasoning_content" -> REASONING_CONTENT;
                    case "reasoning" -> REASONING;
                    case "tool_calls" -> TOOL_CALLS;
                    case "function_call" -> FUNCTION_CALL;
                    case null, default -> 0;
                };
                if (field == 0 || (seen & field) != 0) return false;
                seen |= field;
                boolean ok = switch (field) {
                    case ROLE -> stringOrNull(false);
                    case CONTENT -> {
                        boolean read = stringOrNull(true);
                        content = value;
                        yield read;
                    }
                    default -> literalNull(); // what the tree decoder turns into events unless null: left to it
                };
                if (!ok) return false;
            } while (next(','));
        }
        return next('}');
    }

    /** The number 0, spelt "0". */
    private boolean zero() {
        skipWhitespace();
        if (!s.startsWith("0", i)) return false;
        i++;
        return i >= s.length() || !(Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E');
    }

    /** The next field's name and its colon; null when it is not a plain (escape-free) name. */
    private String name() {
        skipWhitespace();
        if (i >= s.length() || s.charAt(i) != '"') return null;
        int start = ++i;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                String name = s.substring(start, i++);
                return next(':') ? name : null;
            }
            if (c == '\\' || c < 0x20) return null;
            i++;
        }
        return null;
    }

    /** The last string read; null for a JSON null. */
    private String value;

    /** A string or null into {@link #value}; with {@code keep} false the string is checked but not built. */
    private boolean stringOrNull(boolean keep) {
        skipWhitespace();
        value = null;
        if (literalAt("null")) return true;
        if (i >= s.length() || s.charAt(i) != '"') return false;
        int start = ++i;
        StringBuilder sb = null;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                if (keep) value = sb == null ? s.substring(start, i) : sb.toString();
                i++;
                return true;
            }
            if (c < 0x20) return false; // JSON forbids raw control characters in strings
            if (c != '\\') {
                if (sb != null) sb.append(c);
                i++;
                continue;
            }
            if (sb == null) sb = new StringBuilder(s.length()).append(s, start, i);
            if (++i >= s.length()) return false;
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) return false;
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(i++), 16);
                        if (d < 0) return false;
                        code = code << 4 | d;
                    }
                    sb.append((char) code);
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    /** An integer as JSON writes one: optional minus, no leading zeros, no fraction or exponent. */
    private boolean integer() {
        skipWhitespace();
        if (i < s.length() && s.charAt(i) == '-') i++;
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        if (i == start || (s.charAt(start) == '0' && i - start > 1)) return false;
        return i >= s.length() || (s.charAt(i) != '.' && s.charAt(i) != 'e' && s.charAt(i) != 'E');
    }

    private boolean literalNull() {
        skipWhitespace();
        return literalAt("null");
    }

    private boolean literalAt(String word) {
        if (!s.startsWith(word, i)) return false;
        int end = i + word.length();
        if (end < s.length() && Character.isLetterOrDigit(s.charAt(end))) return false;
        i = end;
        return true;
    }

    /** Consumes {@code c} after optional whitespace. */
    private boolean next(char c) {
        skipWhitespace();
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private boolean peek(char c) {
        skipWhitespace();
        return i < s.length() && s.charAt(i) == c;
    }

    private void skipWhitespace() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            i++;
        }
    }
}
