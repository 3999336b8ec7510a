package io.computebroker.classify.task;

/**
 * Turns a prompt into hashed features in one pass over its chars, without creating substrings.
 *
 * <p>Only a window is read: the first {@code headChars} and the last {@code tailChars}. Instructions sit
 * at the start ("Summarize this article: …") or the end ("… Translate the above into French."), and
 * the middle of a long prompt is payload whose words say little about the task; the window also bounds
 * the cost, so a 100 KB prompt costs what a 2 KB one does.
 *
 * <p>Tokens are runs of letters/digits, lower-cased, every digit folded to {@code 0} (so "3x + 5 = 20"
 * and "7x + 2 = 11" share features), plus each symbol as a token of its own (runs of one symbol, like
 * "=====", count once). Features come in three groups, each hashed into its own namespaces (see
 * {@link PromptScan}); the classifier scales the first two down by their size:
 * <ul>
 *   <li>text: unigrams, consecutive-token bigrams, the first token of every line (code and lists are
 *       recognisable by how their lines start), and 5-char prefixes of long words;
 *   <li>instruction zone: the first 12 words of the prompt and of its last line, so an instruction stays
 *       audible next to a long pasted document;
 *   <li>structural: the first content word of the prompt (skipping "please", "can you" …) and its first
 *       two words, the first content word of its last line ("… \n\nSummarize the above."), instruction
 *       cues (see {@link Cue}) split by whether they lead their line, buckets of length, line count, digit
 *       share, math and code symbol counts, a code fence, a question mark (anywhere / at the end), quotes,
 *       and "instruction then payload" (a colon or newline early in a long prompt).
 * </ul>
 *
 * <p>The configuration is stored in the model file: a model is only ever applied with the extractor it
 * was trained with. Bump {@link #VERSION} when the features change.
 */
final class FeatureExtractor {
    static final int VERSION = 1;

    private final int mask;
    private final int headChars;
    private final int tailChars;

    FeatureExtractor(int bits, int headChars, int tailChars) {
        if (bits < 10 || bits > 24) throw new IllegalArgumentException("hash bits must be in [10, 24]: " + bits);
        if (headChars < 64 || tailChars < 0) throw new IllegalArgumentException("window must be head >= 64, tail >= 0");
        this.mask = (1 << bits) - 1;
        this.headChars = headChars;
        this.tailChars = tailChars;
    }

    int bits() { return Integer.bitCount(mask); }

    int headChars() { return headChars; }

    int tailChars() { return tailChars; }

    int buckets() { return mask + 1; }

    TextStats extract(String text, FeatureSink sink) {
        int len = text.length();
        PromptScan scan = new PromptScan(sink, mask);
        int headEnd = Math.min(len, headChars);
        scan.segment(text, 0, headEnd);
        int tailStart = Math.max(headEnd, len - tailChars);
        if (tailStart < len) {
            // Start the tail on a token boundary so a cut word does not become a junk token.
            while (tailStart < len && tailStart > headEnd && Character.isLetterOrDigit(text.charAt(tailStart - 1))
                    && Character.isLetterOrDigit(text.charAt(tailStart))) tailStart++;
            scan.breakChain();
            scan.segment(text, tailStart, len);
        }
        int read = headEnd + (len - tailStart);
        return scan.finish(len, read);
    }
}
