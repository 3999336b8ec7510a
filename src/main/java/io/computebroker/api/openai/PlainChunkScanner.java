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
    /** Field names in bit order: {@code CHUNK_FIELDS[k]} is the field whose bit is {@code 1 << k}. */
    private static final String[] CHUNK_FIELDS = {"id", "model", "object", "created", "system_fingerprint", "service_tier",
            "obfuscation", "usage", "choices"};

    private boolean chunk() {
        if (!next('{')) return false;
        int seen = 0;
        if (!peek('}')) {
            do {
                int field = name(CHUNK_FIELDS);
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
                    case OBJECT -> stringOrNull(false) && rawPlain && !rawIs("error"); // an escaped value: the tree decoder
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
    /** stop_reason is vLLM's, read by no decoder. */
    private static final String[] CHOICE_FIELDS = {"index", "delta", "logprobs", "finish_reason", "stop_reason"};

    private boolean choice() {
        if (!next('{')) return false;
        int seen = 0;
        if (!peek('}')) {
            do {
                int field = name(CHOICE_FIELDS);
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
    private static final String[] DELTA_FIELDS = {"role", "content", "refusal", "reasoning_content", "reasoning", "tool_calls",
            "function_call"};

    private boolean delta() {
        if (!next('{')) return false;
        int seen = 0;
        if (!peek('}')) {
            do {
                int field = name(DELTA_FIELDS);
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

    /**
     * The next field's name and its colon, as the bit of its place in {@code names}; 0 when it is none of them
     * or not a plain (escape-free) name. Compared where it stands: a name per field was a String per field
     * per relayed chunk (JFR allocation samples at 1,000 streams).
     */
    private int name(String[] names) {
        skipWhitespace();
        if (i >= s.length() || s.charAt(i) != '"') return 0;
        int start = ++i;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                int length = i++ - start;
                if (!next(':')) return 0;
                for (int k = 0; k < names.length; k++) {
                    if (names[k].length() == length && s.regionMatches(start, names[k], 0, length)) return 1 << k;
                }
                return 0;
            }
            if (c == '\\' || c < 0x20) return 0;
            i++;
        }
        return 0;
    }

    /** The last string read; null for a JSON null. */
    private String value;

    /** Where the last string's characters stand (start -1 for a null), and whether they hold no escape. */
    private int rawStart, rawEnd;
    private boolean rawPlain;

    /** Whether the last string read, which held no escape, is {@code word}. */
    private boolean rawIs(String word) {
        return rawStart >= 0 && rawEnd - rawStart == word.length() && s.regionMatches(rawStart, word, 0, word.length());
    }

    /** A string or null into {@link #value}; with {@code keep} false the string is checked but not built. */
    private boolean stringOrNull(boolean keep) {
        skipWhitespace();
        value = null;
        rawStart = -1;
        rawPlain = true;
        if (literalAt("null")) return true;
        if (i >= s.length() || s.charAt(i) != '"') return false;
        int start = ++i;
        StringBuilder sb = null;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                if (keep) value = sb == null ? s.substring(start, i) : sb.toString();
                rawStart = start;
                rawEnd = i;
                rawPlain = sb == null;
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
