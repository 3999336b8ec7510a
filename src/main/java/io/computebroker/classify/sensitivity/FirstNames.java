package io.computebroker.classify.sensitivity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The first-name list behind the person heuristic ({@code /sensitivity/first-names.txt}; provenance
 * in its header). Looked up in place, case-insensitively, with an open-addressing table: every
 * capitalised word of a prompt is a lookup, and a {@code substring().toLowerCase()} per word would be
 * most of the scan's cost.
 */
final class FirstNames {
    static final String RESOURCE = "/sensitivity/first-names.txt";
    static final int ABSENT = 0;
    static final int NAME = 1;
    /** A name that is also a common word ("may", "will", "grace"): trusted only mid-sentence. */
    static final int AMBIGUOUS = 2;

    private final String[] slots;
    private final byte[] kinds;
    private final int mask;
    private final int size;

    private FirstNames(Map<String, Integer> names) {
        int capacity = Integer.highestOneBit(Math.max(16, names.size() * 3)) << 1; // load factor below 1/3
        slots = new String[capacity];
        kinds = new byte[capacity];
        mask = capacity - 1;
        size = names.size();
        names.forEach((name, kind) -> {
            int i = slot(name, 0, name.length());
            while (slots[i] != null) i = (i + 1) & mask;
            slots[i] = name;
            kinds[i] = kind.byteValue();
        });
    }

    static FirstNames load() {
        Map<String, Integer> names = new LinkedHashMap<>();
        try (InputStream in = FirstNames.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                boolean amb = line.startsWith("~");
                names.put((amb ? line.substring(1) : line).toLowerCase(Locale.ROOT), amb ? AMBIGUOUS : NAME);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new FirstNames(names);
    }

    /** {@link #ABSENT}, {@link #NAME} or {@link #AMBIGUOUS} for the word {@code s[a, b)}, in any letter case. */
    int lookup(String s, int a, int b) {
        int len = b - a;
        for (int i = slot(s, a, b); slots[i] != null; i = (i + 1) & mask) {
            String name = slots[i];
            if (name.length() == len && s.regionMatches(true, a, name, 0, len)) return kinds[i];
        }
        return ABSENT;
    }

    boolean contains(String word) {
        return lookup(word, 0, word.length()) != ABSENT;
    }

    int size() {
        return size;
    }

    private int slot(String s, int a, int b) {
        int h = 0;
        for (int i = a; i < b; i++) h = 31 * h + Character.toLowerCase(s.charAt(i));
        return (h ^ (h >>> 16)) * 0x9E3779B1 >>> 8 & mask;
    }
}
