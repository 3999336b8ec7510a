package io.computebroker.orchestrate;

/**
 * Bounds of one run: how many tasks it may hold in all (planned plus spawned), how deep subtasks may
 * nest (planned tasks are depth 0), and how long it may take from creation.
 */
public record RunLimits(int maxTasks, int maxDepth, long maxWallMs) {
    public static final RunLimits DEFAULT = new RunLimits(50, 2, 30 * 60_000L);

    public RunLimits {
        if (maxTasks < 1 || maxTasks > 10_000) throw new IllegalArgumentException("limits.max_tasks must be within 1..10000");
        if (maxDepth < 0 || maxDepth > 10) throw new IllegalArgumentException("limits.max_depth must be within 0..10");
        if (maxWallMs < 1_000) throw new IllegalArgumentException("limits.max_wall_seconds must be >= 1");
    }
}
