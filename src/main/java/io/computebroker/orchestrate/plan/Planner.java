package io.computebroker.orchestrate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.Message;
import io.computebroker.orchestrate.ModelClient;
import io.computebroker.orchestrate.store.RunRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Asks for a plan: one call tagged {@code plan}, whose answer must validate against {@link PlanSchema}.
 * An invalid answer is sent back with the list of problems and asked for again, at most
 * {@code attempts} times in all; then planning fails with the last problems as the reason.
 */
public final class Planner {
    /** Marks the planner's system prompt (scripted simulators match on it). */
    public static final String ROLE = "You are the planner of an orchestrated run.";

    private final ModelClient models;
    private final int attempts;

    public Planner(ModelClient models, int attempts) {
        this.models = models;
        this.attempts = attempts;
    }

    /** A validated plan, and the JSON it came from. */
    public record Plan(List<PlannedTask> tasks, JsonNode json) {}

    public static final class PlanningFailed extends Exception {
        public PlanningFailed(String message) { super(message); }
    }

    public Plan plan(RunRecord run, Set<String> tools) throws PlanningFailed {
        String system = ROLE + " Break the goal into tasks that cheap worker models can do one by one. Reply with a JSON"
                + " object only, no prose, valid against this JSON schema:\n" + PlanSchema.text()
                + "\nRules: at most " + run.limits().maxTasks() + " tasks; depends_on lists ids whose results a task needs;"
                + " tools may only name: " + (tools.isEmpty() ? "(none)" : String.join(", ", new java.util.TreeSet<>(tools)))
                + "; acceptance says how to check the task's result.";
        List<Message> messages = new ArrayList<>(List.of(Message.user("Goal: " + run.goal())));
        List<String> problems = List.of();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            ModelClient.Reply reply = models.call(run, null, "plan", TaskClass.PLAN, system, messages, List.of(), false);
            JsonNode json = PlanSchema.extract(reply.text());
            try {
                if (json == null) throw new PlanSchema.InvalidPlan(List.of("$: the answer holds no JSON object"));
                return new Plan(PlanSchema.validate(json, "tasks", tools, run.limits().maxTasks()), json);
            } catch (PlanSchema.InvalidPlan e) {
                problems = e.problems();
                messages.add(Message.assistant(reply.text().isEmpty() ? "(empty)" : reply.text()));
                messages.add(Message.user("That plan was rejected: " + String.join("; ", problems)
                        + ". Reply with the corrected plan as a JSON object only."));
            }
        }
        throw new PlanningFailed("no valid plan after " + attempts + " attempt(s): " + String.join("; ", problems));
    }
}
