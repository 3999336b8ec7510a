package io.computebroker.dispatch;

import io.computebroker.capacity.Capacity;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Message;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.WireFormat;
import io.computebroker.decide.Decision;
import io.computebroker.decide.RoutingFixture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.computebroker.decide.RoutingFixture.principal;
import static io.computebroker.decide.RoutingFixture.signals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DispatcherTest {
    final RoutingFixture f = new RoutingFixture();
    static final ChatRequest REQ = new ChatRequest("auto", null, List.of(Message.user("hi")), null, null, null, null, null, null,
            false, false, null, null, null, WireFormat.OPENAI, null);

    Decision decide(Sensitivity s) { return f.router.decide("auto", signals(TaskClass.CHAT, s), principal()); }

    static List<String> outcomes(List<Attempt> attempts) {
        return attempts.stream().map(a -> a.model() + "#" + a.number() + ":" + a.outcome()).toList();
    }

    @Test
    void transientFailuresAreRetriedThenFailOverToTheNextCandidate() {
        f.fakes.get("own").failure = c -> new BrokerException(ErrorKind.UPSTREAM, "boom");
        Dispatched d = f.dispatcher.complete("r1", REQ, decide(Sensitivity.PUBLIC), Map.of(), f.limits());
        assertThat(d.served().id()).isEqualTo("market");
        assertThat(d.fellBack()).isTrue();
        assertThat(outcomes(d.attempts())).containsExactly("small-owned#1:upstream", "small-owned#2:upstream", "market#1:ok");
        assertThat(d.response().text()).isEqualTo("answer from market");
    }

    @Test
    void timeoutsAndRateLimitsAreRetriedToo() {
        int[] n = {0};
        f.fakes.get("own").failure = c -> n[0]++ == 0 ? new BrokerException(ErrorKind.RATE_LIMITED, "slow down", null, "0", null) : null;
        Dispatched d = f.dispatcher.complete("r1", REQ, decide(Sensitivity.PUBLIC), Map.of(), f.limits());
        assertThat(outcomes(d.attempts())).containsExactly("small-owned#1:rate_limited", "small-owned#2:ok");
        assertThat(d.fellBack()).isFalse();
    }

    @Test
    void aRequestErrorIsNeitherRetriedNorFailedOver() {
        f.fakes.get("own").failure = c -> BrokerException.invalid("messages", "context too long");
        assertThatThrownBy(() -> f.dispatcher.complete("r1", REQ, decide(Sensitivity.PUBLIC), Map.of(), f.limits()))
                .isInstanceOfSatisfying(DispatchFailure.class, e -> {
                    assertThat(e.error().kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(outcomes(e.attempts())).containsExactly("small-owned#1:invalid_request");
                });
        assertThat(f.fakes.get("mkt").calls).isEmpty();
    }

    @Test
    void circuitOpensAfterConsecutiveFaultsAndAProbeClosesIt() {
        f.fakes.get("own").failure = c -> new BrokerException(ErrorKind.UPSTREAM_TIMEOUT, "slow");
        f.dispatcher.complete("r1", REQ, decide(Sensitivity.PUBLIC), Map.of(), f.limits()); // 2 faults
        Dispatched second = f.dispatcher.complete("r2", REQ, decide(Sensitivity.PUBLIC), Map.of(), f.limits()); // third opens it
        assertThat(outcomes(second.attempts())).containsExactly("small-owned#1:upstream_timeout", "market#1:ok");
        assertThat(f.breakers.of("own").state()).isEqualTo(CircuitBreaker.State.OPEN);
        int calls = f.fakes.get("own").calls.size();
        Decision d = decide(Sensitivity.PUBLIC);
        assertThat(d.chosen().id()).isEqualTo("market");
        f.dispatcher.complete("r3", REQ, d, Map.of(), f.limits());
        assertThat(f.fakes.get("own").calls).hasSize(calls);

        f.clock.advance(java.time.Duration.ofSeconds(10));
        f.fakes.get("own").failure = c -> null;
        assertThat(f.breakers.of("own").state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        Dispatched probe = f.dispatcher.complete("r4", REQ, decide(Sensitivity.PUBLIC), Map.of(), f.limits());
        assertThat(probe.served().id()).isEqualTo("small-owned");
        assertThat(f.breakers.of("own").state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void streamsFailOverBeforeTheFirstByteOnly() {
        f.fakes.get("own").failure = c -> new BrokerException(ErrorKind.UPSTREAM, "refused");
        List<StreamEvent> got = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        Dispatched d = f.dispatcher.stream("r1", REQ, decide(Sensitivity.PUBLIC), Map.of(), f.limits(), got::add, m -> routes.add(m.id()));
        assertThat(d.served().id()).isEqualTo("market");
        assertThat(routes).containsExactly("market");
        assertThat(got.get(got.size() - 1)).isInstanceOf(StreamEvent.Finish.class);

        RoutingFixture g = new RoutingFixture();
        g.fakes.get("own").cutAfter = 1;
        List<StreamEvent> cut = new ArrayList<>();
        Dispatched broken = g.dispatcher.stream("r2", REQ, g.router.decide("auto", signals(TaskClass.CHAT, Sensitivity.PUBLIC), principal()),
                Map.of(), g.limits(), cut::add, m -> { });
        assertThat(broken.served().id()).isEqualTo("small-owned");
        assertThat(outcomes(broken.attempts())).containsExactly("small-owned#1:failed-mid-stream");
        assertThat(cut.get(cut.size() - 1)).isInstanceOf(StreamEvent.Failure.class);
        assertThat(g.fakes.get("mkt").calls).isEmpty();
    }

    @Test
    void saturatedOwnedCapacitySpillsTrafficThatMayLeave() {
        Capacity.Permit a = f.capacity.tryAcquire("own"), b = f.capacity.tryAcquire("own");
        assertThat(f.capacity.saturated("own")).isTrue();
        Dispatched d = f.dispatcher.complete("r1", REQ, decide(Sensitivity.PUBLIC), Map.of(), f.limits());
        assertThat(d.spilled()).isTrue();
        assertThat(d.served().id()).isEqualTo("market");
        assertThat(outcomes(d.attempts())).containsExactly("small-owned#0:spilled:saturated", "market#1:ok");
        a.close();
        b.close();
    }

    @Test
    void saturatedOwnedCapacityQueuesThenRefusesTrafficThatMayNotLeave() {
        Capacity.Permit a = f.capacity.tryAcquire("own"), b = f.capacity.tryAcquire("own");
        assertThatThrownBy(() -> f.dispatcher.complete("r1", REQ, decide(Sensitivity.CONFIDENTIAL), Map.of(), f.limits()))
                .isInstanceOfSatisfying(DispatchFailure.class, e -> {
                    assertThat(e.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                    assertThat(e.error().getMessage()).contains("may not leave owned infrastructure");
                });
        assertThat(f.fakes.get("mkt").calls).isEmpty();
        b.close();
        assertThat(f.dispatcher.complete("r2", REQ, decide(Sensitivity.CONFIDENTIAL), Map.of(), f.limits()).served().id())
                .isEqualTo("small-owned");
        a.close();
    }

    @Test
    void theGuardStopsAForgedDecisionBeforeBytesLeave() {
        Decision publicDecision = decide(Sensitivity.PUBLIC);
        Decision forged = new Decision(publicDecision.id(), publicDecision.policyVersion(), "forged", publicDecision.mode(),
                publicDecision.objective(), "auto", signals(TaskClass.CHAT, Sensitivity.RESTRICTED), 0.5, false,
                publicDecision.candidates(), List.of(publicDecision.order().get(1)), publicDecision.expectedCostUsd());
        assertThatThrownBy(() -> f.dispatcher.complete("r1", REQ, forged, Map.of(), f.limits()))
                .isInstanceOfSatisfying(BrokerException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION));
        assertThat(f.fakes.get("mkt").calls).isEmpty();
    }
}
