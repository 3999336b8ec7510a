package io.computebroker.classify.task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped model on prompts whose class nobody would argue about (none of them is in the training data). */
class BuiltInClassifierTest {
    final TaskClassifier model = TaskClassifier.builtIn();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            classify  | Classify the sentiment of this tweet as positive, negative or neutral: 'My flight got cancelled again.'
            classify  | Is this email spam? 'You have been selected for a free cruise, reply with your bank details.'
            extract   | Extract all email addresses from this text: write to ops@example.org or to billing@example.org.
            extract   | Extract the names and dates mentioned in this paragraph: Maria met Ahmed on 4 March in Madrid.
            summarize | Summarize this article: The city opened three new parks this year, funded by a local tax. Residents welcomed the green space but complained about the lack of parking nearby.
            summarize | Give me a two-sentence summary of the following meeting notes: budget approved, hiring frozen until Q3, office move delayed to May.
            translate | Translate to German: The children are playing in the garden.
            translate | Please translate this into French: 'Our store opens at nine tomorrow.'
            rewrite   | Rewrite this paragraph to sound more professional: 'hey, the numbers look kinda bad, we gotta fix stuff asap'
            rewrite   | Paraphrase this sentence: The weather was so cold that the lake froze overnight.
            qa        | What is the capital of Portugal?
            qa        | Who wrote the novel War and Peace?
            code      | Write a Python function that returns the largest element of a list.
            code      | Write a SQL query that counts the orders per customer.
            math      | Solve 3x + 5 = 20
            math      | What is the derivative of x^3 + 2x?
            reasoning | All zorbs are plinks and no plinks are greebs. Can any zorb be a greeb? Explain your reasoning.
            reasoning | Knights always tell the truth and knaves always lie. A says 'we are both knaves'. What is A?
            plan      | Plan a 4-day trip to Barcelona for a family with two teenagers.
            plan      | Create a 10-week study plan to prepare for the GMAT.
            chat      | Hi there! How's your day going?
            chat      | thanks so much, you're awesome
            creative  | Write a short poem about the autumn wind.
            creative  | Write a story about a robot who wants to become a chef.
            """)
    void classifiesObviousPrompts(String expected, String prompt) {
        TaskPrediction p = model.classify(prompt);
        assertThat(p.task()).as("%s -> %s", prompt, p).isEqualTo(TaskClass.parse(expected));
        assertThat(p.confidence()).isBetween(0.0, 1.0);
        assertThat(p.complexity()).isBetween(0.0, 1.0);
    }

    @Test
    void anInstructionAtTheEndOfALongDocumentStillDecides() {
        String doc = "The committee met on Monday to review the annual budget. Several members raised concerns about rising "
                + "maintenance costs and proposed a review of all supplier contracts before the next fiscal year. ".repeat(60);
        assertThat(model.classify(doc + "\n\nSummarize the text above in three bullet points.").task()).isEqualTo(TaskClass.SUMMARIZE);
        assertThat(model.classify(doc + "\n\nTranslate the text above into Spanish.").task()).isEqualTo(TaskClass.TRANSLATE);
    }

    @Test
    void builtInIsLoadedOnceAndSafeToShare() throws Exception {
        assertThat(TaskClassifier.builtIn()).isSameAs(model);
        List<String> prompts = List.of("Translate to Italian: good morning", "Solve 2x = 10", "hello!", "Write a haiku about rain");
        List<TaskPrediction> expected = prompts.stream().map(model::classify).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        int k = i % prompts.size();
                        if (!model.classify(prompts.get(k)).equals(expected.get(k))) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Printed, not asserted: timing depends on the machine. Targets: < 50 µs at 2 KB, < 300 µs at 16 KB. */
    @Test
    void printsClassifyLatency() {
        String para = "Please review the following incident summary and tell me what went wrong, step by step. "
                + "At 02:14 a configuration change removed two healthy backends; error rates climbed to 35 percent. ";
        for (int size : new int[] {100, 2_048, 16_384, 131_072}) {
            String prompt = para.repeat(size / para.length() + 1).substring(0, size);
            int warm = 20_000, runs = 20_000;
            long sink = 0;
            for (int i = 0; i < warm; i++) sink += model.classify(prompt).task().ordinal();
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) sink += model.classify(prompt).task().ordinal();
            double micros = (System.nanoTime() - t0) / 1e3 / runs;
            System.out.printf("classify %,7d chars: %7.2f µs/call (%d)%n", size, micros, sink % 2);
        }
    }
}
