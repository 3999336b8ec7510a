package io.computebroker.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.ResponseFormat;
import io.computebroker.core.Tool;
import io.computebroker.util.TextMemo;

import java.util.List;

/**
 * Local token estimates with OpenAI's o200k_base encoding (GPT-4o and later). Other providers tokenize
 * differently, so for them this is an estimate of the right order, good enough for routing by context
 * size and for pre-flight cost; billing always uses the usage the upstream reports.
 *
 * <p>Thread-safe: jtokkit encodings are immutable, so one shared instance serves every request.
 */
public final class TokenCounter {

    // Chat framing, after OpenAI's cookbook "How to count tokens with tiktoken" (gpt-4o rows): each
    // message is wrapped as <|start|>{role}<|message|>{content}<|end|>, i.e. 3 framing tokens plus the
    // role name (1 token for "user"/"assistant"/"system"), and the reply is primed with 3 more tokens.
    static final int TOKENS_PER_MESSAGE = 3;
    static final int TOKENS_PER_ROLE = 1;
    static final int REPLY_PRIMING = 3;
    static final int MESSAGE_OVERHEAD = TOKENS_PER_MESSAGE + TOKENS_PER_ROLE;

    // Same cookbook, num_tokens_for_tools: per-function and closing overhead of the rendered tool block.
    // We count the raw JSON schema instead of OpenAI's terser rendering, so tools lean slightly high.
    static final int TOKENS_PER_TOOL = 7;
    static final int TOOLS_FRAME = 12;

    // Images are billed by tile, which needs the pixel size we do not decode. 765 is OpenAI's figure for
    // a 1024x1024 image at high detail (85 base + 4 tiles x 170); "low" detail is a flat 85.
    static final int IMAGE_TOKENS = 765;
    static final int LOW_DETAIL_IMAGE_TOKENS = 85;

    private static final class Encoding200k {
        // Lazy registry: only o200k_base is loaded, not every encoding jtokkit knows. Loading parses
        // ~200k ranks (a few hundred ms), so it lives in its own holder: shared() returns at once and
        // the first count waits for the load (class initialisation makes that wait thread-safe).
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        static final PieceCounter PIECES = new PieceCounter(O200K);
    }

    private static final TokenCounter SHARED = new TokenCounter();

    private TokenCounter() {}

    /** The process-wide counter. Returns at once; the encoding loads on first use or on {@link #preload}. */
    public static TokenCounter shared() {
        return SHARED;
    }

    /** Loads the encoding on a daemon thread, so start-up does other work meanwhile. */
    public static void preload() {
        Thread.ofPlatform().daemon().name("tokenizer-preload").start(() -> Encoding200k.O200K.getName());
    }

    /**
     * Tokens of {@code text} in o200k_base. Special-token text such as {@code <|endoftext|>} is counted as
     * ordinary text: callers can put anything in a prompt, and the upstream treats it as plain text too.
     */
    public int count(String text) {
        if (text == null || text.isEmpty()) return 0;
        return Encoding200k.PIECES.count(text); // equals O200K.countTokensOrdinary(text), with merges remembered
    }

    /**
     * Estimated prompt tokens of a canonical request: system text, every message block, tool definitions
     * and the structured-output schema, plus chat framing. Pieces are counted separately rather than
     * joined, so no prompt-sized strings are built; a merge across a piece boundary can shift the count by
     * a token, which is within the estimate's slack.
     */
    public int countPrompt(ChatRequest req) {
        return prompt(req, this::count);
    }

    /**
     * {@link #countPrompt} for the hot path: texts longer than {@link #SAMPLE_CHARS} are counted on their
     * head and tail and scaled by length. Tokenising is linear in the text (~30 µs per KB here), which
     * a 4,000-token prompt would spend mostly on this; the sample keeps routing figures within a few
     * percent for ordinary text at a bounded cost. Billing never uses it: usage comes from the provider
     * or from {@link #count}.
     */
    public int estimatePrompt(ChatRequest req) {
        return prompt(req, this::estimate);
    }

    static final int SAMPLE_CHARS = 1024;

