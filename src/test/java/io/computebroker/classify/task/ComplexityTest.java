package io.computebroker.classify.task;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ComplexityTest {
    final TaskClassifier model = TaskClassifier.builtIn();

    double complexity(String s) { return model.classify(s).complexity(); }

    @Test
    void aOneLineClassificationIsSimplerThanAConstrainedSystemDesign() {
        double classify = complexity("Classify this review as positive or negative: 'Great phone, terrible battery.'");
        double design = complexity("""
                Design the architecture for a multi-region payment ledger. Requirements:
                - must handle 20,000 writes per second with p99 latency under 50 ms
                - no double spending, even during a regional failover
                - must comply with GDPR data residency (EU data stays in the EU)
                - at most 5 minutes of data loss in a disaster
                Compare at least two designs, discuss the trade-offs between consistency and availability,
                and justify your choice step by step.""");
        double chat = complexity("hi!");
        assertThat(chat).isLessThan(classify);
        assertThat(classify).isLessThan(design);
        assertThat(design).isGreaterThan(0.5);
        assertThat(classify).isLessThan(0.2);
    }

    @Test
    void isMonotoneInEachPart() {
        double[] p = new double[TaskClass.count()];
        p[TaskClass.QA.ordinal()] = 1;
        TextStats base = new TextStats(300, 60, 12, 1, 1, 0, 3);
        double b = Complexity.estimate(base, p);
        assertThat(Complexity.estimate(new TextStats(3000, 60, 12, 1, 1, 0, 3), p)).isGreaterThan(b);
        assertThat(Complexity.estimate(new TextStats(300, 60, 12, 4, 1, 0, 3), p)).isGreaterThan(b);
        assertThat(Complexity.estimate(new TextStats(300, 60, 12, 1, 3, 0, 3), p)).isGreaterThan(b);
        assertThat(Complexity.estimate(new TextStats(300, 60, 12, 1, 1, 40, 3), p)).isGreaterThan(b);
        double[] reasoning = new double[TaskClass.count()];
        reasoning[TaskClass.REASONING.ordinal()] = 1;
        assertThat(Complexity.estimate(base, reasoning)).isGreaterThan(b);
    }

    @Test
    void staysWithinZeroAndOne() {
        double[] p = new double[TaskClass.count()];
        p[TaskClass.REASONING.ordinal()] = 1;
        // Everything saturated: 1 minus what the class prior leaves out (reasoning's prior is 0.8, not 1).
        assertThat(Complexity.estimate(new TextStats(10_000_000, 2000, 24, 10_000, 10_000, 1_000_000, 100_000), p))
                .isCloseTo(1 - Complexity.W_PRIOR * (1 - Complexity.prior(TaskClass.REASONING)), org.assertj.core.data.Offset.offset(1e-9));
        double[] chat = new double[TaskClass.count()];
        chat[TaskClass.CHAT.ordinal()] = 1;
        assertThat(Complexity.estimate(new TextStats(0, 0, 0, 0, 0, 0, 0), chat)).isBetween(0.0, 0.02);
        assertThat(complexity("x".repeat(200_000))).isBetween(0.0, 1.0);
    }

    @Test
    void longerCodeReviewIsHarderThanAShortCodeQuestion() {
        String shortQ = "How do I reverse a list in Python?";
        String review = "Review this service for concurrency bugs and propose a design that scales to 10 nodes:\n```java\n"
                + "public synchronized void put(String k, String v) {\n    map.put(k, v);\n    log.append(k);\n}\n".repeat(30) + "```";
        assertThat(complexity(shortQ)).isLessThan(complexity(review));
    }
}
