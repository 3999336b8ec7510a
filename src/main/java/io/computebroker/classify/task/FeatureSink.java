package io.computebroker.classify.task;

/**
 * Receives hashed features as the extractor finds them. The classifier adds weights on the spot and
 * the trainer records indices, so both see exactly the same features and no feature list is built
 * at inference time.
 */
interface FeatureSink {
    /** An n-gram feature; all of them together are scaled by count^-0.75 so long prompts do not shout. */
    void text(int bucket);

    /**
     * A word of the instruction zone (the start of the prompt, its last line); scaled by 1/sqrt(count) as a
     * group of its own, so a long pasted document cannot dilute it.
     */
    void zone(int bucket);

    /** A structural feature (length bucket, code fence, instruction cue …), value 1. */
    void structural(int bucket);
}
