package io.computebroker.dispatch;

import io.computebroker.classify.Signals;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.decide.Decision;
import io.computebroker.decide.RoutingFixture;
import io.computebroker.identify.Principal;
import io.computebroker.policy.Substitution;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 1, attacked at random: whatever the policy (rules that allow every boundary, deny owned
 * providers, force any substitution mode), the requested model, and whichever providers fail and how,
 * a confidential or restricted request never reaches a provider outside owned infrastructure.
 */
class BoundaryInvariantProperties {

    @Property(tries = 300)
    void sensitiveRequestsNeverLeaveOwnedInfrastructure(
            @ForAll("levels") Sensitivity level,
            @ForAll("tasks") TaskClass task,
            @ForAll("models") String requested,
            @ForAll("modes") Substitution mode,
            @ForAll("ruleSets") String rules,
            @ForAll("faults") List<ErrorKind> ownFaults,
            @ForAll boolean tools,
            @ForAll boolean saturateOwned,
            @ForAll boolean stream,
            @ForAll @IntRange(min = 1, max = 40_000) int tokens) {
        RoutingFixture f = new RoutingFixture(RoutingFixture.POLICY + rules);
        int[] call = {0};
        f.fakes.get("own").failure = c -> {
            ErrorKind k = ownFaults.get(call[0]++ % ownFaults.size());
            return k == null ? null : new BrokerException(k, "injected " + k);
        };
        if (saturateOwned) {
            f.capacity.tryAcquire("own");
            f.capacity.tryAcquire("own");
        }
        Signals s = new Signals(task, Signals.Source.INFERRED, 0.9, 0.5, level, Signals.Source.INFERRED, Set.of(), null, null,
                null, null, tokens, null, tools, false, false);
        Principal p = new Principal("k", "t", null, Sensitivity.PUBLIC, mode, null);
        try {
            Decision d = f.router.decide(requested, s, p);
            if (stream) f.dispatcher.stream("r", DispatcherTest.REQ, d, Map.of(), f.limits(), e -> { }, m -> { });
            else f.dispatcher.complete("r", DispatcherTest.REQ, d, Map.of(), f.limits());
        } catch (BrokerException | DispatchFailure refused) {
            // refusing is always allowed; leaking never is
        }
        if (level.compareTo(Sensitivity.CONFIDENTIAL) >= 0) {
            assertThat(f.fakes.get("mkt").calls).isEmpty();
            assertThat(f.fakes.get("cloud").calls).isEmpty();
            assertThat(f.fakes.get("front").calls).isEmpty();
        }
    }

    @Provide
    Arbitrary<Sensitivity> levels() { return Arbitraries.of(Sensitivity.class); }

    @Provide
    Arbitrary<TaskClass> tasks() { return Arbitraries.of(TaskClass.class); }

    @Provide
    Arbitrary<String> models() { return Arbitraries.of("auto", "small-owned", "tiny-owned", "market", "private", "frontier", "unknown-x"); }

    @Provide
    Arbitrary<Substitution> modes() { return Arbitraries.of(Substitution.class); }

    @Provide
    Arbitrary<String> ruleSets() {
        return Arbitraries.of("",
                "rules:\n  - {name: open-all, set: {boundaries: [owned, private-cloud, marketplace, frontier], qualityFloor: 0.99}}\n",
                "rules:\n  - {name: no-owned, set: {denyProviders: [own]}}\n",
                "rules:\n  - {name: only-front, set: {allowProviders: [front], substitution: auto}}\n",
                "rules:\n  - {name: sensitive-anywhere, match: {sensitivity: [confidential, restricted]}, set: {boundaries: [frontier, marketplace], objective: quality}}\n");
    }

    @Provide
    Arbitrary<List<ErrorKind>> faults() {
        Arbitrary<ErrorKind> one = Arbitraries.of(ErrorKind.UPSTREAM, ErrorKind.UPSTREAM_TIMEOUT, ErrorKind.RATE_LIMITED,
                ErrorKind.UNAVAILABLE, ErrorKind.INVALID_REQUEST).injectNull(0.4);
        return one.list().ofMinSize(1).ofMaxSize(6);
    }
}
