package io.computebroker.policy;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Final-answer extraction and the agreement verdict, case by case. */
class AnswersTest {
    @Test
    void multipleChoiceLettersAreFoundInTheUsualShapes() {
        for (String reply : List.of("B", "B\n", " B ", "(B)", "B)", "B.", "B) Dennis", "B: iron", "Answer: B", "answer B",
                "The answer is B.", "I think the correct answer is (B) because iron is a metal.")) {
            assertThat(Answers.key(reply)).as(reply).isEqualTo("choice:B");
        }
    }

    @Test
    void proseIsNotMistakenForALetter() {
        assertThat(Answers.key("I do not have enough context")).isEqualTo("text:i do not have enough context");
        assertThat(Answers.key("A bird is not a mammal.")).isEqualTo("text:a bird is not a mammal");
        assertThat(Answers.key("Because   IRON\n is magnetic!")).isEqualTo("text:because iron is magnetic");
        assertThat(Answers.key("Aria")).isEqualTo("text:aria");
        assertThat(Answers.key("   ")).isNull();
        assertThat(Answers.key(null)).isNull();
    }

    @Test
    void agreementNeedsTheQuorumAndAStrictWinner() {
        assertThat(Answers.agreeing(List.of("B", "(B)"), 1)).isEqualTo(0);
        assertThat(Answers.agreeing(List.of("B", "A"), 1)).isEqualTo(Answers.DISAGREE);
        assertThat(Answers.agreeing(List.of("A", "B", "B"), 1)).isEqualTo(Answers.DISAGREE);
        assertThat(Answers.agreeing(List.of("A", "B", "B"), 2.0 / 3)).isEqualTo(1);          // 2 of 3; first "B" is reply 1
        assertThat(Answers.agreeing(List.of("A", "B", "C"), 2.0 / 3)).isEqualTo(Answers.DISAGREE);
        assertThat(Answers.agreeing(List.of("A", "A", "B", "B"), 0.51)).isEqualTo(Answers.DISAGREE); // a tie has no winner
        assertThat(Answers.agreeing(Arrays.asList("B", null), 1)).isEqualTo(Answers.DISAGREE);     // a blank reply dissents
        assertThat(Answers.agreeing(Arrays.asList(null, null), 1)).isEqualTo(Answers.DISAGREE);
        assertThat(Answers.agreeing(List.of("the sum is 4", "The sum is 4."), 1)).isEqualTo(0);   // free text, normalised
    }

    @Test
    void theVerdictIsKnownAsEarlyAsTheRepliesAllow() {
        // unanimous over 3: one reply decides nothing, a difference decides "no"
        assertThat(Answers.decide(List.of("B"), 3, 1)).isEqualTo(Answers.UNDECIDED);
        assertThat(Answers.decide(List.of("B", "A"), 3, 1)).isEqualTo(Answers.DISAGREE);
        assertThat(Answers.decide(List.of("B", "B"), 3, 1)).isEqualTo(Answers.UNDECIDED);
        // 2 of 3: two equal replies decide "yes", two different ones need the third
        assertThat(Answers.decide(List.of("B", "B"), 3, 2.0 / 3)).isEqualTo(0);
        assertThat(Answers.decide(List.of("A", "B"), 3, 2.0 / 3)).isEqualTo(Answers.UNDECIDED);
        assertThat(Answers.decide(Arrays.asList(null, null), 3, 2.0 / 3)).isEqualTo(Answers.DISAGREE);
    }

    @Test
    void theCascadeRecordValidatesAgree() {
        assertThat(new Cascade("agree", List.of("a", "b"), null).quorumOrDefault()).isEqualTo(1.0);
        assertThatThrownBy(() -> new Cascade("agree", List.of("a"), null)).hasMessageContaining("at least two");
        assertThatThrownBy(() -> new Cascade("agree", List.of("a", "b"), 0.5)).hasMessageContaining("quorum");
        assertThatThrownBy(() -> new Cascade("json", null, 0.9)).hasMessageContaining("only applies to check agree");
        assertThatThrownBy(() -> new Cascade("vote", null, null)).hasMessageContaining("json, refusal, agree, regex:<pattern> or learned:<scorer file>");
        assertThat(new Cascade("json").models()).isEmpty();
    }
}
