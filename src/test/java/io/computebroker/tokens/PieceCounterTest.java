package io.computebroker.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.computebroker.core.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The memoised count is jtokkit's count, for any text, asked once or many times. */
class PieceCounterTest {
    static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    static final PieceCounter PIECES = new PieceCounter(O200K);

    static final List<String> TRICKY = List.of("", " ", "  ", "\n", " \n\n  \t", "a  b", "a   \nb", "word's", "WORD'S", "I'm", "they'LL",
            "1234567", "3,400", "x=1+2; y/=3\r\n", "/* c */\n// d", "Ünïcödé Straße", "日本語のテキスト", "emoji 🙂🙂 end", "مرحبا بالعالم",
            "tabs\t\tand\u00a0nbsp", "   leading", "trailing   ", "MixedCASEWords andCamelCase", "e\u0301 combining", "a\u200bzero-width",
            "https://example.org/a/b?c=d&e=f", "sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c", "----====----\n\n\n",
            "{\"json\": [1, 2, {\"k\": null}]}", "x".repeat(200), " ".repeat(100) + "y", "!!!???...", "ÄBC'S déjà-vu");

    @Test
    void trickyTextsCountAsJtokkitCountsThem() {
        for (int round = 0; round < 2; round++) { // the second round is served from the memo
            for (String t : TRICKY) assertThat(PIECES.count(t)).as("'%s'", t).isEqualTo(O200K.countTokensOrdinary(t));
        }
    }

    @Test
    void realPromptsCountAsJtokkitCountsThem() throws Exception {
        Path data = Path.of("../shared/data/pii/synth_dataset_v2.json");
        assumeTrue(Files.isRegularFile(data), "PII data not present at " + data.toAbsolutePath());
        int n = 0;
        for (JsonNode item : Json.MAPPER.readTree(data.toFile())) {
            String text = item.path("full_text").asText("");
            if (text.isEmpty()) continue;
            assertThat(PIECES.count(text)).as(text).isEqualTo(O200K.countTokensOrdinary(text));
            n++;
        }
        assertThat(n).isGreaterThan(1000);
    }

    @Property(tries = 500)
    void anyTextCountsAsJtokkitCountsIt(@ForAll("texts") String text) {
        assertThat(PIECES.count(text)).isEqualTo(O200K.countTokensOrdinary(text));
        assertThat(PIECES.count(text)).isEqualTo(O200K.countTokensOrdinary(text));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of(TRICKY),
                Arbitraries.strings().withChars(" \t\r\n\u00a0'").ofMaxLength(4),
                Arbitraries.strings().alpha().numeric().ofMaxLength(12),
                Arbitraries.strings().withCharRange('!', '/').withChars("'sStTdDmM").ofMaxLength(6),
                Arbitraries.strings().all().ofMaxLength(8));
        return pieces.list().ofMaxSize(40).map(l -> String.join("", l));
    }
}