    /**
     * Conversations and agents resend the same system prompt, tool schemas and history on every turn, so
     * a turn would re-tokenise everything before it. Estimates of texts of at least {@link #MEMO_MIN_CHARS}
     * are remembered (at most 8 M characters held). Short texts are cheaper to count than to look up.
     */
    static final int MEMO_MIN_CHARS = 256;
    private final TextMemo<Integer> memo = new TextMemo<>(MEMO_MIN_CHARS, 8L << 20, null, this::sampled);

    /** Exact for short texts; head + tail sample scaled by length for long ones. */
    public int estimate(String text) {
        return text == null ? 0 : memo.get(text); // texts up to SAMPLE_CHARS are counted whole
    }

    private int sampled(String text) {
        if (text.length() <= SAMPLE_CHARS) return count(text);
        int half = SAMPLE_CHARS / 2;
        int headEnd = cut(text, half);
        int tailStart = cut(text, text.length() - half);
        int sampled = count(text.substring(0, headEnd)) + count(text.substring(tailStart));
        int sampleChars = headEnd + (text.length() - tailStart);
        return (int) Math.round((double) sampled * text.length() / Math.max(1, sampleChars));
    }

    /** Moves {@code at} forward to a whitespace boundary (at most 64 chars) so no word is split. */
    private static int cut(String text, int at) {
        for (int i = at, end = Math.min(text.length(), at + 64); i < end; i++) {
            if (Character.isWhitespace(text.charAt(i))) return i;
        }
        return at;
    }

    private int prompt(ChatRequest req, java.util.function.ToIntFunction<String> count) {
        int total = REPLY_PRIMING;
        if (!req.system().isEmpty()) {
            total += MESSAGE_OVERHEAD + countBlocks(req.system(), count);
        }
        for (Message m : req.messages()) {
            total += countMessage(m, count);
        }
        total += countTools(req.tools(), count);
        ResponseFormat rf = req.responseFormat();
        if (rf != null && rf.kind() == ResponseFormat.Kind.JSON_SCHEMA && rf.schema() != null) {
            total += count.applyAsInt(rf.name()) + count.applyAsInt(Json.write(rf.schema()));
        }
        return total;
    }

    private int countMessage(Message m, java.util.function.ToIntFunction<String> count) {
        // On the OpenAI wire each tool result is its own "tool" message, so it carries its own framing;
        // the user message itself is only sent if it has something besides tool results.
        int total = 0;
        boolean hasOwnContent = false;
        for (Content c : m.content()) {
            if (c instanceof Content.ToolResult r) {
                total += MESSAGE_OVERHEAD + countBlocks(r.content(), count);
            } else {
                hasOwnContent = true;
                total += countBlock(c, count);
            }
        }
        return hasOwnContent || m.content().isEmpty() ? total + MESSAGE_OVERHEAD : total;
    }

    private int countBlocks(List<Content> blocks, java.util.function.ToIntFunction<String> count) {
        int total = 0;
        for (Content c : blocks) total += countBlock(c, count);
        return total;
    }

    private int countBlock(Content c, java.util.function.ToIntFunction<String> count) {
        return switch (c) {
            case Content.Text t -> count.applyAsInt(t.text());
            case Content.Image i -> "low".equals(i.detail()) ? LOW_DETAIL_IMAGE_TOKENS : IMAGE_TOKENS;
            case Content.ToolUse u -> count.applyAsInt(u.name()) + count.applyAsInt(u.argumentsJson());
            case Content.ToolResult r -> countBlocks(r.content(), count);
            // Providers drop reasoning from earlier turns before it reaches the model (Anthropic strips
            // prior thinking blocks; OpenAI chat has none), so counting replayed thinking would overstate.
            case Content.Thinking th -> 0;
        };
    }

    private int countTools(List<Tool> tools, java.util.function.ToIntFunction<String> count) {
        if (tools.isEmpty()) return 0;
        int total = TOOLS_FRAME;
        for (Tool t : tools) {
            total += TOKENS_PER_TOOL + count.applyAsInt(t.name()) + count.applyAsInt(t.description());
            if (t.inputSchema() != null) total += count.applyAsInt(Json.write(t.inputSchema()));
        }
        return total;
    }
}
