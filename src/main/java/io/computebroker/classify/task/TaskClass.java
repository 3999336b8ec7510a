package io.computebroker.classify.task;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a prompt asks for, coarse enough to learn from a few thousand examples and fine enough that
 * quality per (model, task class) differs. Difficulty is not part of the class: a hard QA prompt is
 * still QA, with a high {@link TaskPrediction#complexity()}.
 *
 * <ul>
 *   <li>CLASSIFY — pick a label for given text (sentiment, topic, intent, spam, urgency)
 *   <li>EXTRACT — pull fields or entities out of given text (names, dates, amounts, JSON from prose)
 *   <li>SUMMARIZE — shorten given text (summary, TL;DR, key points, recap)
 *   <li>TRANSLATE — move text between languages, or say what a foreign phrase means
 *   <li>REWRITE — change the form of given text, keeping its meaning (tone, grammar, paraphrase, simplify)
 *   <li>QA — answer a knowledge or reading question, multiple choice included
 *   <li>CODE — write, fix, explain or review code, queries, configs
 *   <li>MATH — calculate, solve, prove, word problems
 *   <li>REASONING — logic puzzles, deduction, spotting fallacies, causal arguments
 *   <li>PLAN — schedules, itineraries, roadmaps, project plans, and system/architecture designs
 *   <li>CHAT — greetings, small talk, feelings, thanks
 *   <li>CREATIVE — stories, poems, lyrics, slogans, dialogue, sentences woven from given words
 * </ul>
 *
 * <p>The ordinal order is part of the model file format (weights are stored per ordinal): append new
 * constants at the end and retrain, never reorder.
 */
public enum TaskClass {
    CLASSIFY, EXTRACT, SUMMARIZE, TRANSLATE, REWRITE, QA, CODE, MATH, REASONING, PLAN, CHAT, CREATIVE;

    private static final TaskClass[] ALL = values();
    private static final String ALLOWED = Arrays.stream(ALL).map(TaskClass::wire).collect(Collectors.joining(", "));

    /** Case-insensitive, surrounding blanks ignored. */
    public static TaskClass parse(String s) {
        if (s != null) {
            String t = s.strip();
            for (TaskClass c : ALL) if (c.name().equalsIgnoreCase(t)) return c;
        }
        throw new IllegalArgumentException("unknown task class '" + s + "'; allowed: " + ALLOWED);
    }

    /** Made once: wire() runs several times per request (ledger, metrics, access log). */
    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON, headers and files. */
    public String wire() { return wire; }

    static TaskClass of(int ordinal) { return ALL[ordinal]; }

    static int count() { return ALL.length; }
}
