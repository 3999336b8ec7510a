package io.computebroker.settle;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals per model since start: what the demo table and the models endpoint show until the
 * durable token ledger takes over.
 */
public final class UsageTotals implements Settler {
    private final Map<String, Row> rows = new ConcurrentHashMap<>();

    public record Snapshot(String model, String boundary, long requests, long errors, long inputTokens,
                           long cachedInputTokens, long outputTokens, BigDecimal costUsd, long latencyMicrosSum) {
        public long avgLatencyMillis() { return requests == 0 ? 0 : latencyMicrosSum / requests / 1000; }
    }

    private static final class Row {
        final String boundary;
        final LongAdder requests = new LongAdder(), errors = new LongAdder(), input = new LongAdder(),
                cached = new LongAdder(), output = new LongAdder(), latency = new LongAdder();
        BigDecimal cost = BigDecimal.ZERO;

        Row(String boundary) { this.boundary = boundary; }
    }

    @Override
    public void settle(Settlement s) {
        if (s.served() == null) return;
        Row r = rows.computeIfAbsent(s.served().id(), k -> new Row(s.served().boundary().wire()));
        r.requests.increment();
        if (s.error() != null) r.errors.increment();
        r.input.add(s.usage().inputTokens());
        r.cached.add(s.usage().cachedInputTokens());
        r.output.add(s.usage().outputTokens());
        r.latency.add(s.latencyMicros());
        synchronized (r) {
            r.cost = r.cost.add(s.cost().totalUsd());
        }
    }

    public Map<String, Snapshot> snapshot() {
        Map<String, Snapshot> out = new TreeMap<>();
        rows.forEach((model, r) -> {
            BigDecimal cost;
            synchronized (r) { cost = r.cost; }
            out.put(model, new Snapshot(model, r.boundary, r.requests.sum(), r.errors.sum(), r.input.sum(), r.cached.sum(),
                    r.output.sum(), cost, r.latency.sum()));
        });
        return out;
    }
}
