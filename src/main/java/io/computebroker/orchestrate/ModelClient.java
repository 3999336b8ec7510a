package io.computebroker.orchestrate;

import io.computebroker.classify.CallerSignals;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.Message;
import io.computebroker.core.Tool;
import io.computebroker.core.ToolChoice;
import io.computebroker.core.Usage;
import io.computebroker.core.WireFormat;
import io.computebroker.ledger.Nusd;
import io.computebroker.orchestrate.store.RunRecord;
import io.computebroker.orchestrate.store.RunStore;
import io.computebroker.pipeline.Completed;
import io.computebroker.pipeline.Exchange;
import io.computebroker.pipeline.Pipeline;
import io.computebroker.settle.CostCalculator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The plane's only way to a model: the data-plane pipeline, in-process, exactly as an HTTP call takes it
 * (classify → route → reserve against budgets → cache → dispatch → settle → ledger). Every call carries
 * the run id (so the run's budget and the ledger's run column apply), the task class, and the run's
 * sensitivity. Each call is also noted in {@code run_calls} for the run report, with its baseline: what
 * the same tokens would have cost on the baseline (frontier) model.
 */
public final class ModelClient {
    private final Pipeline pipeline;
    private final RunStore runs;
    private final io.computebroker.orchestrate.store.TaskLedger tasks;
    private final ModelConfig baseline;
    private final int maxTokens;

    public ModelClient(Pipeline pipeline, RunStore runs, io.computebroker.orchestrate.store.TaskLedger tasks, ModelConfig baseline,
                       int maxTokens) {
        this.pipeline = pipeline;
        this.runs = runs;
        this.tasks = tasks;
        this.baseline = baseline;
        this.maxTokens = maxTokens;
    }

    /** A model's answer and what it cost. */
    public record Reply(ChatResponse response, String model, long costNusd) {
        public String text() { return response.text(); }

        public List<Content.ToolUse> toolUses() {
            return response.content().stream().filter(c -> c instanceof Content.ToolUse).map(c -> (Content.ToolUse) c).toList();
        }
    }

    /**
     * One call. {@code purpose} is plan, task or aggregate; {@code taskId} null outside tasks.
     *
     * @throws BrokerException as the gateway raised it (BUDGET_EXCEEDED when the run's budget cannot take the call)
     */
    public Reply call(RunRecord run, String taskId, String purpose, TaskClass task, String system, List<Message> messages,
                      List<Tool> tools, boolean allowTools) {
        String requestId = "req_" + randomId();
        ChatRequest request = new ChatRequest("auto", List.of(Content.Text.of(system)), messages, tools,
                tools.isEmpty() ? null : allowTools ? ToolChoice.AUTO : new ToolChoice(ToolChoice.Mode.NONE, null, true),
                maxTokens, null, null, null, false, false, null, null, null, WireFormat.OPENAI, Map.of());
        CallerSignals signals = new CallerSignals(task, run.sensitivity(), null, run.id(), null, null, null);
        Exchange ex = new Exchange(requestId, run.principal(), request, signals, WireFormat.OPENAI, Map.of(), System.nanoTime());
        long now = System.currentTimeMillis();
        Completed done;
        try {
            done = pipeline.complete(ex);
        } catch (BrokerException e) {
            runs.recordCall(new RunStore.Call(requestId, run.id(), taskId, purpose, task.wire(), null, null, 0, 0, 0, 0,
                    e.kind().openAiCode, now));
            throw e;
        }
        ChatResponse response = done.response();
        Usage usage = response.usage();
        ModelConfig served = done.dispatched().served();
        long cost = Nusd.of(done.cost().totalUsd());
        long base = baseline == null ? cost : Nusd.of(CostCalculator.cost(usage, baseline.price(), false).totalUsd());
        runs.recordCall(new RunStore.Call(requestId, run.id(), taskId, purpose, task.wire(), served.id(),
                served.provider() + "/" + served.id(), usage.inputTokens(), usage.outputTokens(), cost, base, "ok", now));
        if (taskId != null) tasks.addCost(run.id(), taskId, cost);
        return new Reply(response, served.id(), cost);
    }

    private static String randomId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(24);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 24; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return sb.toString();
    }
}
