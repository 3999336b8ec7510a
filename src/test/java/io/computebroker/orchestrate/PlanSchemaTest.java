package io.computebroker.orchestrate;

import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.Json;
import io.computebroker.orchestrate.plan.PlanSchema;
import io.computebroker.orchestrate.plan.PlannedTask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanSchemaTest {
    private static final Set<String> TOOLS = Set.of("calculator", "read_file");

    private static List<PlannedTask> valid(String json) throws PlanSchema.InvalidPlan {
        return PlanSchema.validate(Json.parse(json), "tasks", TOOLS, 10);
    }

    private static List<String> problems(String json, int max) {
        try {
            PlanSchema.validate(Json.parse(json), "tasks", TOOLS, max);
            throw new AssertionError("expected the plan to be rejected: " + json);
        } catch (PlanSchema.InvalidPlan e) {
            return e.problems();
        }
    }

    @Test
    void aValidPlanParsesWithDefaults() throws Exception {
        List<PlannedTask> plan = valid("""
                {"tasks": [{"id": "a", "instruction": "x", "task_class": "Summarize", "acceptance": "y"},
                           {"id": "b", "instruction": "x", "task_class": "math", "depends_on": ["a"], "tools": ["calculator"], "acceptance": "y"}]}""");
        assertThat(plan).extracting(PlannedTask::id).containsExactly("a", "b");
        assertThat(plan.get(0).taskClass()).isEqualTo(TaskClass.SUMMARIZE);
        assertThat(plan.get(0).dependsOn()).isEmpty();
        assertThat(plan.get(1).tools()).containsExactly("calculator");
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        List<String> p = problems("""
                {"tasks": [{"id": "a b", "instruction": "", "task_class": "dance", "tools": ["rm"], "extra": 1},
                           {"id": "c", "instruction": "x", "task_class": "qa", "acceptance": "y", "depends_on": ["zz"]}], "notes": 1}""", 10);
        assertThat(String.join("\n", p))
                .contains("$.notes: unknown property")
                .contains("$.tasks[0].id: must match")
                .contains("$.tasks[0].instruction: must be a non-empty string")
                .contains("$.tasks[0].task_class: unknown task class 'dance'")
                .contains("$.tasks[0].tools: no tool named 'rm'")
                .contains("$.tasks[0].extra: unknown property")
                .contains("$.tasks[0].acceptance: required")
                .contains("task c: depends_on names 'zz'");
    }

    @Test
    void cyclesDuplicatesAndLimitsAreRejected() {
        assertThat(problems("""
                {"tasks": [{"id": "a", "instruction": "x", "task_class": "qa", "acceptance": "y", "depends_on": ["c"]},
                           {"id": "b", "instruction": "x", "task_class": "qa", "acceptance": "y", "depends_on": ["a"]},
                           {"id": "c", "instruction": "x", "task_class": "qa", "acceptance": "y", "depends_on": ["b"]}]}""", 10))
                .singleElement().asString().startsWith("depends_on forms a cycle: a → c → b → a");
        assertThat(problems("""
                {"tasks": [{"id": "a", "instruction": "x", "task_class": "qa", "acceptance": "y"},
                           {"id": "a", "instruction": "x", "task_class": "qa", "acceptance": "y"}]}""", 10))
                .anyMatch(s -> s.contains("'a' is used twice"));
        assertThat(problems("""
                {"tasks": [{"id": "a", "instruction": "x", "task_class": "qa", "acceptance": "y"},
                           {"id": "b", "instruction": "x", "task_class": "qa", "acceptance": "y"}]}""", 1))
                .anyMatch(s -> s.contains("2 tasks, but at most 1"));
        assertThat(problems("{\"tasks\": []}", 10)).anyMatch(s -> s.contains("at least one task"));
        assertThatThrownBy(() -> valid("[1]")).isInstanceOf(PlanSchema.InvalidPlan.class).hasMessageContaining("expected a JSON object");
    }

    @Test
    void theJsonIsFoundInsideProseOrAFence() {
        assertThat(PlanSchema.extract("Sure!\n```json\n{\"tasks\": []}\n```\nDone.").has("tasks")).isTrue();
        assertThat(PlanSchema.extract("Plan: {\"tasks\": [1]} ok").get("tasks").size()).isEqualTo(1);
        assertThat(PlanSchema.extract("no json here")).isNull();
        assertThat(PlanSchema.extract("{broken")).isNull();
    }

    @Test
    void thePublishedSchemaNamesEveryField() {
        assertThat(PlanSchema.text()).contains("\"id\"", "\"instruction\"", "\"task_class\"", "\"depends_on\"", "\"tools\"", "\"acceptance\"");
        assertThat(Json.parse(PlanSchema.text()).path("properties").has("tasks")).isTrue();
    }
}
