package io.computebroker.classify.task;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FeatureExtractorTest {
    final FeatureExtractor fx = new FeatureExtractor(18, 1536, 512);

    /** Records features in order, by group. */
    static final class Recording implements FeatureSink {
        final List<Integer> text = new ArrayList<>();
        final List<Integer> zone = new ArrayList<>();
        final List<Integer> structural = new ArrayList<>();

        @Override public void text(int bucket) { text.add(bucket); }

        @Override public void zone(int bucket) { zone.add(bucket); }

        @Override public void structural(int bucket) { structural.add(bucket); }
    }

    Recording features(String s) {
        Recording r = new Recording();
        fx.extract(s, r);
        return r;
    }

    @Test
    void digitsAreFoldedSoEquationsShareFeatures() {
        Recording a = features("Solve 3x + 5 = 20"), b = features("Solve 7x + 2 = 11");
        assertThat(a.text).isEqualTo(b.text);
        assertThat(a.structural).isEqualTo(b.structural);
        assertThat(features("Solve 3x + 5 = 20").text).isNotEqualTo(features("Solve 3y + 5 = 20").text);
    }

    @Test
    void caseDoesNotMatterButWordOrderDoes() {
        assertThat(features("TRANSLATE this").text).isEqualTo(features("translate this").text);
        assertThat(features("not good").text).isNotEqualTo(features("good not").text);
    }

    @Test
    void onlyTheWindowIsReadSoHugePromptsCostTheSame() {
        String unit = "The quarterly report shows revenue growth across all regions. ";
        TextStats mid = fx.extract(unit.repeat(400), new Recording());        // ~25 KB
        TextStats huge = fx.extract(unit.repeat(4000), new Recording());      // ~250 KB
        assertThat(huge.textFeatures()).isEqualTo(mid.textFeatures());
        assertThat(huge.chars()).isEqualTo(unit.length() * 4000);
        assertThat(mid.textFeatures()).isLessThan(1536 + 512);
    }

    @Test
    void theHeadAndTailAreReadButNotTheMiddle() {
        int zebra = features("zebra").text.get(0);   // the first feature emitted is the unigram
        String filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(100);   // 5.7 K chars
        assertThat(features("zebra " + filler).text).contains(zebra);
        assertThat(features(filler + " zebra").text).contains(zebra);
        assertThat(features(filler + " zebra " + filler).text).doesNotContain(zebra);
    }

    @Test
    void theLastLineOfALongPromptIsPartOfTheInstructionZone() {
        String doc = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(100);
        Recording r = features(doc + "\n\nTranslate the text above into Spanish.");
        TextStats s = fx.extract(doc + "\n\nTranslate the text above into Spanish.", new Recording());
        assertThat(s.zoneFeatures()).isEqualTo(12 + 6);   // the first 12 words, and the 6 of the last line
        assertThat(r.zone).hasSize(18);
        assertThat(fx.extract("Translate the text above into Spanish.", new Recording()).zoneFeatures()).isEqualTo(6);
    }

    @Test
    void countsConstraintsMultiStepCuesAndCode() {
        TextStats s = fx.extract("You must cite at least 3 sources and avoid jargon. Think step by step about the trade-offs.\n"
                + "- keep it short\n- use British spelling\n", new Recording());
        assertThat(s.constraints()).isEqualTo(5);   // must, at least, avoid, two list items
        assertThat(s.multiStep()).isEqualTo(2);     // step by step, trade
        String code = "```java\n" + "int x = 1;\n".repeat(10) + "```\nWhy?";
        assertThat(fx.extract(code, new Recording()).codeLines()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void oddInputIsHarmless() {
        for (String s : List.of("", " ", "\n\n\n", "🙂🙂🙂", "\uD83D", "日本語のテキストです", "a\u0000b", "```", "=".repeat(5000))) {
            TextStats stats = fx.extract(s, new Recording());
            assertThat(stats.chars()).isEqualTo(s.length());
        }
        assertThat(fx.extract("", new Recording()).textFeatures()).isZero();
    }

    @Test
    void cueTableHoldsEveryListedWordAndPair() {
        assertThat(CueTable.size()).isGreaterThan(300);
        assertThat(CueTable.lookup(Hashing.of("translate"))).isEqualTo(Cue.TRANSLATE);
        assertThat(CueTable.lookup(Hashing.pair(Hashing.of("by"), Hashing.of("step")))).isEqualTo(Cue.MULTISTEP);
        assertThat(CueTable.lookup(Hashing.of("zebra"))).isEqualTo(Cue.NONE);
    }
}
