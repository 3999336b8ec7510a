package io.computebroker.ledger;

import io.computebroker.core.Json;
import io.computebroker.dispatch.Attempt;
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
}
