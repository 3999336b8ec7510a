package io.computebroker.classify;

import io.computebroker.classify.sensitivity.EntityType;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.sensitivity.SensitivityScanner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScanMemoTest {
    static final SensitivityScanner SCANNER = new SensitivityScanner();
    static final String LONG = "The warehouse in Rotterdam processed 3,400 orders per day during the peak, up from 2,100 last year. ".repeat(40);

    @Test
    void aLongBlockIsScannedOnceAndAShortOneEveryTime() {
        ScanMemo memo = new ScanMemo(SCANNER);
        assertThat(LONG.length()).isGreaterThan(ScanMemo.MIN_CHARS);
        ScanMemo.Verdict first = memo.verdict(LONG);
        assertThat(memo.verdict(new String(LONG.toCharArray()))).isEqualTo(first); // equal text, another object
        assertThat(memo.size()).isEqualTo(1);
        memo.verdict("Mail anna.smit@example.org");
        assertThat(memo.size()).isEqualTo(1);
    }

    @Test
    void oneChangedCharacterIsANewTextWithItsOwnVerdict() {
        ScanMemo memo = new ScanMemo(SCANNER);
        String clean = LONG + " Reply to the board at x.";
        String withEmail = LONG + " Reply to the board at a@example.org";
        assertThat(memo.verdict(clean).level()).isEqualTo(Sensitivity.PUBLIC);
        ScanMemo.Verdict v = memo.verdict(withEmail);
        assertThat(v.level()).isEqualTo(Sensitivity.CONFIDENTIAL);
        assertThat(v.types()).containsExactly(EntityType.EMAIL);
        assertThat(memo.verdict(clean).level()).isEqualTo(Sensitivity.PUBLIC);
        assertThat(memo.size()).isEqualTo(2);
    }

    @Test
    void heldTextIsBoundedByCharacters() {
        ScanMemo memo = new ScanMemo(SCANNER);
        String block = "x".repeat(256 * 1024);
        for (int i = 0; i < 40; i++) memo.verdict(i + block); // 40 × 256 K chars = 10 M > the 4 M bound
        assertThat(memo.size() * (block.length() + 2)).isLessThanOrEqualTo(ScanMemo.MAX_CHARS);
    }

    /** Memoised or not, the verdict is the scanner's: whatever the block, asked once or twice. */
    @Property(tries = 60)
    void aVerdictIsTheScannersVerdict(@ForAll("blocks") String text) {
        ScanMemo memo = new ScanMemo(SCANNER);
        ScanMemo.Verdict fresh = ScanMemo.Verdict.of(SCANNER.report(text));
        assertThat(memo.verdict(text)).isEqualTo(fresh);
        assertThat(memo.verdict(text)).isEqualTo(fresh);
    }

    @Provide
    Arbitrary<String> blocks() {
        List<String> pieces = List.of("The quarterly review covers revenue. ", "Call +31 20 794 0911 tomorrow. ",
                "Card 4111 1111 1111 1111 expires soon. ", "Send it to jan.devries@example.nl today. ", "Meet Ada Lovelace at noon. ",
                "Key sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c is live. ", "Nothing to see here at all. ");
        return Arbitraries.of(pieces).list().ofMinSize(1).ofMaxSize(120).map(l -> String.join("", l));
    }
}
