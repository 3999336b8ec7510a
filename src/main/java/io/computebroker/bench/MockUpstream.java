package io.computebroker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's upstream: an HTTP/1.1 server on loopback that answers OpenAI {@code /v1/chat/completions}
 * and Anthropic {@code /v1/messages} as cheaply as it can (answers are pre-rendered bytes; the request body
 * is read but not parsed), after a configurable latency, with streams paced at N chunks every M ms on an
 * absolute schedule.
 *
 * <p>One event loop or a few, each a selector for its share of the sockets and a timer queue for latencies
 * and paced chunks. A thousand paced streams are then 50,000 {@code write}s a second
 * from the loops, with no thread woken per chunk; a thread (even a virtual one) parked per stream made the
 * mock itself the largest consumer of the two cores in the streams scenario. The same instance is measured
 * directly and behind the gateway, so its cost cancels out of every "added" figure as far as it can: the
 * mock shares the cores with the gateway, so when they run short its chunks leave late too, and it records
 * by how much ({@link #lateness}), so a report can tell the mock's delay from the gateway's.
 *
 * <p>Each loop turn runs only the timers that were due when the turn began, then serves its sockets
 * ({@link TimerQueue}).
 */
public final class MockUpstream implements AutoCloseable {
    /** How the mock behaves; swapped atomically between phases of a run. */
    public record Profile(long latencyMs, int chunks, long intervalMs, int completionTokens) {
        public static final Profile FAST = new Profile(0, 64, 20, 20);

        public Profile withLatency(long ms) { return new Profile(ms, chunks, intervalMs, completionTokens); }

        public Profile withPacing(int n, long everyMs) { return new Profile(latencyMs, n, everyMs, completionTokens); }
    }

    private final ServerSocketChannel server;
    private final Loop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private volatile Profile profile = Profile.FAST;
    private volatile boolean running = true;
    private final AtomicLong served = new AtomicLong();
    /** Where the loops record how late each timer fired; null when nobody asked. */
    private volatile Samples lateness;

    private MockUpstream(String host, int port, int loopCount) throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(host, port), 4096);
        server.configureBlocking(false);
        loops = new Loop[loopCount];
        for (int i = 0; i < loopCount; i++) loops[i] = new Loop(i);
        server.register(loops[0].selector, SelectionKey.OP_ACCEPT);
    }

    /** One loop. */
    public static MockUpstream start(String host, int port) {
        return start(host, port, 1);
    }

    public static MockUpstream start(String host, int port, int loops) {
        try {
            MockUpstream m = new MockUpstream(host, port, loops);
            for (Loop l : m.loops) l.thread.start();
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the mock upstream on " + host + ":" + port, e);
        }
    }

    public int port() { return server.socket().getLocalPort(); }

    public Profile profile() { return profile; }

    public void profile(Profile p) { this.profile = p; }

    /** Requests answered since start (both formats). */
    public long served() { return served.get(); }

    /** From now on, records how late each timer (a latency's end, a paced chunk) fires. */
    void recordLateness() { lateness = new Samples(); }

    /** How late the timers fired since {@link #recordLateness} (and stops recording); empty if it was not called. */
    Samples lateness() {
        Samples s = lateness;
        lateness = null;
        return s == null ? new Samples() : s;
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)].adopt(ch);
        }
    }

    void countServed() { served.incrementAndGet(); }

    @Override
    public void close() {
        running = false;
        for (Loop l : loops) l.selector.wakeup();
        try {
            for (Loop l : loops) l.thread.join(5_000);
            server.close();
            for (Loop l : loops) l.selector.close();
        } catch (IOException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One thread: a selector for its connections and a timer queue for their latencies and paced chunks. */
    final class Loop {
        private final Selector selector;
        private final Thread thread;
        private final TimerQueue<MockConnection> timers = new TimerQueue<>();
        private final Queue<SocketChannel> adopted = new ConcurrentLinkedQueue<>();
        private final TimerQueue.Action<MockConnection> fire = (c, lateNanos) -> {
            Samples late = lateness;
            if (late != null) late.add(lateNanos);
            try {
                c.fire();
            } catch (IOException | RuntimeException e) {
                c.close();
            }
        };

        Loop(int index) throws IOException {
            selector = Selector.open();
            thread = Thread.ofPlatform().name("mock-upstream-" + index).daemon().unstarted(this::run);
        }

        MockUpstream mock() { return MockUpstream.this; }

        void adopt(SocketChannel ch) {
            adopted.add(ch);
            if (Thread.currentThread() != thread) selector.wakeup();
        }

        void schedule(MockConnection c, long due) { timers.schedule(c, due); }

        private void run() {
            try {
                while (running) {
                    long wait = runDue();
                    if (wait == 0) selector.selectNow();
                    else selector.select(wait < 0 ? 0 : wait);
                    registerAdopted();
                    var keys = selector.selectedKeys();
                    for (SelectionKey k : keys) {
                        try {
                            if (!k.isValid()) continue;
                            if (k.isAcceptable()) accept();
                            else {
                                MockConnection c = (MockConnection) k.attachment();
                                if (k.isWritable()) c.flush();
                                if (k.isValid() && k.isReadable()) c.read();
                            }
                        } catch (IOException | RuntimeException e) {
                            if (k.attachment() instanceof MockConnection c) c.close(); // the peer left mid-answer
                        }
                    }
                    keys.clear();
                }
            } catch (IOException e) {
                if (running) throw new UncheckedIOException(e);
            } finally {
                for (SelectionKey k : selector.keys()) {
                    if (k.attachment() instanceof MockConnection c) c.close();
                }
            }
        }

        private void registerAdopted() throws IOException {
            SocketChannel ch;
            while ((ch = adopted.poll()) != null) {
                MockConnection c = new MockConnection(this, ch);
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
            }
        }

        /** Runs this turn's timers; returns ms until the next one (0: due now or sockets to adopt, -1: none). */
        private long runDue() {
            timers.runTurn(System.nanoTime(), fire);
            if (!adopted.isEmpty()) return 0;
            long left = timers.nanosUntilNext(System.nanoTime());
            return left <= 0 ? left : Math.max(1, (left + 999_999) / 1_000_000);
        }
    }

    // --- small helpers the harness shares ---

    static boolean contains(byte[] hay, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    static void sleepMillis(long ms) {
        if (ms > 0) parkUntil(System.nanoTime() + ms * 1_000_000L);
    }

    /** Sleeps until a System.nanoTime() deadline (virtual-thread friendly; spurious wake-ups re-park). */
    static void parkUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) return;
        }
    }

    static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    /** Bytes still to write to one socket, in order. */
    static final class Outbox {
        private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();

        boolean isEmpty() { return queue.isEmpty(); }

        void add(ByteBuffer b) { queue.add(b); }

        /** Writes what the socket takes; true when nothing is left. */
        boolean drain(SocketChannel ch) throws IOException {
            while (!queue.isEmpty()) {
                ByteBuffer b = queue.peek();
                ch.write(b);
                if (b.hasRemaining()) return false;
                queue.poll();
            }
            return true;
        }
    }
}
