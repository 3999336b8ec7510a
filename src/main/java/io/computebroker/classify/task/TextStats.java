package io.computebroker.classify.task;

/**
 * What feature extraction counted along the way, for {@link Complexity}. Counts come from the window the
 * extractor reads; {@code codeLines} and {@code lines} are scaled up to the whole prompt.
 *
 * @param chars        length of the whole prompt in chars
 * @param textFeatures n-gram features emitted (their normaliser's denominator)
 * @param zoneFeatures instruction-zone features emitted (likewise)
 * @param constraints  constraint words and phrases ("must", "at least", "without") plus list items
 * @param multiStep    multi-step cues ("step by step", "design", "prove", "trade-offs", "architecture")
 * @param codeLines    estimated lines of code (inside fences, or ending in ; { }, or indented 4+)
 * @param lines        estimated lines
 */
record TextStats(int chars, int textFeatures, int zoneFeatures, int constraints, int multiStep, int codeLines, int lines) {}
