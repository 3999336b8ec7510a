package io.computebroker.eval.router;

import java.util.Arrays;

/**
 * Hashed sparse features of a prompt for {@link LearnedRouter}: word unigrams and bigrams from a head and
 * a tail window, a one-hot of the task tag, and log(length). Tokens are hashed char by char (FNV-1a,
 * finished with MurmurHash3's fmix64), so no substring is created and a decision stays well under a
 * millisecond for any prompt size.
 *
 * <p>Why head and tail: few-shot prompts put examples first and the question last, chat prompts the
 * instruction first; the middle of a long prompt is mostly payload. Why normalise the n-gram group to
 * unit L2 norm: otherwise long prompts dominate the logit through sheer token count.
 */
final class PromptFeatures {
    static final int HEAD_CHARS = 1500;
    static final int TAIL_CHARS = 1000;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long NS_UNI = 0x1L, NS_BI = 0x2L, NS_TASK = 0x3L;
    /** Bucket 0 is reserved for log(length); hashed features never land there. */
    static final int LENGTH_BUCKET = 0;

    private PromptFeatures() {}

    /** A sparse vector: parallel index/value arrays, {@code size} entries used. */
    record Vec(int[] index, float[] value, int size) {}

    static Vec of(String prompt, String task, int bits) {
        int mask = (1 << bits) - 1;
        Builder b = new Builder(mask);
        int len = prompt.length();
        int headEnd = Math.min(len, HEAD_CHARS);
        b.scan(prompt, 0, headEnd);
        int tailStart = Math.max(headEnd, len - TAIL_CHARS);
        if (tailStart < len) {
            b.prev = 0;   // no bigram across the gap
            b.scan(prompt, tailStart, len);
        }
        b.normaliseText();
        if (task != null && !task.isBlank()) b.add(bucket(hash(task.toLowerCase()), NS_TASK, mask), 1f);
        // Scaled so a 100-char prompt gives ~0.5 and 100k chars ~1.2: same order as the other features.
        b.add(LENGTH_BUCKET, (float) (Math.log1p(len) / 10));
        return new Vec(b.idx, b.val, b.n);
    }

    static long hash(String s) {
        long h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) h = (h ^ s.charAt(i)) * FNV_PRIME;
        return h;
    }

    static int bucket(long key, long ns, int mask) {
        long k = key ^ (ns * 0x9E3779B97F4A7C15L);
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        int b = (int) k & mask;
        return b == LENGTH_BUCKET ? 1 : b;
    }

    private static final class Builder {
        final int mask;
        int[] idx = new int[64];
        float[] val = new float[64];
        int n;
        long prev;   // hash of the previous token, 0 = none
        int textCount;

        Builder(int mask) { this.mask = mask; }

        void scan(String s, int from, int to) {
            long h = FNV_OFFSET;
            boolean inToken = false;
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (Character.isLetterOrDigit(c)) {
                    c = Character.isDigit(c) ? '0' : Character.toLowerCase(c);  // numbers differ, shapes matter
                    h = (h ^ c) * FNV_PRIME;
                    inToken = true;
                } else {
                    if (inToken) token(h);
                    h = FNV_OFFSET;
                    inToken = false;
                }
            }
            if (inToken) token(h);
        }

        void token(long h) {
            add(bucket(h, NS_UNI, mask), 1f);
            if (prev != 0) add(bucket(prev * 0x9E3779B97F4A7C15L + h, NS_BI, mask), 1f);
            prev = h;
            textCount = n;
        }

        void normaliseText() {
            // Repeated buckets are kept as separate entries; the norm is over the entries, which is what
            // the dot product sees, so duplicates count as their multiplicity.
            if (textCount == 0) return;
            float inv = (float) (1 / Math.sqrt(textCount));
            for (int i = 0; i < textCount; i++) val[i] *= inv;
        }

        void add(int bucket, float v) {
            if (n == idx.length) {
                idx = Arrays.copyOf(idx, n * 2);
                val = Arrays.copyOf(val, n * 2);
            }
            idx[n] = bucket;
            val[n++] = v;
        }
    }
}
