package io.computebroker.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The servers behind one provider, and which one a request goes to. The home replica of a request is
 * chosen by rendezvous (highest-random-weight) hashing of its {@link PrefixKey}: every replica scores
 * the key, the highest score wins. Requests with the same prefix therefore meet on one server and hit
 * its prefix cache, and adding or removing a replica moves only the keys that scored highest on it.
 *
 * <p>Cache affinity must not become a hot spot: when the home replica already has
 * {@code maxInFlight} calls in flight, the call goes to the least busy replica instead (ties to the
 * next-best score, so overflow for one prefix also concentrates). When every replica is saturated the
 * least busy one still takes it; the server queues, and the provider's maxConcurrency bounds the total.
 *
 * <p>Thread-safe and allocation-light: one small array per pick, O(replicas).
 */
public final class ReplicaSet {
    private final List<Replica> replicas;
    private final int maxInFlight;

    public ReplicaSet(List<String> urls, int maxInFlight) {
        if (urls.isEmpty()) throw new IllegalArgumentException("a replica set needs at least one URL");
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1");
        List<Replica> rs = new ArrayList<>(urls.size());
        for (String url : urls) rs.add(new Replica(url, PrefixKey.ofText(url), new AtomicInteger()));
        this.replicas = List.copyOf(rs);
        this.maxInFlight = maxInFlight;
    }

    /** One replica and its seed; the seed comes from the URL, so order in the config does not matter. */
    private record Replica(String url, long seed, AtomicInteger inFlight) {}

    /** A taken in-flight slot on one replica. Closing it gives the slot back; closing twice is harmless. */
    public static final class Lease implements AutoCloseable {
        private final Replica replica;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Lease(Replica replica) { this.replica = replica; }

        public String url() { return replica.url(); }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) replica.inFlight().decrementAndGet();
        }
    }

    /** The replica the key belongs to, ignoring load: for tests and for explaining a routing choice. */
    public String home(long key) {
        return replicas.get(rank(key)[0]).url();
    }

    /** Picks a replica for the key and takes an in-flight slot on it; the caller must close the lease. */
    public Lease acquire(long key) {
        int[] order = rank(key);
        Replica home = replicas.get(order[0]);
        // Take the home slot only while under the limit; the CAS keeps racing callers from overshooting it.
        for (int n = home.inFlight().get(); n < maxInFlight; n = home.inFlight().get()) {
            if (home.inFlight().compareAndSet(n, n + 1)) return new Lease(home);
        }
        Replica best = home;
        int bestLoad = Integer.MAX_VALUE;
        for (int i : order) {
            int load = replicas.get(i).inFlight().get();
            if (load < bestLoad) {
                best = replicas.get(i);
                bestLoad = load;
            }
        }
        best.inFlight().incrementAndGet();
        return new Lease(best);
    }

    /** In-flight calls per replica URL, in configured order. */
    public List<Integer> inFlight() {
        return replicas.stream().map(r -> r.inFlight().get()).toList();
    }

    public int size() { return replicas.size(); }

    public List<String> urls() {
        return replicas.stream().map(Replica::url).toList();
    }

    /** Replica indexes by descending rendezvous score for the key. */
    private int[] rank(long key) {
        int n = replicas.size();
        long[] score = new long[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            score[i] = PrefixKey.mix(key ^ replicas.get(i).seed());
            order[i] = i;
        }
        // Insertion sort: replica counts are small, and this avoids boxing.
        for (int i = 1; i < n; i++) {
            int o = order[i];
            int j = i - 1;
            while (j >= 0 && Long.compareUnsigned(score[order[j]], score[o]) < 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = o;
        }
        return order;
    }
}
