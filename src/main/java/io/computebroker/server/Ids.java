package io.computebroker.server;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Opaque ids for requests and responses (not secrets: ThreadLocalRandom is enough). The first 8 of the
 * 24 characters are the time in milliseconds, base 62 in ASCII order, so ids sort by creation time: the
 * request id is the ledger's primary key, and random keys sent every insert to a random page of that
 * index (a read and a 4 KB page write per row once the index outgrew SQLite's page cache). The other 16
 * are random (95 bits), which keeps ids of the same millisecond unique.
 */
final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    static final int TIME_CHARS = 8; // 62^8 ms ≈ 6,900 years

    private Ids() {}

    static String next(String prefix) {
        return next(prefix, System.currentTimeMillis());
    }

    static String next(String prefix, long epochMillis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[24];
        long t = epochMillis;
        for (int i = TIME_CHARS - 1; i >= 0; i--) {
            c[i] = ALPHABET[(int) (t % ALPHABET.length)];
            t /= ALPHABET.length;
        }
        for (int i = TIME_CHARS; i < c.length; i++) c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        return prefix + new String(c);
    }
}
