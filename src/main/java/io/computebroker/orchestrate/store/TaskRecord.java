package io.computebroker.orchestrate.store;

import io.computebroker.classify.task.TaskClass;
import io.computebroker.orchestrate.TaskState;

import java.util.List;

/**
 * One row of {@code run_tasks}. {@code approval} is null until a human decided ("approved" or
 * "rejected"); {@code leaseUntil} is epoch ms, null when no worker holds the task.
 */
public record TaskRecord(String runId, String id, String parentId, int depth, int seq, String instruction, TaskClass taskClass,
                         List<String> dependsOn, List<String> tools, String acceptance, String idempotencyKey, TaskState state,
                         boolean needsApproval, String approval, String decidedBy, Long decidedAt, String leaseOwner, Long leaseUntil,
                         int attempts, String result, String error, long costNusd, long createdAt, Long finishedAt) {
    public TaskRecord {
        dependsOn = List.copyOf(dependsOn);
        tools = List.copyOf(tools);
    }
}
