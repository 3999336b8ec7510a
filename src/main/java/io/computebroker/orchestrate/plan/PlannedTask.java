package io.computebroker.orchestrate.plan;

import io.computebroker.classify.task.TaskClass;

import java.util.List;

/** One task of a validated plan (or a subtask a worker returned). */
public record PlannedTask(String id, String instruction, TaskClass taskClass, List<String> dependsOn, List<String> tools,
                          String acceptance) {
    public PlannedTask {
        dependsOn = List.copyOf(dependsOn);
        tools = List.copyOf(tools);
    }
}
