package io.computebroker.classify.task;

/**
 * The per-call state of {@link FeatureExtractor}: one pass over the window's chars that emits features
 * as it goes and counts what {@link Complexity} needs. One small object per prompt; not thread-safe,
 * never shared.
 */
final class PromptScan {
    private static final long NS_UNI = 0x1f0d3a5b7c9e2468L;
    private static final long NS_BI = 0x2e4c6a8b0d1f3579L;
    private static final long NS_LINE = 0x3a5c7e9b1d2f4680L;
    private static final long NS_START = 0x4b6d8f0a2c3e5791L;
    private static final long NS_START2 = 0x5c7e9a1b3d4f6802L;
    private static final long NS_STRUCT = 0x6d8f0b2c4e5a7913L;
    private static final long NS_STEM = 0x7e9a1c3d5f6b8024L;
    private static final long NS_LAST = 0x8fab2d4e6a7c9135L;
    private static final long NS_HEAD_WORD = 0x9abc3e5f7b8d0246L;
    private static final long NS_TAIL_WORD = 0xabcd4f6a8c9e1357L;

    /**
     * Words of the instruction zone — the first {@code ZONE} words of the prompt and of its last line — are
     * also emitted as a feature group of their own. Text features are scaled down as a group (see
     * {@link TaskClassifier#textNorm}), so in a prompt that is mostly pasted document the instruction would
     * otherwise be outvoted by the document.
     */
    private static final int ZONE = 12;

    /** Words longer than this also emit their first {@code STEM} chars, a poor man's stemmer. */
    private static final int STEM = 5, STEM_MIN_WORD = 7;

    /** Structural-feature bucket for (kind, value); kinds are small integers below. */
    private static int struct(int kind, long value, int mask) {
        return Hashing.bucket(Hashing.pair(kind, value), NS_STRUCT, mask);
    }

    private static final int K_LEN = 1, K_LINES = 2, K_FENCE = 3, K_DIGITS = 4, K_MATH = 5, K_CODESYM = 6,
            K_QUESTION = 7, K_PAYLOAD = 8, K_QUOTES = 9, K_CUE = 10;

    private final FeatureSink sink;
    private final int mask;

    private boolean inWord;
    private boolean allDigits;
    private long word;
    private long stem;
    private int wordLength;
    private long prev;            // previous token hash, 0 = none (chain broken)
    private char prevSymbol;
    private int backticks;

    private int wordsInText;
    private boolean startDone;
    private long firstWord;

    private int tokensInLine;
    private long lineLead;        // first content word of the current line, 0 = none yet
    private long lastLineLead;    // the same for the last line that had one
    private final long[] lineWords = new long[ZONE];
    private final long[] lastLineWords = new long[ZONE];
    private int lastLineWordCount;
    private int wordsInLine;
    private boolean lineStartsWithNumber;
    private int indent;
    private boolean indentDone;
    private char lastNonSpace;
    private boolean inFence;

    private long cuesSeen;        // bit per (instruction cue, leads its line)
    private int textFeatures, zoneFeatures, constraints, multiStep, codeLines, lines;
    private int digits, mathSymbols, codeSymbols, questions, quotes, fences;
    private int payloadMark = -1; // offset of the first ':' or newline, if early

    PromptScan(FeatureSink sink, int mask) {
        this.sink = sink;
        this.mask = mask;
    }

    void breakChain() {
        if (inWord) endWord();
        if (tokensInLine > 0) endLine();
        prev = 0;
    }

