package io.computebroker.classify.task;

/**
 * The hash functions behind feature hashing. Tokens are hashed incrementally, one char at a time with
 * FNV-1a (so no substring is ever created), and every feature key is finished with MurmurHash3's 64-bit
 * finaliser, whose avalanche makes the low bits usable as a bucket index. Changing anything here
 * changes every bucket: bump {@link FeatureExtractor#VERSION} and retrain.
 */
final class Hashing {
    static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {}

    /** One FNV-1a step. */
    static long step(long h, char c) { return (h ^ c) * FNV_PRIME; }

    /** The FNV-1a hash of a whole string, equal to stepping through its chars from {@link #FNV_OFFSET}. */
    static long of(CharSequence s) {
        long h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) h = step(h, s.charAt(i));
        return h;
    }

    /** Order-sensitive pair key (so "not good" differs from "good not"). */
    static long pair(long first, long second) { return first * 0x9E3779B97F4A7C15L + second; }

    /** MurmurHash3 fmix64. */
    static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /** The bucket of {@code key} in feature namespace {@code ns}; namespaces keep "start:x" apart from "x". */
    static int bucket(long key, long ns, int mask) { return (int) mix(key ^ ns) & mask; }
}
