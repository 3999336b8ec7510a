package io.computebroker.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The mock's timers, run in turns: a turn runs what was queued and due when it began. A timer armed
 * during the turn, even with a due time already past (a paced stream that is behind), waits for the next
 * turn, so the loop gets back to its sockets between turns however far behind
 * it is. Without that bound a loop behind its schedule kept firing chunks for half a second without
 * reading a request, and every stream that started meanwhile waited that long for its first event.
 * One thread only.
 */
final class TimerQueue<T> {
    /** What a due timer does; may schedule again. */
    interface Action<T> {
        void fire(T item, long lateNanos);
    }

    private record Entry<T>(long due, long seq, T item) {}

    private final PriorityQueue<Entry<T>> queue = new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    /** Timers armed while a turn runs; queued when it ends. */
    private final List<Entry<T>> armedInTurn = new ArrayList<>();
    private boolean inTurn;
    private long seq;

    void schedule(T item, long dueNanos) {
        Entry<T> e = new Entry<>(dueNanos, seq++, item);
        if (inTurn) armedInTurn.add(e);
        else queue.add(e);
    }

    /** Runs the queued timers due at {@code now}; returns how many ran. */
    int runTurn(long now, Action<T> action) {
        int ran = 0;
        inTurn = true;
        try {
            Entry<T> e;
            while ((e = queue.peek()) != null && e.due <= now) {
                queue.poll();
                action.fire(e.item, Math.max(0, System.nanoTime() - e.due));
                ran++;
            }
        } finally {
            inTurn = false;
            queue.addAll(armedInTurn);
            armedInTurn.clear();
        }
        return ran;
    }

    /** Nanoseconds until the earliest timer (0 or less: due), or -1 when none is queued. */
    long nanosUntilNext(long now) {
        Entry<T> e = queue.peek();
        return e == null ? -1 : Math.max(0, e.due - now);
    }
}
