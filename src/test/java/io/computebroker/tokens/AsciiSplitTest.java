package io.computebroker.tokens;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

/** The ASCII scan splits text into exactly the pieces o200k's expression does. */
class AsciiSplitTest {

    static List<String> byExpression(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PieceCounter.O200K_SPLIT.matcher(text);
        int last = 0;
        while (m.find()) {
            // The expression covers every character; a gap would make the piece sum wrong for both.
            assertThat(m.start()).as("gap before %d in '%s'", m.start(), text).isEqualTo(last);
            out.add(text.substring(m.start(), m.end()));
            last = m.end();
        }
        return out;
    }

    static List<String> byScan(String text) {
        List<String> out = new ArrayList<>();
        for (int pos = 0; pos < text.length(); ) {
            int end = AsciiSplit.end(text, pos);
            assertThat(end).as("no progress at %d in '%s'", pos, text).isGreaterThan(pos);
            out.add(text.substring(pos, end));
            pos = end;
        }
        return out;
    }

    @Test
    void eachAlternativeAndItsEdges() {
        for (String t : List.of("", "a", "A", "Hello world", "HELLOworld", "HeLLo", " ABC!", "!5", "'s", "it's", "IT'S", "we'Re", "they'LL",
                "I'm", "x'q", "don't'", "'", "''s", "1234567", "12a34", "3,400.5", " !!!", " !\n\n", "a/\n/b", "//\r\n\r\nx",
                "  \n  foo", "\n\n  \tx", "a  b", "a \t b", "a   ", "   ", " ", "\t\tword", "\u000bword", "\fword", "\u001fword",
                "x\u0000y\u007fz", "\r\n", "a\r\n\r\n  b", "end.  ", "foo  \n", "camelCaseWord", "snake_case_word", "{\"k\": [1, 2]}",
                "x = y + 1;  // note", "ALLCAPS'S", "A'", "a'd'll", "e.g. U.S.A.", "email@example.com", "$100,000.00", "#!/bin/sh\n")) {
            assertThat(AsciiSplit.isAscii(t)).isTrue();
            assertThat(byScan(t)).as("'%s'", t).isEqualTo(byExpression(t));
        }
    }

    @Test
    void onlyAsciiTextQualifies() {
        assertThat(AsciiSplit.isAscii("plain text, 123!")).isTrue();
        assertThat(AsciiSplit.isAscii("caf\u00e9")).isFalse();
        assertThat(AsciiSplit.isAscii("\u00a0")).isFalse();
        assertThat(AsciiSplit.isAscii("x\u007f")).isTrue();
    }

    @Property(tries = 3000)
    void randomAsciiSplitsAsTheExpressionDoes(@ForAll("ascii") String text) {
        assertThat(byScan(text)).isEqualTo(byExpression(text));
    }

    @Property(tries = 300)
    void asciiCountsAsJtokkitCountsThem(@ForAll("ascii") String text) {
        assertThat(PieceCounterTest.PIECES.count(text)).isEqualTo(PieceCounterTest.O200K.countTokensOrdinary(text));
    }

    /** Runs drawn from each class the expression tells apart, so every boundary between two of them occurs. */
    @Provide
    Arbitrary<String> ascii() {
        Arbitrary<String> runs = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(4),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(5),
                Arbitraries.strings().withChars(" \t\r\n\u000b\f").ofMinLength(1).ofMaxLength(4),
                Arbitraries.strings().withChars("'sStTrReEvVlLmMdD").ofMinLength(1).ofMaxLength(4),
                Arbitraries.strings().withCharRange('!', '/').withCharRange(':', '@').withCharRange('[', '`').withCharRange('{', '~')
                        .ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMinLength(1).ofMaxLength(3),
                Arbitraries.of(" ", "  ", "'", "/", "\n"));
        return runs.list().ofMaxSize(30).map(l -> String.join("", l));
    }
}
