package io.computebroker.pipeline;

import io.computebroker.classify.CallerSignals;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Usage;
import io.computebroker.decide.Decision;
import io.computebroker.dispatch.DispatchFailure;
import io.computebroker.dispatch.Dispatched;
import io.computebroker.dispatch.Dispatcher;
import io.computebroker.eval.live.Experiments;
import io.computebroker.settle.Cost;
import io.computebroker.settle.CostCalculator;
import io.computebroker.settle.Pending;
import io.computebroker.settle.Settlement;
import io.computebroker.settle.Settler;
import io.computebroker.settle.WorstCase;

import java.util.List;
import java.util.function.Function;

/** One shadow trial of a served request, on a thread of its own: the caller never waits for it. */
final class ShadowTrial {
    private final Dispatcher dispatcher;
    private final Settler settler;
    private final Experiments experiments;
    private final Dispatcher.Limits limits;
    /** The pipeline's {@code complete}, for an LLM judge's call. */
    private final Function<Exchange, Completed> pipeline;

    ShadowTrial(Dispatcher dispatcher, Settler settler, Experiments experiments, Dispatcher.Limits limits, Function<Exchange, Completed> pipeline) {
        this.dispatcher = dispatcher;
        this.settler = settler;
        this.experiments = experiments;
        this.limits = limits;
        this.pipeline = pipeline;
    }

    /**
     * A shadow trial: the same request to the candidate, recorded in the ledger under its own id (it is
     * billed like any call), scored against the answer the caller got. The caller never waits for it.
     */
    void run(Exchange ex, Decision primary, ChatResponse answer, ModelConfig candidate) {
        Decision d = primary.withOrder(List.of(candidate), "shadow:" + candidate.id());
        String id = ex.requestId() + "-shadow";
        Pending p = new Pending(id, ex.principal(), d, io.computebroker.ledger.Nusd.of(WorstCase.usd(d, ex.request())),
                io.computebroker.ledger.PromptText.hash(ex.request()), System.currentTimeMillis(), ex.request());
        settler.pending(p);
        long t0 = System.nanoTime();
        try {
            Dispatched done = dispatcher.complete(id, ex.request(), d, ex.forwardHeaders(), limits);
            Usage usage = done.response().usage();
            Cost cost = CostCalculator.cost(usage, candidate.price(), usage.equals(Usage.ZERO));
            long micros = (System.nanoTime() - t0) / 1000;
            settler.settle(new Settlement(id, ex.principal(), d, candidate, done.attempts(), false, false, usage, cost, 200, null,
                    false, micros, micros, p, done.response().text(), "none", 0));
            experiments.scoreShadow(primary, answer, done.response(), candidate.id(),
                    (judgeModel, reference, cand) -> judge(ex, judgeModel, reference, cand));
        } catch (DispatchFailure f) {
            settler.settle(new Settlement(id, ex.principal(), d, null, f.attempts(), false, false, Usage.ZERO, Cost.ZERO,
                    f.error().status(), f.error().getMessage(), false, (System.nanoTime() - t0) / 1000, -1, p, null, null, 0));
        } catch (RuntimeException e) {
            settler.settle(new Settlement(id, ex.principal(), d, null, List.of(), false, false, Usage.ZERO, Cost.ZERO, 500,
                    e.toString(), false, (System.nanoTime() - t0) / 1000, -1, p, null, null, 0));
        }
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("(?<![\\w.])(0(?:\\.\\d+)?|1(?:\\.0+)?)(?![\\w.])");

    /**
     * An LLM judge called through the pipeline like any request (tagged feature "judge", task classify),
     * so it is routed, budgeted and billed to the tenant whose trial it serves. An unreadable grade is 0.
     */
    private double judge(Exchange ex, String judgeModel, ChatResponse reference, ChatResponse candidate) {
        String prompt = "Grade the CANDIDATE answer against the REFERENCE answer for correctness and completeness.\n"
                + "Reply with one number between 0 and 1 and nothing else.\n\nREFERENCE:\n" + reference.text()
                + "\n\nCANDIDATE:\n" + candidate.text();
        ChatRequest req = new ChatRequest(judgeModel, null, List.of(io.computebroker.core.Message.user(prompt)), null, null, 10, 0.0,
                null, null, false, false, null, null, null, io.computebroker.core.WireFormat.OPENAI, null);
        Exchange judging = new Exchange(ex.requestId() + "-judge", ex.principal(), req,
                new CallerSignals(io.computebroker.classify.task.TaskClass.CLASSIFY, null, "judge", ex.declared().runId(), null, null, "off"),
                io.computebroker.core.WireFormat.OPENAI, java.util.Map.of(), System.nanoTime());
        try {
            var m = NUMBER.matcher(pipeline.apply(judging).response().text());
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
