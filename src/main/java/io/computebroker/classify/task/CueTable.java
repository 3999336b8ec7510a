package io.computebroker.classify.task;

/**
 * An open-addressing map from token (or token-pair) hash to {@link Cue}, built once from
 * {@link Cue#WORDS} and {@link Cue#PAIRS}. A {@code HashMap<Long, Cue>} would box a {@code Long} on every
 * lookup of every token; this does not allocate.
 */
final class CueTable {
    private static final int SLOTS = 1024;   // > 2x the entries, so probes stay short
    private static final long[] KEYS = new long[SLOTS];
    private static final byte[] CUES = new byte[SLOTS];

    static {
        for (String[] group : Cue.WORDS) {
            Cue cue = Cue.valueOf(group[0]);
            for (int i = 1; i < group.length; i++) put(Hashing.of(group[i]), cue);
        }
        for (String[] group : Cue.PAIRS) {
            Cue cue = Cue.valueOf(group[0]);
            for (int i = 1; i < group.length; i++) {
                String[] w = group[i].split(" ");
                put(Hashing.pair(Hashing.of(w[0]), Hashing.of(w[1])), cue);
            }
        }
    }

    private CueTable() {}

    private static void put(long key, Cue cue) {
        int i = slot(key);
        while (CUES[i] != 0) {
            if (KEYS[i] == key) throw new IllegalStateException("cue listed twice (or hash clash) for " + cue);
            i = (i + 1) & (SLOTS - 1);
        }
        KEYS[i] = key;
        CUES[i] = (byte) cue.ordinal();
    }

    static Cue lookup(long key) {
        for (int i = slot(key); CUES[i] != 0; i = (i + 1) & (SLOTS - 1)) {
            if (KEYS[i] == key) return Cue.of(CUES[i]);
        }
        return Cue.NONE;
    }

    private static int slot(long key) { return (int) Hashing.mix(key) & (SLOTS - 1); }

    /** Entries in use, for tests. */
    static int size() {
        int n = 0;
        for (byte b : CUES) if (b != 0) n++;
        return n;
    }
}
