package io.computebroker.orchestrate.work;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.Role;
import io.computebroker.orchestrate.AgentProfile;
import io.computebroker.orchestrate.ModelClient;
import io.computebroker.orchestrate.plan.PlanSchema;
import io.computebroker.orchestrate.plan.PlannedTask;
import io.computebroker.orchestrate.store.RunRecord;
import io.computebroker.orchestrate.store.RunStore;
import io.computebroker.orchestrate.store.TaskRecord;
import io.computebroker.orchestrate.tools.AgentTool;
import io.computebroker.orchestrate.tools.ToolRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Executes one task through the gateway: the instruction with the results of the tasks it depends on
 * (not the whole run's context), the tools it declared, and a bounded tool loop. A tool call runs only
 * when the run's profile allows the tool (and, for a high-impact tool, the task was approved); a denied
 * call is recorded and handed back to the model as an error result. An answer that is a JSON object
 * with {@code subtasks} spawns them, within the run's depth and task limits.
 */
public final class TaskRunner {
    /** Marks the worker's system prompt (scripted simulators match on it). */
    public static final String ROLE = "You are a worker in an orchestrated run.";

    private final ModelClient models;
    private final ToolRegistry registry;
    private final RunStore runs;
    private final int toolTurns;

    public TaskRunner(ModelClient models, ToolRegistry registry, RunStore runs, int toolTurns) {
        this.models = models;
        this.registry = registry;
        this.runs = runs;
        this.toolTurns = toolTurns;
    }

    /** What a task produced. {@code refused} says why returned subtasks were not spawned (null: none refused). */
    public record Outcome(String result, List<PlannedTask> subtasks, String refused) {}

    /**
     * @param inputs     results of the tasks this one depends on, by task id
     * @param roomForSubtasks how many more tasks the run may hold (0: no subtasks allowed)
     */
    public Outcome run(RunRecord run, TaskRecord task, AgentProfile profile, Map<String, String> inputs, int roomForSubtasks) {
        boolean maySplit = task.depth() < run.limits().maxDepth() && roomForSubtasks > 0;
        String system = ROLE + " Do the one task you are given and reply with its result."
                + (maySplit ? " If the task is clearly too large for one answer, instead reply with only a JSON object"
                        + " {\"subtasks\": [...], \"result\": \"what you did\"} whose subtasks follow the plan schema"
                        + " (id, instruction, task_class, depends_on, tools, acceptance; at most " + roomForSubtasks + ")." : "");
        StringBuilder user = new StringBuilder("Goal of the run: ").append(run.goal())
                .append("\nTask ").append(task.id()).append(": ").append(task.instruction())
                .append("\nAcceptance check: ").append(task.acceptance() == null ? "(none)" : task.acceptance());
        if (!inputs.isEmpty()) {
            user.append("\nResults of the tasks this one depends on:");
            inputs.forEach((id, r) -> user.append("\n[").append(id).append("] ").append(r));
        }
        List<Message> messages = new ArrayList<>(List.of(Message.user(user.toString())));
        var tools = registry.definitions(task.tools());
        ModelClient.Reply reply = null;
        for (int turn = 0; ; turn++) {
            boolean allowTools = turn < toolTurns;
            reply = models.call(run, task.id(), "task", task.taskClass(), system, messages, tools, allowTools);
            List<Content.ToolUse> uses = reply.toolUses();
            if (uses.isEmpty() || !allowTools) break;
            messages.add(new Message(Role.ASSISTANT, reply.response().content()));
            List<Content> results = new ArrayList<>();
            for (Content.ToolUse use : uses) results.add(execute(run, task, profile, use));
            messages.add(new Message(Role.USER, results));
        }
        return outcome(reply.text(), task, maySplit, roomForSubtasks);
    }

    private Content.ToolResult execute(RunRecord run, TaskRecord task, AgentProfile profile, Content.ToolUse use) {
        String denied = registry.find(use.name()).isEmpty() ? "no tool named '" + use.name() + "'"
                : !profile.allows(use.name()) ? "tool '" + use.name() + "' is not permitted for agent profile '" + profile.name() + "'"
                : profile.highImpact(use.name()) && !"approved".equals(task.approval())
                        ? "tool '" + use.name() + "' is high-impact and this task was not approved for it" : null;
        String outcome, detail;
        if (denied != null) {
            outcome = "denied";
            detail = denied;
        } else {
            try {
                JsonNode args = use.argumentsJson() == null || use.argumentsJson().isBlank() ? Json.object() : Json.parse(use.argumentsJson());
                detail = registry.find(use.name()).orElseThrow().run(args);
                outcome = "executed";
            } catch (AgentTool.ToolFailure e) {
                outcome = "error";
                detail = e.getMessage();
            } catch (io.computebroker.core.BrokerException e) { // arguments that are not JSON
                outcome = "error";
                detail = "arguments are not a JSON object: " + e.getMessage();
            }
        }
        if (denied != null) runs.event(run.id(), "tool_denied", Json.object().put("task", task.id()).put("tool", use.name())
                .put("reason", denied), System.currentTimeMillis());
        runs.recordTool(new RunStore.ToolCall("tc_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36),
                run.id(), task.id(), use.name(), use.argumentsJson(), outcome, detail, System.currentTimeMillis()));
        String text = outcome.equals("executed") ? detail : "error: " + detail;
        return new Content.ToolResult(use.id(), List.of(Content.Text.of(text)), !outcome.equals("executed"), null);
    }

    private Outcome outcome(String text, TaskRecord task, boolean maySplit, int room) {
        JsonNode json = text.contains("\"subtasks\"") ? PlanSchema.extract(text) : null;
        if (json == null || !json.has("subtasks")) return new Outcome(text, List.of(), null);
        if (!maySplit) return new Outcome(text, List.of(), "the run's max_depth or max_tasks leaves no room for subtasks");
        try {
            List<PlannedTask> subtasks = PlanSchema.validate(json, "subtasks", registry.names(), room);
            String note = json.path("result").asText("");
            String result = (note.isBlank() ? "" : note + "\n") + "Split into " + subtasks.size() + " subtasks: "
                    + String.join(", ", subtasks.stream().map(s -> task.id() + "." + s.id()).toList());
            return new Outcome(result, subtasks, null);
        } catch (PlanSchema.InvalidPlan e) {
            return new Outcome(text, List.of(), "invalid subtasks: " + e.getMessage());
        }
    }
}
