package io.computebroker.server;

import java.util.concurrent.ThreadLocalRandom;

/** Opaque ids for requests and responses (not secrets: ThreadLocalRandom is enough). */
final class Ids {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Ids() {}

    static String next(String prefix) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[24];
        for (int i = 0; i < c.length; i++) c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        return prefix + new String(c);
    }
}
