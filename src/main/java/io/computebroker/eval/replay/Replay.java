package io.computebroker.eval.replay;

import io.computebroker.capacity.Capacity;
import io.computebroker.classify.Signals;
import io.computebroker.classify.sensitivity.EntityType;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.Usage;
import io.computebroker.decide.Decision;
import io.computebroker.decide.LatencyEstimates;
import io.computebroker.decide.ModelCatalog;
import io.computebroker.decide.Router;
import io.computebroker.dispatch.BoundaryGuard;
import io.computebroker.dispatch.Breakers;
import io.computebroker.identify.Principal;
import io.computebroker.ledger.Nusd;
import io.computebroker.policy.Policy;
import io.computebroker.policy.PolicyStore;
import io.computebroker.provider.Providers;
import io.computebroker.settle.CostCalculator;
import io.computebroker.store.Database;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Re-decides recorded traffic under a candidate policy without calling any provider. The ledger keeps
 * every signal the router needs (task, sensitivity, detected types, tokens, feature, requested model,
 * tenant, key), so a policy can be tried on last month's traffic before it takes any: counterfactual
 * cost at the same token counts, the route-mix change, and boundary violations (which must be zero).
 */
public final class Replay {
    public record Result(long requests, long redecided, long refused, long unchanged, long boundaryViolations,
                         long actualNusd, long counterfactualNusd, Map<String, Long> mixBefore, Map<String, Long> mixAfter) {}

    private Replay() {}

    public static Result run(Database db, BrokerConfig config, Providers providers, Policy candidate, Instant since) {
        Router router = new Router(new ModelCatalog(config), providers, PolicyStore.fixed(candidate),
                new Breakers(config, java.time.InstantSource.system()), new Capacity(config), new LatencyEstimates());
        long[] n = new long[5]; // requests, re-decided, refused, unchanged, boundary violations
        long[] money = new long[2];
        Map<String, Long> before = new TreeMap<>(), after = new TreeMap<>();
        db.with(c -> {
            try (var ps = c.prepareStatement("SELECT tenant, key_id, feature, run_id, task, sensitivity, entity_types, requested_model,"
                    + " model, input_tokens, cached_input_tokens, output_tokens, cost_nusd FROM ledger"
                    + " WHERE created_at >= ? AND state <> 'pending' AND requested_model IS NOT NULL")) {
                ps.setLong(1, since.toEpochMilli());
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        n[0]++;
                        String model = rs.getString(9);
                        before.merge(model, 1L, Long::sum);
                        money[0] += rs.getLong(13);
                        Usage usage = new Usage(rs.getLong(10), rs.getLong(11), 0, rs.getLong(12), 0);
                        Signals s = new Signals(TaskClass.parse(rs.getString(5)), Signals.Source.DECLARED, 1, 0,
                                Sensitivity.parse(rs.getString(6)), Signals.Source.DECLARED, types(rs.getString(7)),
                                rs.getString(3), rs.getString(4), null, null, (int) Math.min(Integer.MAX_VALUE, usage.inputTokens()),
                                null, false, false, false);
                        Principal p = Principal.of(rs.getString(2), rs.getString(1), null);
                        try {
                            Decision d = router.decide(rs.getString(8), s, p);
                            ModelConfig chosen = d.chosen();
                            n[1]++;
                            if (chosen.id().equals(model)) n[3]++;
                            if (!BoundaryGuard.allowed(s.sensitivity()).contains(chosen.boundary())) n[4]++;
                            after.merge(chosen.id(), 1L, Long::sum);
                            money[1] += Nusd.of(CostCalculator.cost(usage, chosen.price(), false).totalUsd());
                        } catch (BrokerException refused) {
                            n[2]++;
                            after.merge("(refused)", 1L, Long::sum);
                        }
                    }
                }
            }
            return null;
        });
        return new Result(n[0], n[1], n[2], n[3], n[4], money[0], money[1], before, after);
    }

    private static Set<EntityType> types(String csv) {
        if (csv == null || csv.isBlank()) return Set.of();
        return Arrays.stream(csv.split(",")).map(String::strip).filter(t -> !t.isEmpty()).map(EntityType::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EntityType.class)));
    }
}
