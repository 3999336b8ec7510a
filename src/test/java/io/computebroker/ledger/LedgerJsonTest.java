package io.computebroker.ledger;

import io.computebroker.core.Json;
import io.computebroker.dispatch.Attempt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written journal codec must write exactly what the data-binding mapper writes, and read both back. */
class LedgerJsonTest {
    static LedgerEntry full() {
        return new LedgerEntry("req_1", 1_700_000_000_123L, 1_700_000_000_456L, "settled", "gw-1", "acme", "key_1", "inbox", "run-7",
                "classify", "confidential", "EMAIL,PHONE", "pol_abc", "dec_1", "m via auto: cheapest of 2 eligible (floor 0.80)", "auto",
                "sim", "sim-owned", "owned", "eu-west", 2, "[{\"model\":\"m\"}]", true, false, true, "ok", 200, null,
                120, 10, 5, 42, 7, true, 123_456_789L, 987_654_321L, 555L, "p1", 312L, 45L, "miss", "abc123",
                "prompt with \"quotes\", a\nnewline, ünïcode and \u0001 control", "answer \t tab");
    }

    static LedgerEntry pending() {
        return new LedgerEntry("req_2", 1L, null, "pending", "n", "t", "k", null, null, null, null, null, null, null, null, null,
                null, null, null, null, 0, null, false, false, false, null, null, null, 0, 0, 0, 0, 0, false, 0, 0, 0, null, null, null,
                null, null, null, null);
    }

    @Test
    void writesWhatTheMapperWrites() throws Exception {
        for (LedgerEntry e : List.of(full(), pending())) {
            String line = new String(LedgerJson.line(e), StandardCharsets.UTF_8);
            assertThat(line).endsWith("\n");
            assertThat(line.substring(0, line.length() - 1)).isEqualTo(Json.MAPPER.writeValueAsString(e));
        }
    }

    @Test
    void readsItsOwnLinesAndTheMappersBack() throws Exception {
        for (LedgerEntry e : List.of(full(), pending())) {
            byte[] line = LedgerJson.line(e);
            assertThat(LedgerJson.parse(line, 0, line.length - 1)).isEqualTo(e);
            byte[] mapped = Json.MAPPER.writeValueAsBytes(e);
            assertThat(LedgerJson.parse(mapped, 0, mapped.length)).isEqualTo(e);
        }
    }

    @Test
    void toleratesUnknownAndMissingFields() throws Exception {
        byte[] b = "{\"id\":\"r\",\"extra\":{\"a\":[1,2]},\"state\":\"pending\",\"createdAt\":5}".getBytes(StandardCharsets.UTF_8);
        LedgerEntry e = LedgerJson.parse(b, 0, b.length);
        assertThat(e.id()).isEqualTo("r");
        assertThat(e.state()).isEqualTo("pending");
        assertThat(e.createdAt()).isEqualTo(5);
        assertThat(e.settledAt()).isNull();
        assertThat(e.httpStatus()).isNull();
    }

    @Test
    void attemptsAsTheMapperWritesThem() throws Exception {
        List<Attempt> attempts = List.of(new Attempt("m1", "p1", 1, "upstream_timeout", "did not answer \"in time\"", 1_234_567L),
                new Attempt("m2", "p2", 0, "skipped:circuit-open", null, 0), new Attempt("m3", "p3", 1, "ok", null, 99));
        assertThat(LedgerJson.attempts(attempts)).isEqualTo(Json.MAPPER.writeValueAsString(attempts));
        assertThat(LedgerJson.attempts(List.of())).isEqualTo("[]");
    }

    /** The direct writer's bytes are the generator's, whatever the text holds (lone surrogates included), and read back to the entry. */
    @Property(tries = 1000)
    void directBytesAreTheGeneratorsOnAnyText(@ForAll("texts") String a, @ForAll("texts") String b, @ForAll long n) throws Exception {
        LedgerEntry e = new LedgerEntry(a, n, n % 3 == 0 ? null : -n, "settled", b, a, b, null, a, "chat", "internal", b, "p", "d", a, b,
                "sim", a, "owned", null, (int) n, b, n % 2 == 0, true, false, a, n % 5 == 0 ? null : (int) n, b, n, 0, Long.MIN_VALUE,
                Long.MAX_VALUE, 7, n % 7 == 0, n, -1, 0, b, n % 11 == 0 ? null : n, null, a, b, a, b, a, n);
        byte[] direct = JournalLine.write(e);
        assertThat(direct).isNotNull();
        assertThat(new String(direct, StandardCharsets.UTF_8)).isEqualTo(new String(generated(e), StandardCharsets.UTF_8));
        assertThat(direct).isEqualTo(generated(e));
        // (The mapper's String output differs only in writing surrogate pairs raw; the parse back is the same.)
        assertThat(LedgerJson.parse(direct, 0, direct.length - 1)).isEqualTo(e);
        assertThat(Json.MAPPER.readValue(direct, LedgerEntry.class)).isEqualTo(e);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> runs = Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(12),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars("\"\\/\u007f").ofMaxLength(4),
                Arbitraries.strings().withCharRange('\u0080', '\u07ff').ofMaxLength(4),
                Arbitraries.strings().withCharRange('\u0800', '\ud7ff').withCharRange('\ue000', '\uffff').ofMaxLength(4),
                Arbitraries.of("\ud83d\ude42", "\ud800\udc00", "\udbff\udfff", "\u2028\u2029", "\ufeff", "\ud83d", "\ude42", "\ude42\ud83d"));
        return runs.list().ofMaxSize(20).map(l -> String.join("", l)).injectNull(0.1);
    }

    /** The line as Jackson's UTF-8 generator writes the record (what the journal wrote before {@link JournalLine}). */
    static byte[] generated(LedgerEntry e) throws Exception {
        byte[] json = Json.MAPPER.writeValueAsBytes(e);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }
}
