package io.computebroker.classify.task;

/** One training or evaluation example. */
public record LabeledPrompt(String text, TaskClass task) {
    public LabeledPrompt {
        if (text == null) throw new IllegalArgumentException("text is required");
        if (task == null) throw new IllegalArgumentException("task is required");
    }
}
