package io.computebroker.pipeline;

import io.computebroker.config.ModelConfig;
import io.computebroker.core.Usage;
import io.computebroker.decide.Decision;
import io.computebroker.dispatch.Attempt;
import io.computebroker.dispatch.DispatchFailure;
import io.computebroker.dispatch.Dispatched;
import io.computebroker.policy.Answers;
import io.computebroker.policy.Cascade;
import io.computebroker.settle.Cost;
import io.computebroker.settle.CostCalculator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A cascade whose first answers come from named models ({@link Cascade#models()}): {@code agree} (the
 * models' final answers must agree) or a single-answer check tried model by model. The models are
 * asked one at a time and asking stops once the outcome is known; on failure the request goes to the
 * decision's order (minus the models already asked). Every call made is one attempt of the request and
 * every answer generated is paid for, so the tokens and cost of the calls not served come back as
 * {@code extraCost}/{@code extraUsage}, to be added to the served call's.
 *
 * <p>A named model is asked only if it passed the decision's hard constraints ({@code admissible}); with
 * fewer than two such models an {@code agree} cascade does not run (nor one with no such model), and
 * the request is dispatched as usual. A tier model that fails (429, 5xx, timeout) counts as a blank,
 * dissenting answer. Requests with tools are not cascaded by agreement: tool calls are not answers to compare.
 */
final class ModelCascade {
    /** What dispatch returned, plus the cost and tokens of the answers generated but not served (zero when none). */
    record Result(Dispatched done, Cost extraCost, Usage extraUsage) {}

    private ModelCascade() {}

    /** Empty when the cascade does not apply to this request (then the caller dispatches as usual). */
    static Optional<Result> run(Cascade cascade, Decision decision, boolean hasTools,
                                BiFunction<Decision, String, Optional<ModelConfig>> admissible,
                                Function<Decision, Dispatched> dispatch) {
        List<ModelConfig> tier = new ArrayList<>();
        for (String name : cascade.models()) admissible.apply(decision, name).filter(m -> !tier.contains(m)).ifPresent(tier::add);
        if (tier.isEmpty() || (cascade.agree() && (tier.size() < 2 || hasTools))) return Optional.empty();
        // a learned scorer reads its whole tier by position: without every model (or with tools) it has nothing to read
        if (cascade.learned() && (tier.size() < cascade.models().size() || hasTools)) return Optional.empty();

        List<Attempt> attempts = new ArrayList<>();
        List<Dispatched> answered = new ArrayList<>();   // null where the model failed
        List<String> replies = new ArrayList<>();
        int chosen = -1;
        for (int i = 0; i < tier.size() && chosen < 0; i++) {
            Dispatched d;
            try {
                d = dispatch.apply(decision.withOrder(List.of(tier.get(i)), "cascade-" + (i + 1)));
            } catch (DispatchFailure f) {
                attempts.addAll(f.attempts());
                answered.add(null);
                replies.add(null);
                if (cascade.learned() && i == tier.size() - 1) chosen = cascade.scorer().decide(replies);
                if (cascade.agree() && Answers.decide(replies, tier.size(), cascade.quorumOrDefault()) == Answers.DISAGREE) break;
                continue;
            }
            answered.add(d);
            replies.add(d.response().text());
            attempts.addAll(d.attempts());
            if (cascade.learned()) {
                // every tier model answers; the scorer decides once all have (no early stop: its features are the whole pattern)
                if (i == tier.size() - 1) {
                    chosen = cascade.scorer().decide(replies);
                    if (chosen < 0) break;
                }
            } else if (cascade.agree()) {
                int verdict = Answers.decide(replies, tier.size(), cascade.quorumOrDefault());
                if (verdict >= 0) chosen = verdict;
                else if (verdict == Answers.DISAGREE) break;
            } else if (cascade.passes(d.response())) {
                chosen = i;
            }
        }
        Dispatched served;
        boolean escalated = chosen < 0;
        if (escalated) {
            List<ModelConfig> rest = new ArrayList<>(decision.order());
            rest.removeAll(tier.subList(0, answered.size()));
            if (rest.isEmpty()) rest = decision.order();
            try {
                served = dispatch.apply(decision.withOrder(rest, "cascade-escalate"));
            } catch (DispatchFailure f) {
                List<Attempt> all = new ArrayList<>(mark(attempts, null, "escalated:" + cascade.label()));
                all.addAll(f.attempts());
                throw new DispatchFailure(f.error(), all);
            }
        } else {
            served = answered.get(chosen);
        }
        Cost extra = Cost.ZERO;
        Usage extraUsage = Usage.ZERO;
        for (Dispatched d : answered) {
            if (d == null || d == served) continue;
            Usage u = d.response().usage();
            extra = add(extra, CostCalculator.cost(u, d.served().price(), u.equals(Usage.ZERO)));
            extraUsage = add(extraUsage, u);
        }
        List<Attempt> all = new ArrayList<>(mark(attempts, escalated ? null : served,
                (escalated || !(cascade.agree() || cascade.learned()) ? "escalated:" : "cascade:") + cascade.label()));
        if (escalated) all.addAll(served.attempts());
        return Optional.of(new Result(new Dispatched(served.response(), served.served(), all, served.spilled(), escalated), extra, extraUsage));
    }

    /**
     * The successful tier calls whose answer was not served are marked, so the ledger says why they were not
     * used: {@code escalated:<check>} (the check failed) or {@code cascade:agree} (an agreeing answer that was
     * not the one returned).
     */
    private static List<Attempt> mark(List<Attempt> attempts, Dispatched served, String outcome) {
        List<Attempt> out = new ArrayList<>();
        for (Attempt a : attempts) {
            boolean servedCall = served != null && served.attempts().contains(a);
            out.add(a.ok() && !servedCall ? new Attempt(a.model(), a.provider(), a.number(), outcome,
                    outcome.equals("cascade:learned") ? "tier answer read by the scorer; another was returned"
                            : outcome.startsWith("cascade:") ? "agreed; another agreeing answer was returned" : "answer failed the cascade check",
                    a.micros()) : a);
        }
        return out;
    }

    static Cost add(Cost a, Cost b) {
        return new Cost(a.inputUsd().add(b.inputUsd()), a.cachedInputUsd().add(b.cachedInputUsd()), a.outputUsd().add(b.outputUsd()),
                a.estimated() || b.estimated());
    }

    static Usage add(Usage a, Usage b) {
        return new Usage(a.inputTokens() + b.inputTokens(), a.cachedInputTokens() + b.cachedInputTokens(),
                a.cacheWriteTokens() + b.cacheWriteTokens(), a.outputTokens() + b.outputTokens(), a.reasoningTokens() + b.reasoningTokens());
    }
}
