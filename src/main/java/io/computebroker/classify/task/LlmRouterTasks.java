package io.computebroker.classify.task;

import java.util.Map;
import java.util.TreeMap;

/**
 * How the 14 task names of the LLMRouter query data map onto {@link TaskClass}. The class says what
 * shape of answer is wanted; how hard the question is goes into complexity, not the class — so GPQA
 * (graduate-level science, multiple choice) is QA like TriviaQA, and its difficulty shows up as length,
 * jargon and calculation cues.
 *
 * <pre>
 *   natural_qa, trivia_qa                  → QA         short factual questions
 *   mmlu, arc_challenge, openbook_qa,
 *   commonsense_qa, gpqa                   → QA         multiple-choice knowledge and reading questions
 *                                                       (the choices are a separate field, not in the text)
 *   math, gsm8k, agentverse-mgsm           → MATH       competition and grade-school word problems
 *   mbpp, human_eval                       → CODE       "Write a function …" and Python stubs with docstrings
 *   agentverse-logicgrid                   → REASONING  zebra-style logic-grid puzzles
 *   commongen                              → CREATIVE   a bare list of concepts to weave into sentences
 * </pre>
 * Nothing in the data is CLASSIFY, EXTRACT, SUMMARIZE, TRANSLATE, REWRITE, PLAN or CHAT, and REASONING and
 * CREATIVE are one narrow format each: the shipped supplement ({@code classify/supplement.jsonl}) fills them.
 */
public final class LlmRouterTasks {
    private static final Map<String, TaskClass> MAPPING = new TreeMap<>(Map.ofEntries(
            Map.entry("natural_qa", TaskClass.QA),
            Map.entry("trivia_qa", TaskClass.QA),
            Map.entry("mmlu", TaskClass.QA),
            Map.entry("arc_challenge", TaskClass.QA),
            Map.entry("openbook_qa", TaskClass.QA),
            Map.entry("commonsense_qa", TaskClass.QA),
            Map.entry("gpqa", TaskClass.QA),
            Map.entry("math", TaskClass.MATH),
            Map.entry("gsm8k", TaskClass.MATH),
            Map.entry("agentverse-mgsm", TaskClass.MATH),
            Map.entry("mbpp", TaskClass.CODE),
            Map.entry("human_eval", TaskClass.CODE),
            Map.entry("agentverse-logicgrid", TaskClass.REASONING),
            Map.entry("commongen", TaskClass.CREATIVE)));

    private LlmRouterTasks() {}

    /** @throws IllegalArgumentException for a task name not in the mapping, naming the known ones */
    public static TaskClass map(String taskName) {
        TaskClass c = taskName == null ? null : MAPPING.get(taskName.strip().toLowerCase(java.util.Locale.ROOT));
        if (c == null) {
            throw new IllegalArgumentException("unknown LLMRouter task name '" + taskName + "'; known: "
                    + String.join(", ", MAPPING.keySet()));
        }
        return c;
    }

    public static Map<String, TaskClass> mapping() { return java.util.Collections.unmodifiableMap(MAPPING); }
}
