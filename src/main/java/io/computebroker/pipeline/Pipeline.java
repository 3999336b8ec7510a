package io.computebroker.pipeline;

import io.computebroker.classify.Classifier;
import io.computebroker.classify.Signals;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.Usage;
import io.computebroker.decide.Decider;
import io.computebroker.decide.Decision;
import io.computebroker.dispatch.Dispatcher;
import io.computebroker.provider.StreamSink;
import io.computebroker.settle.Cost;
import io.computebroker.settle.CostCalculator;
import io.computebroker.settle.Settlement;
import io.computebroker.settle.Settler;
import io.computebroker.tokens.TokenCounter;

import java.util.function.Consumer;

/**
 * The data-plane pipeline: classify → decide → dispatch → settle, one readable method per mode.
 * Identification happened before (the server authenticates); wire decoding and encoding happen outside.
 * Stages import no HTTP types, so the pipeline runs the same under the server, the bench and tests.
 */
public final class Pipeline {
    private final Classifier classifier;
    private final Decider decider;
    private final Dispatcher dispatcher;
    private final Settler settler;
    private final TokenCounter tokens;

    public Pipeline(Classifier classifier, Decider decider, Dispatcher dispatcher, Settler settler, TokenCounter tokens) {
        this.classifier = classifier;
        this.decider = decider;
        this.dispatcher = dispatcher;
        this.settler = settler;
        this.tokens = tokens;
    }

    public Completed complete(Exchange ex) {
        Signals signals = classifier.classify(ex.request());
        Decision decision = decider.decide(ex.request(), signals);
        try {
            ChatResponse response = dispatcher.complete(ex.requestId(), ex.request(), decision, ex.forwardHeaders());
            boolean estimated = response.usage().equals(Usage.ZERO);
            Usage usage = estimated ? new Usage(signals.promptTokens(), 0, 0, tokens.count(response.text()), 0) : response.usage();
            Cost cost = CostCalculator.cost(usage, decision.model().price(), estimated);
            long micros = micros(ex);
            settler.settle(new Settlement(ex.requestId(), ex.principal(), decision, usage, cost, 200, null, false, micros, micros));
            return new Completed(response, decision, cost);
        } catch (BrokerException e) {
            settler.settle(new Settlement(ex.requestId(), ex.principal(), decision, Usage.ZERO, Cost.ZERO, e.status(),
                    e.getMessage(), false, micros(ex), -1));
            throw e;
        }
    }

    /**
     * Streams the answer to {@code sink}. {@code onDecided} runs once, before the first event, so the
     * caller can send response headers. Errors before the first event are thrown; after it they arrive
     * as a {@link StreamEvent.Failure}. If the sink throws (caller gone) the upstream is closed and the
     * call is still settled for what was generated.
     */
    public void stream(Exchange ex, Consumer<Decision> onDecided, StreamSink sink) {
        Signals signals = classifier.classify(ex.request());
        Decision decision = decider.decide(ex.request(), signals);
        onDecided.accept(decision);
        StreamObserver observer = new StreamObserver(ex.startNanos());
        int status = 200;
        String error = null;
        try {
            dispatcher.stream(ex.requestId(), ex.request(), decision, ex.forwardHeaders(), event -> {
                observer.see(event);
                sink.accept(event);
            });
            error = observer.failure();
        } catch (BrokerException e) {
            status = e.status();
            error = e.getMessage();
            throw e;
        } catch (RuntimeException e) {
            error = "caller disconnected: " + e.getClass().getSimpleName();
            throw e;
        } finally {
            // An upstream that refused before streaming generated nothing and bills nothing.
            Usage usage = status == 200 ? observer.usage(signals.promptTokens(), tokens) : Usage.ZERO;
            Cost cost = CostCalculator.cost(usage, decision.model().price(), !observer.usageReported());
            settler.settle(new Settlement(ex.requestId(), ex.principal(), decision, usage, cost, status, error, true,
                    micros(ex), observer.ttftMicros()));
        }
    }

    private static long micros(Exchange ex) { return (System.nanoTime() - ex.startNanos()) / 1000; }
}