    void segment(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != '`') backticks = 0;
            if (Character.isLetterOrDigit(c)) {
                boolean digit = c >= '0' && c <= '9' || Character.isDigit(c);
                if (!inWord) {
                    inWord = true;
                    allDigits = true;
                    word = Hashing.FNV_OFFSET;
                    wordLength = 0;
                }
                if (digit) digits++; else allDigits = false;
                word = Hashing.step(word, digit ? '0' : Character.toLowerCase(c));
                if (++wordLength == STEM) stem = word;
                indentDone = true;
                lastNonSpace = c;
                prevSymbol = 0;
                continue;
            }
            if (inWord) endWord();
            if (c == '\n') {
                if (payloadMark < 0 && i < 200) payloadMark = i;
                endLine();
            } else if (Character.isWhitespace(c)) {
                if (!indentDone) indent += c == '\t' ? 4 : 1;
            } else {
                indentDone = true;
                lastNonSpace = c;
                symbol(c, i);
            }
        }
    }

    private void symbol(char c, int at) {
        switch (c) {
            case '=', '+', '^', '<', '>', '$', '\\', '≤', '≥', '±', '×', '÷', '√', '∑', '∫', 'π', '∞' -> mathSymbols++;
            case '{', '}', ';', '(', ')', '[', ']' -> codeSymbols++;
            case '?' -> questions++;
            case '"', '“', '”', '«', '»' -> quotes++;
            case ':' -> { if (payloadMark < 0 && at < 200) payloadMark = at; }
            case '`' -> { if (++backticks == 3) { fences++; inFence = !inFence; } }
            default -> { }
        }
        if (c == prevSymbol) return;   // "=====" is one token
        prevSymbol = c;
        boolean listMarker = tokensInLine == 0 && (c == '-' || c == '*' || c == '•')
                || tokensInLine == 1 && lineStartsWithNumber && (c == '.' || c == ')');
        if (listMarker) constraints++;
        token(Hashing.step(Hashing.FNV_OFFSET, c));
    }

    private void endWord() {
        inWord = false;
        prevSymbol = 0;
        long w = word;
        Cue cue = CueTable.lookup(w);
        if (tokensInLine == 0) lineStartsWithNumber = allDigits;
        if (!startDone) {
            if (wordsInText >= 8) startDone = true;
            else if (cue != Cue.FRAMING) {
                sink.structural(Hashing.bucket(w, NS_START, mask));
                startDone = true;
            }
        }
        if (lineLead == 0 && wordsInLine < 4 && cue != Cue.FRAMING) lineLead = w;
        if (wordsInText < ZONE) {
            sink.zone(Hashing.bucket(w, NS_HEAD_WORD, mask));
            zoneFeatures++;
        }
        if (wordsInLine < ZONE) lineWords[wordsInLine] = w;
        if (wordsInText == 0) firstWord = w;
        else if (wordsInText == 1) sink.structural(Hashing.bucket(Hashing.pair(firstWord, w), NS_START2, mask));
        switch (cue) {
            case CONSTRAINT -> constraints++;
            case MULTISTEP -> multiStep++;
            default -> {
                if (cue.isInstruction()) {
                    long bit = 1L << (cue.ordinal() * 2 + (wordsInLine < 6 ? 1 : 0));
                    if ((cuesSeen & bit) == 0) {
                        cuesSeen |= bit;
                        sink.structural(struct(K_CUE, Long.numberOfTrailingZeros(bit), mask));
                    }
                }
            }
        }
        wordsInText++;
        wordsInLine++;
        token(w);
        if (wordLength >= STEM_MIN_WORD && !allDigits) {
            // "summarise", "summary", "summarizing" share "summa"; long words only, so short ones are not doubled.
            sink.text(Hashing.bucket(stem, NS_STEM, mask));
            textFeatures++;
        }
    }

    private void token(long t) {
        sink.text(Hashing.bucket(t, NS_UNI, mask));
        textFeatures++;
        if (tokensInLine == 0) {
            sink.text(Hashing.bucket(t, NS_LINE, mask));
            textFeatures++;
        }
        if (prev != 0) {
            long pair = Hashing.pair(prev, t);
            sink.text(Hashing.bucket(pair, NS_BI, mask));
            textFeatures++;
            switch (CueTable.lookup(pair)) {
                case CONSTRAINT -> constraints++;
                case MULTISTEP -> multiStep++;
                default -> { }
            }
        }
        prev = t;
        tokensInLine++;
    }

    private void endLine() {
        if (lineLead != 0) lastLineLead = lineLead;
        lineLead = 0;
        if (wordsInLine > 0) {
            lastLineWordCount = Math.min(wordsInLine, ZONE);
            System.arraycopy(lineWords, 0, lastLineWords, 0, lastLineWordCount);
        }
        if (tokensInLine > 0) {
            lines++;
            if (inFence || lastNonSpace == ';' || lastNonSpace == '{' || lastNonSpace == '}' || indent >= 4) codeLines++;
        }
        tokensInLine = 0;
        wordsInLine = 0;
        lineStartsWithNumber = false;
        indent = 0;
        indentDone = false;
    }

    TextStats finish(int chars, int read) {
        char last = lastNonSpace;
        breakChain();
        double scale = read == 0 ? 1 : (double) chars / read;
        int estLines = (int) Math.round(lines * scale);
        int estCode = (int) Math.round(codeLines * scale);

        // Only when there are several lines: on a one-liner it would just repeat the start feature.
        if (lines > 1 && lastLineLead != 0) sink.structural(Hashing.bucket(lastLineLead, NS_LAST, mask));
        if (lines > 1) {
            for (int i = 0; i < lastLineWordCount; i++) sink.zone(Hashing.bucket(lastLineWords[i], NS_TAIL_WORD, mask));
            zoneFeatures += lastLineWordCount;
        }
        structural(K_LEN, Math.min(16, 32 - Integer.numberOfLeadingZeros(chars)));
        structural(K_LINES, Math.min(10, 32 - Integer.numberOfLeadingZeros(estLines)));
        if (fences > 0) structural(K_FENCE, 1);
        int digitShare = read == 0 ? 0 : digits * 100 / read;
        structural(K_DIGITS, digitShare == 0 ? 0 : digitShare <= 2 ? 1 : digitShare <= 5 ? 2 : digitShare <= 15 ? 3 : 4);
        structural(K_MATH, mathSymbols == 0 ? 0 : mathSymbols <= 2 ? 1 : mathSymbols <= 6 ? 2 : 3);
        int codeDensity = read == 0 ? 0 : codeSymbols * 100 / read;
        structural(K_CODESYM, codeSymbols == 0 ? 0 : codeDensity < 1 ? 1 : codeDensity < 3 ? 2 : codeDensity < 6 ? 3 : 4);
        if (questions > 0) structural(K_QUESTION, last == '?' ? 2 : 1);
        if (payloadMark >= 0 && chars - payloadMark >= 80) structural(K_PAYLOAD, 1);
        if (quotes >= 2) structural(K_QUOTES, 1);
        return new TextStats(chars, textFeatures, zoneFeatures, constraints, multiStep, estCode, estLines);
    }

    private void structural(int kind, long value) { sink.structural(struct(kind, value, mask)); }
}
