package io.computebroker.provider;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaSetTest {
    static final List<String> THREE = List.of("http://a:8000/v1", "http://b:8000/v1", "http://c:8000/v1");

    static long[] keys(int n) {
        SplittableRandom random = new SplittableRandom(7);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) keys[i] = random.nextLong();
        return keys;
    }

    @Test
    void theSameKeyAlwaysGoesToTheSameReplica() {
        ReplicaSet set = new ReplicaSet(THREE, 32);
        for (long key : keys(200)) {
            String first;
            try (ReplicaSet.Lease l = set.acquire(key)) { first = l.url(); }
            for (int i = 0; i < 5; i++) {
                try (ReplicaSet.Lease l = set.acquire(key)) { assertThat(l.url()).isEqualTo(first); }
            }
            assertThat(set.home(key)).isEqualTo(first);
        }
    }

    @Test
    void configOrderDoesNotChangeTheHome() {
        ReplicaSet forward = new ReplicaSet(THREE, 32);
        ReplicaSet reversed = new ReplicaSet(THREE.reversed(), 32);
        for (long key : keys(200)) assertThat(reversed.home(key)).isEqualTo(forward.home(key));
    }

    @Test
    void differentKeysSpreadEvenlyAcrossReplicas() {
        ReplicaSet set = new ReplicaSet(THREE, 32);
        Map<String, Integer> counts = new HashMap<>();
        for (long key : keys(3_000)) counts.merge(set.home(key), 1, Integer::sum);
        assertThat(counts).containsOnlyKeys(THREE);
        // 1,000 expected each; a broken hash (everything on one replica, or a 2:1 skew) falls far outside.
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(850, 1_150));
    }

    @Test
    void removingAReplicaMovesOnlyItsOwnKeys() {
        List<String> four = List.of("http://a/v1", "http://b/v1", "http://c/v1", "http://d/v1");
        ReplicaSet before = new ReplicaSet(four, 32);
        ReplicaSet after = new ReplicaSet(List.of("http://a/v1", "http://b/v1", "http://d/v1"), 32);
        int moved = 0;
        for (long key : keys(2_000)) {
            String was = before.home(key);
            String now = after.home(key);
            if (!was.equals("http://c/v1")) assertThat(now).as("key %d was on %s", key, was).isEqualTo(was);
            else moved++;
        }
        assertThat(moved).as("c owned about a quarter of the keys").isBetween(400, 600);
    }

    @Test
    void aSaturatedHomeOverflowsToTheLeastBusyReplica() {
        ReplicaSet set = new ReplicaSet(THREE, 2);
        long key = keys(1)[0];
        String home = set.home(key);
        List<ReplicaSet.Lease> held = new ArrayList<>();
        held.add(set.acquire(key));
        held.add(set.acquire(key));
        assertThat(held).allSatisfy(l -> assertThat(l.url()).isEqualTo(home));

        // Load one of the other two so the fallback has a clear least-busy choice.
        List<String> others = THREE.stream().filter(u -> !u.equals(home)).toList();
        String busy = others.get(0);
        String idle = others.get(1);
        long busyKey = keyHomedOn(set, busy);
        held.add(set.acquire(busyKey));

        try (ReplicaSet.Lease overflow = set.acquire(key)) {
            assertThat(overflow.url()).isEqualTo(idle);
        }
        // Releasing one home slot makes home eligible again.
        held.get(0).close();
        try (ReplicaSet.Lease back = set.acquire(key)) {
            assertThat(back.url()).isEqualTo(home);
        }
        held.forEach(ReplicaSet.Lease::close);
        assertThat(set.inFlight()).containsOnly(0);
    }

    @Test
    void whenEveryReplicaIsSaturatedTheLeastBusyStillTakesTheCall() {
        ReplicaSet set = new ReplicaSet(THREE, 1);
        List<ReplicaSet.Lease> held = new ArrayList<>();
        for (String url : THREE) held.add(set.acquire(keyHomedOn(set, url)));
        held.add(set.acquire(keyHomedOn(set, THREE.get(0)))); // THREE[0] now at 2, the others at 1
        try (ReplicaSet.Lease l = set.acquire(keyHomedOn(set, THREE.get(0)))) {
            assertThat(l.url()).isNotEqualTo(THREE.get(0));
        }
        held.forEach(ReplicaSet.Lease::close);
    }

    @Test
    void closingALeaseTwiceReleasesOneSlot() {
        ReplicaSet set = new ReplicaSet(THREE, 32);
        ReplicaSet.Lease a = set.acquire(1);
        ReplicaSet.Lease b = set.acquire(1);
        a.close();
        a.close();
        assertThat(set.inFlight().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
        b.close();
    }

    @Test
    void concurrentCallersNeverPushAnUnsaturatedSetPastTheLimit() throws Exception {
        int limit = 4;
        ReplicaSet set = new ReplicaSet(THREE, limit);
        long key = 42;
        // 12 concurrent holders = exactly 3 x 4: the CAS must fill the home to 4 and no further.
        CountDownLatch taken = new CountDownLatch(12);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                pool.submit(() -> {
                    try (ReplicaSet.Lease l = set.acquire(key)) {
                        taken.countDown();
                        release.await();
                    }
                    return null;
                });
            }
            taken.await();
            assertThat(set.inFlight()).containsOnly(limit);
            release.countDown();
        }
        assertThat(set.inFlight()).containsOnly(0);
    }

    @Test
    void rejectsAnEmptySet() {
        assertThatThrownBy(() -> new ReplicaSet(List.of(), 32)).isInstanceOf(IllegalArgumentException.class);
    }

    static long keyHomedOn(ReplicaSet set, String url) {
        for (long k = 0; ; k++) if (set.home(k).equals(url)) return k;
    }
}
