package io.computebroker.budget;

import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The budget ledger shared by all nodes, in Redis. Per (budget, window) there is a counter hash
 * {@code {spent, reserved}}, a sorted set of holds by expiry and a hash of held amounts; one Lua script
 * checks and holds across all of a request's budgets atomically, another settles. A node that dies with
 * holds open loses them after {@code reservationTtl}: the next reserve on that window purges expired
 * holds before checking. Set that TTL above the longest a request may run (dispatcher timeouts plus
 * streaming), or a slow request's hold is freed early and the budget can be overrun by its cost.
 *
 * <p>Keys: {@code <prefix>budget:<id>:<window>} plus {@code :holds} and {@code :amounts}; they expire a
 * day (plus the hold TTL) after their window ends. Total-window keys do not expire. All keys of a request
 * go into one script, so a Redis Cluster would need them in one hash slot: this targets one Redis (with
 * replicas). Lua compares in doubles, exact below 2^53 nusd (about 9 million USD): worst cases and actual
 * costs must stay below that, and larger limits act as that much.
 */
public final class RedisBudgetLedger implements BudgetLedger {
    static final long MAX_EXACT_NUSD = 1L << 53;
    private static final Duration ENDED_WINDOW_GRACE = Duration.ofDays(1);
    private static final RedisScript RESERVE = RedisScript.resource("reserve.lua");
    private static final RedisScript SETTLE = RedisScript.resource("settle.lua");

    private final UnifiedJedis redis;
    private final String keyPrefix;
    private final SeedLoader seeds;
    private final Duration reservationTtl;

    public RedisBudgetLedger(UnifiedJedis redis, String keyPrefix, SpendSource spend, Duration reservationTtl) {
        if (reservationTtl.isNegative() || reservationTtl.isZero()) throw new IllegalArgumentException("reservation TTL must be positive");
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.seeds = new SeedLoader(spend);
        this.reservationTtl = reservationTtl;
    }

    @Override
    public Reservation reserve(String requestId, List<Budget> budgets, long worstCaseNusd, Instant now) {
        if (worstCaseNusd < 0 || worstCaseNusd >= MAX_EXACT_NUSD) throw new IllegalArgumentException("worst case out of range: " + worstCaseNusd);
        Map<String, Budget> unique = new LinkedHashMap<>();
        for (Budget b : budgets) unique.putIfAbsent(b.id(), b);
        if (unique.isEmpty()) return Reservation.none(requestId);
        List<Budget> list = List.copyOf(unique.values());
        List<WindowSpan> spans = list.stream().map(b -> b.window().span(now)).toList();
        List<String> keys = new ArrayList<>(3 * list.size());
        for (int i = 0; i < list.size(); i++) keys.addAll(keys(list.get(i).id(), spans.get(i).key()));
        String[] seedArgs = new String[list.size()];
        Arrays.fill(seedArgs, "-1");
        // At most two rounds: the first names windows that are new; the second carries their seeds.
        // A third covers a counter that vanished between the rounds (Redis flushed meanwhile).
        for (int round = 0; round < 3; round++) {
            List<Object> reply = asList(RESERVE.run(redis, keys, args(requestId, worstCaseNusd, now, list, spans, seedArgs)));
            String status = RedisScript.text(reply.getFirst());
            switch (status) {
                case "ok" -> {
                    List<Hold> holds = new ArrayList<>(list.size());
                    for (int i = 0; i < list.size(); i++) holds.add(new Hold(list.get(i), spans.get(i).key(), worstCaseNusd));
                    List<Budget> soft = reply.stream().skip(1).map(o -> list.get((int) RedisScript.number(o) - 1)).toList();
                    return new Reservation(requestId, holds, soft);
                }
                case "over" -> {
                    Budget b = list.get((int) RedisScript.number(reply.get(1)) - 1);
                    long reserved = RedisScript.number(reply.get(3)) - RedisScript.number(reply.get(4));
                    throw new BudgetExceededException(b, RedisScript.number(reply.get(2)), reserved, b.limitNusd());
                }
                case "seed" -> {
                    for (Object o : reply.subList(1, reply.size())) {
                        int i = (int) RedisScript.number(o) - 1;
                        seedArgs[i] = Long.toString(seeds.spentNusd(keys.get(3 * i), list.get(i), spans.get(i).start()));
                    }
                }
                default -> throw new IllegalStateException("unexpected reply from reserve.lua: " + status);
            }
        }
        throw new IllegalStateException("budget counters kept disappearing while seeding request " + requestId);
    }

    private List<String> args(String requestId, long worstCaseNusd, Instant now, List<Budget> list, List<WindowSpan> spans, String[] seeds) {
        List<String> args = new ArrayList<>(4 + 4 * list.size());
        args.add(requestId);
        args.add(Long.toString(now.toEpochMilli()));
        args.add(Long.toString(now.plus(reservationTtl).toEpochMilli()));
        args.add(Long.toString(worstCaseNusd));
        for (int i = 0; i < list.size(); i++) {
            Budget b = list.get(i);
            WindowSpan span = spans.get(i);
            args.add(Long.toString(exact(b.limitNusd())));
            args.add(b.softNusd() == null ? "-1" : Long.toString(exact(b.softNusd())));
            args.add(seeds[i]);
            args.add(span.endless() ? "-1" : Long.toString(span.end().plus(ENDED_WINDOW_GRACE).plus(reservationTtl).getEpochSecond()));
        }
        return args;
    }

    /** A limit above 2^53 nusd (~9 million USD) acts as that much rather than failing every request. */
    private static long exact(long nusd) { return Math.min(nusd, MAX_EXACT_NUSD - 1); }

    @Override
    public void settle(Reservation reservation, long actualNusd) {
        if (actualNusd < 0 || actualNusd >= MAX_EXACT_NUSD) throw new IllegalArgumentException("actual cost out of range: " + actualNusd);
        if (reservation.holds().isEmpty()) return;
        List<String> keys = new ArrayList<>(3 * reservation.holds().size());
        for (Hold h : reservation.holds()) keys.addAll(keys(h.budget().id(), h.windowKey()));
        SETTLE.run(redis, keys, List.of(reservation.requestId(), Long.toString(actualNusd)));
    }

    @Override
    public Optional<BudgetCounter> counter(Budget budget, Instant now) {
        Map<String, String> h = redis.hgetAll(counterKey(budget.id(), budget.window().span(now).key()));
        if (h.isEmpty()) return Optional.empty();
        return Optional.of(new BudgetCounter(Long.parseLong(h.getOrDefault("spent", "0")), Long.parseLong(h.getOrDefault("reserved", "0"))));
    }

    private String counterKey(String budgetId, String windowKey) { return keyPrefix + "budget:" + budgetId + ":" + windowKey; }

    private List<String> keys(String budgetId, String windowKey) {
        String counter = counterKey(budgetId, windowKey);
        return List.of(counter, counter + ":holds", counter + ":amounts");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object reply) {
        if (reply instanceof List<?> l && !l.isEmpty()) return (List<Object>) l;
        throw new IllegalStateException("unexpected reply from reserve.lua: " + reply);
    }
}
