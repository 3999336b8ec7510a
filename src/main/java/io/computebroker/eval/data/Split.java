package io.computebroker.eval.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Deterministic train / held-out split, stratified by task. Each example gets a key from SHA-256 of
 * (seed, id); within each task the {@code round(n × heldOut)} examples with the smallest keys are held
 * out. Keying on the id (not the position) means the same example lands on the same side whatever
 * order the file is in and whatever else is in it; sorting per task gives each task its exact share,
 * which a plain "hash below threshold" test would not for small tasks. Examples without a task form one
 * stratum of their own. Both lists keep the input order.
 */
public record Split(List<RoutingExample> train, List<RoutingExample> heldOut) {
    public Split {
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
    }

    public static Split of(List<RoutingExample> examples, double heldOut, long seed) {
        if (!(heldOut >= 0 && heldOut <= 1)) throw new IllegalArgumentException("heldOut must be within 0..1, was " + heldOut);
        Map<String, List<Integer>> byTask = new LinkedHashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            byTask.computeIfAbsent(Objects.requireNonNullElse(examples.get(i).task(), ""), t -> new ArrayList<>()).add(i);
        }
        long[] keys = new long[examples.size()];
        for (int i = 0; i < keys.length; i++) keys[i] = key(seed, examples.get(i).id());
        Set<Integer> held = new HashSet<>();
        for (List<Integer> group : byTask.values()) {
            // ties (duplicate ids) fall back to position so the result is still a function of the input
            group.sort(Comparator.<Integer>comparingLong(i -> keys[i]).thenComparingInt(i -> i));
            long take = Math.round(group.size() * heldOut);
            held.addAll(group.subList(0, (int) take));
        }
        List<RoutingExample> train = new ArrayList<>(), test = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) (held.contains(i) ? test : train).add(examples.get(i));
        return new Split(train, test);
    }

    static long key(long seed, String id) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            sha.update(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
