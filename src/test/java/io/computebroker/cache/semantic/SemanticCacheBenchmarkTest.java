package io.computebroker.cache.semantic;

import org.junit.jupiter.api.Test;

/** Runs the benchmark so its figures appear in every test run; it prints and asserts nothing. */
class SemanticCacheBenchmarkTest {

    @Test
    void printsHitAndFalseHitRates() throws Exception {
        SemanticCacheBenchmark.run(System.out);
    }
}
