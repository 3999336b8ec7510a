package io.computebroker.provider;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Read timeouts for {@link Http1Client}'s blocking sockets without a timer per read. A socket read
 * with {@code SO_TIMEOUT} on a virtual thread is a timed park: it schedules a wake-up task and cancels
 * it again on every read, which the profile put at ~30 µs of a 0 ms upstream's round trip and at a lock
 * shared by every call. Here a read only writes its deadline into a field; one daemon thread looks at
 * the armed connections every {@link #TICK_NANOS} and closes those past their deadline, which fails the
 * blocked read (turned into a {@link java.net.SocketTimeoutException} by the connection). Timeouts thus
 * fire up to one tick late, which is nothing against upstream timeouts of seconds.
 */
final class ReadDeadlines {
    static final long TICK_NANOS = 20_000_000L;

    /** A connection whose reads can be timed out. */
    interface Watched {
        /** {@code System.nanoTime()} after which the current read has timed out; 0 while not reading. */
        long deadline();

        /** Called once the deadline passed: mark the read as timed out and close the socket. */
        void expire();
    }

    private static final Set<Watched> ARMED = ConcurrentHashMap.newKeySet();
    private static volatile Thread watchdog;

    private ReadDeadlines() {}

    /** Watches {@code w} until {@link #disarm}: an open connection, idle or not (idle ones have deadline 0). */
    static void arm(Watched w) {
        ARMED.add(w);
        if (watchdog == null) start();
    }

    static void disarm(Watched w) { ARMED.remove(w); }

    private static synchronized void start() {
        if (watchdog != null) return;
        watchdog = Thread.ofPlatform().daemon().name("upstream-read-deadlines").start(ReadDeadlines::watch);
    }

    private static void watch() {
        while (true) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (Watched w : ARMED) {
                long d = w.deadline();
                if (d != 0 && now - d > 0) w.expire();
            }
        }
    }
}
