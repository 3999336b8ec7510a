package io.computebroker.classify.task;

/**
 * The classifier's answer for one prompt.
 *
 * @param task       the most probable class
 * @param confidence the softmax probability of {@code task}, in (0, 1]
 * @param complexity a monotone difficulty estimate in [0, 1] (see {@link Complexity})
 */
public record TaskPrediction(TaskClass task, double confidence, double complexity) {
    public TaskPrediction {
        if (task == null) throw new IllegalArgumentException("task is required");
        if (!(confidence >= 0 && confidence <= 1)) throw new IllegalArgumentException("confidence must be in [0,1]: " + confidence);
        if (!(complexity >= 0 && complexity <= 1)) throw new IllegalArgumentException("complexity must be in [0,1]: " + complexity);
    }
}
