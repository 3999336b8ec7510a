package io.computebroker.dispatch;

import io.computebroker.capacity.Capacity;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.StreamEvent;
import io.computebroker.decide.Decision;
import io.computebroker.provider.ChatProvider;
import io.computebroker.provider.Providers;
import io.computebroker.provider.StreamSink;
import io.computebroker.provider.UpstreamCall;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The dispatch stage: walks the decision's ordered candidates. Per candidate: the boundary check (the
 * second enforcement of the data-boundary invariant), the circuit breaker, a capacity permit (spill to
 * the next candidate when saturated; wait in a bounded queue when it is the last one), then attempts
 * with jittered backoff on transient failures. Streams fail over only before their first event.
 */
public final class Dispatcher {
    private final Providers providers;
    private final Breakers breakers;
    private final Capacity capacity;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final io.computebroker.observe.Tracing tracing;

    /** Waits between retries; tests pass a no-op. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public Dispatcher(Providers providers, Breakers breakers, Capacity capacity, RetryPolicy retry, Sleeper sleeper) {
        this(providers, breakers, capacity, retry, sleeper, io.computebroker.observe.Tracing.OFF);
    }

    /** {@code tracing} gets one client span per upstream attempt. */
    public Dispatcher(Providers providers, Breakers breakers, Capacity capacity, RetryPolicy retry, Sleeper sleeper,
                      io.computebroker.observe.Tracing tracing) {
        this.tracing = tracing;
        this.providers = providers;
        this.breakers = breakers;
        this.capacity = capacity;
        this.retry = retry;
        this.sleeper = sleeper;
    }

    /** Settings that come from the policy in force for this request. */
    public record Limits(int maxAttemptsPerCandidate, Duration queueTimeout) {}

    public Dispatched complete(String requestId, ChatRequest request, Decision decision, Map<String, String> headers, Limits limits) {
        return run(requestId, request, decision, headers, limits, (provider, call, model) -> provider.chat(call));
    }

    public Dispatched stream(String requestId, ChatRequest request, Decision decision, Map<String, String> headers, Limits limits,
                             StreamSink sink, Consumer<ModelConfig> onFirstEvent) {
        return run(requestId, request, decision, headers, limits, (provider, call, model) -> {
            boolean[] delivered = {false};
            BrokerException[] broken = {null};
            provider.stream(call, StreamSink.of(event -> {
                if (!delivered[0]) {
                    // Nothing has reached the caller yet, so this attempt can still fail over cleanly.
                    if (event instanceof StreamEvent.Failure f) throw new BeforeFirstByte(f.error());
                    delivered[0] = true;
                    onFirstEvent.accept(model);
                }
                if (event instanceof StreamEvent.Failure f) broken[0] = f.error();
                sink.accept(event);
            }, sink::flush));
            if (broken[0] != null) throw new AfterFirstByte(broken[0]);
            return null;
        });
    }

    @FunctionalInterface
    private interface Call {
        io.computebroker.core.ChatResponse run(ChatProvider provider, UpstreamCall call, ModelConfig model);
    }

    private Dispatched run(String requestId, ChatRequest request, Decision decision, Map<String, String> headers,
                           Limits limits, Call call) {
        List<Attempt> attempts = new ArrayList<>();
        BrokerException last = null;
        boolean spilled = false;
        List<ModelConfig> order = decision.order();
        for (int i = 0; i < order.size(); i++) {
            ModelConfig model = order.get(i);
            BoundaryGuard.check(decision.signals().sensitivity(), model);
            CircuitBreaker breaker = breakers.of(model.provider());
            boolean lastCandidate = i == order.size() - 1;
            Capacity.Permit permit = capacity.tryAcquire(model.provider());
            if (permit == null && !lastCandidate) {
                attempts.add(new Attempt(model.id(), model.provider(), 0, "spilled:saturated", null, 0));
                spilled = true;
                continue;
            }
            if (!breaker.allow()) {
                if (permit != null) permit.close();
                attempts.add(new Attempt(model.id(), model.provider(), 0, "skipped:circuit-open", null, 0));
                last = new BrokerException(ErrorKind.UNAVAILABLE, "provider '" + model.provider() + "' is failing (circuit open)");
                continue;
            }
            if (permit == null) permit = capacity.acquire(model.provider(), limits.queueTimeout());
            if (permit == null) {
                breaker.onSuccess(); // give back a half-open probe we could not use; saturation is not a fault
                attempts.add(new Attempt(model.id(), model.provider(), 0, "rejected:saturated", null, 0));
                last = new BrokerException(ErrorKind.RATE_LIMITED, "owned capacity for '" + model.id() + "' stayed saturated for "
                        + limits.queueTimeout().toMillis() + " ms and this request may not leave owned infrastructure; retry later");
                continue;
            }
            ChatProvider provider = providers.chat(model.provider()).orElseThrow(() ->
                    new BrokerException(ErrorKind.UNAVAILABLE, "provider '" + model.provider() + "' is not available"));
            UpstreamCall upstream = new UpstreamCall(requestId, request, model, headers);
            try (Capacity.Permit held = permit) {
                for (int n = 1; n <= limits.maxAttemptsPerCandidate(); n++) {
                    long t0 = System.nanoTime();
                    try {
                        BoundaryGuard.check(decision.signals().sensitivity(), model);
                        io.computebroker.core.ChatResponse r = tracing.upstream(model, n, () -> call.run(provider, upstream, model));
                        breaker.onSuccess();
                        attempts.add(new Attempt(model.id(), model.provider(), n, "ok", null, micros(t0)));
                        return new Dispatched(r, model, attempts, spilled, i > 0);
                    } catch (AfterFirstByte a) {
                        // The caller already has part of the answer and an error event: no fail-over possible.
                        breaker.onFailure();
                        attempts.add(new Attempt(model.id(), model.provider(), n, "failed-mid-stream", a.error.getMessage(), micros(t0)));
                        return new Dispatched(null, model, attempts, spilled, i > 0);
                    } catch (BeforeFirstByte b) {
                        last = b.error;
                    } catch (BrokerException e) {
                        last = e;
                    }
                    attempts.add(new Attempt(model.id(), model.provider(), n, last.kind().name().toLowerCase(java.util.Locale.ROOT),
                            last.getMessage(), micros(t0)));
                    if (RetryPolicy.providerFault(last)) breaker.onFailure();
                    if (!RetryPolicy.retryable(last)) throw new DispatchFailure(last, attempts);
                    if (n < limits.maxAttemptsPerCandidate() && breaker.allow()) pause(retry.backoff(n, last));
                    else break;
                }
            }
        }
        if (last == null) last = new BrokerException(ErrorKind.UNAVAILABLE, "no candidate could be tried");
        throw new DispatchFailure(last, attempts);
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException(ErrorKind.UNAVAILABLE, "interrupted while backing off");
        }
    }

    private static long micros(long t0) { return (System.nanoTime() - t0) / 1000; }

    /** A stream that broke after the caller got its first event (the error event has been sent). */
    private static final class AfterFirstByte extends RuntimeException {
        final BrokerException error;

        AfterFirstByte(BrokerException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }

    /** A stream whose upstream failed before anything reached the caller: still eligible for fail-over. */
    private static final class BeforeFirstByte extends RuntimeException {
        final BrokerException error;

        BeforeFirstByte(BrokerException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }
}
