package io.computebroker.classify;

import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.sensitivity.SensitivityScanner;
import io.computebroker.classify.task.TaskClassifier;
import io.computebroker.classify.task.TaskPrediction;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.Message;
import io.computebroker.core.ResponseFormat;
import io.computebroker.core.Role;
import io.computebroker.identify.Principal;
import io.computebroker.tokens.TokenCounter;

/**
 * The classify stage: declared signals, then inferred ones for what is missing. Pure CPU, no I/O and no
 * model calls (seed 001: lightweight ML, not an LLM, in the hot path).
 *
 * <p>Sensitivity scans everything that would leave the broker: system text, every message's text and
 * tool results, and tool-call arguments; the level is max(declared, detected, key floor), so a caller
 * can raise it but never lower it below what was detected.
 */
public final class Classifier {
    private final TokenCounter tokens;
    private final TaskClassifier tasks;
    private final ScanMemo scans;

    public Classifier(TokenCounter tokens, TaskClassifier tasks, SensitivityScanner scanner) {
        this.tokens = tokens;
        this.tasks = tasks;
        this.scans = new ScanMemo(scanner);
    }

    public Signals classify(ChatRequest request, CallerSignals declared, Principal principal) {
        Detected detected = scan(request);
        Sensitivity level = detected.level;
        Signals.Source levelSource = detected.types.isEmpty() ? Signals.Source.DEFAULT : Signals.Source.INFERRED;
        if (declared.sensitivity() != null && declared.sensitivity().compareTo(level) >= 0) {
            level = declared.sensitivity();
            levelSource = Signals.Source.DECLARED;
        }
        if (principal.sensitivityFloor().compareTo(level) > 0) {
            level = principal.sensitivityFloor();
            levelSource = Signals.Source.KEY_FLOOR;
        }
        TaskPrediction predicted = tasks.classify(taskText(request));
        boolean declaredTask = declared.task() != null;
        boolean json = request.responseFormat() != null && request.responseFormat().kind() != ResponseFormat.Kind.TEXT;
        String feature = declared.feature() != null ? declared.feature() : principal.defaultFeature();
        return new Signals(
                declaredTask ? declared.task() : predicted.task(),
                declaredTask ? Signals.Source.DECLARED : Signals.Source.INFERRED,
                declaredTask ? 1.0 : predicted.confidence(),
                predicted.complexity(),
                level, levelSource, detected.types,
                feature, declared.runId(), declared.maxCostUsd(), declared.latencyTargetMs(),
                tokens.estimatePrompt(request), request.maxTokens(), !request.tools().isEmpty(), request.hasImages(), json);
    }

    /** The last user turn says what the work is; earlier turns and the system prompt are context. */
    public static String taskText(ChatRequest request) {
        for (int i = request.messages().size() - 1; i >= 0; i--) {
            Message m = request.messages().get(i);
            if (m.role() != Role.USER) continue;
            // One text block (the usual case): one copy of it, not a builder's two.
            if (m.content().size() == 1 && m.content().get(0) instanceof Content.Text only) return only.text() + '\n';
            StringBuilder sb = new StringBuilder();
            for (Content c : m.content()) if (c instanceof Content.Text t) sb.append(t.text()).append('\n');
            if (!sb.isEmpty()) return sb.toString();
        }
        return request.systemText();
    }

    /** Level and entity types over every outbound text, block by block (no prompt-sized copy is built). */
    private Detected scan(ChatRequest request) {
        Detected d = new Detected();
        for (Content c : request.system()) d.add(c, scans);
        for (Message m : request.messages()) {
            for (Content c : m.content()) d.add(c, scans);
        }
        return d;
    }

    private static final class Detected {
        Sensitivity level = Sensitivity.PUBLIC;
        final java.util.EnumSet<io.computebroker.classify.sensitivity.EntityType> types =
                java.util.EnumSet.noneOf(io.computebroker.classify.sensitivity.EntityType.class);

        void add(Content c, ScanMemo scans) {
            switch (c) {
                case Content.Text t -> merge(scans.verdict(t.text()));
                case Content.ToolResult r -> r.content().forEach(x -> add(x, scans));
                case Content.ToolUse u -> merge(scans.verdict(u.argumentsJson()));
                case Content.Thinking th -> merge(scans.verdict(th.text()));
                case Content.Image ignored -> { }
            }
        }

        private void merge(ScanMemo.Verdict r) {
            level = level.max(r.level());
            types.addAll(r.types());
        }
    }
}
