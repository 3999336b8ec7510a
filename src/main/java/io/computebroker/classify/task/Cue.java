package io.computebroker.classify.task;

/**
 * Hand-picked words and word pairs that carry meaning beyond their hashed unigram: instruction verbs
 * (whose position matters — "Translate …" at the start of a line is an instruction, "translation" deep
 * inside a passage is not), and the constraint and multi-step cues that drive {@link Complexity}.
 * Groups let synonyms share one learned weight, so "rephrase" benefits from every "rewrite" example.
 */
enum Cue {
    NONE,
    /** Politeness and framing words skipped when looking for the first content word. */
    FRAMING,
    CONSTRAINT, MULTISTEP,
    TRANSLATE, SUMMARIZE, CLASSIFY, EXTRACT, REWRITE, CREATIVE, PLAN, SOLVE, CODE, GREETING, WH_WORD, LOGIC;

    /** Cues that become position-aware structural features; the others only feed complexity or framing. */
    boolean isInstruction() { return ordinal() >= TRANSLATE.ordinal(); }

    private static final Cue[] ALL = values();

    static Cue of(int ordinal) { return ALL[ordinal]; }

    static int count() { return ALL.length; }

    /** Single words, lower case, digits already folded to 0 by the tokenizer. */
    static final String[][] WORDS = {
            {"FRAMING", "please", "pls", "plz", "kindly", "can", "could", "would", "you", "u", "i", "want", "need", "like",
                    "d", "to", "me", "help", "now", "also", "just", "ok", "okay", "so"},
            {"CONSTRAINT", "must", "should", "shall", "ensure", "exactly", "without", "only", "never", "always", "require",
                    "requires", "required", "requirement", "requirements", "constraint", "constraints", "limit", "limits",
                    "maximum", "minimum", "max", "min", "strictly", "mandatory", "avoid", "budget", "deadline",
                    "sla", "latency", "compliance", "gdpr"},
            {"MULTISTEP", "design", "designing", "prove", "proof", "proofs", "derive", "derivation", "tradeoff", "tradeoffs",
                    "trade", "architecture", "architect", "architectural", "justify", "analyze", "analyse", "analysis",
                    "compare", "contrast", "optimize", "optimise", "optimization", "evaluate", "scalable", "scalability",
                    "scale", "distributed", "concurrency", "concurrent", "fault", "consistency", "migration", "migrate",
                    "rigorous", "rigorously", "theorem", "lemma", "algorithm", "complexity", "benchmark", "failover",
                    "throughput", "pipeline", "reasoning"},
            {"TRANSLATE", "translate", "translation", "translating", "translated", "traduce", "übersetze", "traduire"},
            {"SUMMARIZE", "summarize", "summarise", "summary", "summarizing", "summarising", "tldr", "condense",
                    "recap", "synopsis", "gist", "abstract", "digest", "shorten", "bullet", "bullets"},
            {"CLASSIFY", "classify", "categorize", "categorise", "classification", "category", "categories", "label",
                    "labels", "tag", "sentiment", "spam", "intent", "topic", "positive", "negative", "neutral"},
            {"EXTRACT", "extract", "extraction", "parse", "pull", "fields", "entities", "entity", "json", "names",
                    "dates", "emails", "addresses", "table", "csv", "structured"},
            {"REWRITE", "rewrite", "rephrase", "paraphrase", "reword", "proofread", "edit", "polish", "simplify",
                    "formal", "informal", "tone", "grammar", "concise", "friendlier", "clearer", "improve", "revise"},
            {"CREATIVE", "story", "poem", "poems", "haiku", "limerick", "sonnet", "lyrics", "song", "fiction", "fable",
                    "tale", "verse", "rhyme", "rhyming", "screenplay", "dialogue", "character", "characters", "imagine",
                    "slogan", "tagline", "jingle"},
            {"PLAN", "plan", "planning", "itinerary", "schedule", "roadmap", "timeline", "milestones", "agenda",
                    "checklist", "outline", "strategy", "steps", "phases", "rollout", "curriculum", "weekly"},
            {"SOLVE", "solve", "calculate", "compute", "integral", "integrate", "derivative", "differentiate",
                    "equation", "equations", "factor", "probability", "sum", "product", "percent", "percentage"},
            {"CODE", "function", "code", "python", "java", "javascript", "typescript", "sql", "query", "implement",
                    "debug", "bug", "compile", "compiler", "regex", "script", "class", "method", "api", "refactor",
                    "def", "return", "import", "rust", "golang", "bash", "unit", "stack", "exception", "error"},
            {"GREETING", "hi", "hello", "hey", "thanks", "thank", "morning", "evening", "bye", "lol", "haha", "hiya",
                    "sup", "yo", "cheers"},
            {"WH_WORD", "what", "who", "whom", "whose", "when", "where", "why", "how", "which"},
            {"LOGIC", "conclude", "conclusion", "conclusions", "infer", "inference", "deduce", "deduced", "deduction",
                    "fallacy", "fallacies", "premise", "premises", "valid", "invalid", "validity", "logically", "logic",
                    "logical", "therefore", "implies", "imply", "riddle", "puzzle", "paradox", "syllogism", "contradiction",
                    "knights", "knaves", "liar", "lying", "truthful", "follows", "necessarily", "sound", "unsound"},
    };

    /** Word pairs (consecutive tokens). */
    static final String[][] PAIRS = {
            {"CONSTRAINT", "at least", "at most", "no more", "more than", "less than", "fewer than", "make sure",
                    "no longer", "up to", "must not", "do not"},
            {"MULTISTEP", "by step", "edge cases", "and cons", "explain why", "think through", "walk through",
                    "root cause", "system design", "high level", "low level", "failure modes", "what if"},
    };
}
