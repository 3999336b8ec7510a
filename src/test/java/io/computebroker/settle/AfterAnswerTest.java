package io.computebroker.settle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AfterAnswerTest {

    @Test
    void outsideAScopeNothingIsDeferred() {
        assertThat(AfterAnswer.active()).isFalse();
        assertThat(AfterAnswer.defer(() -> { throw new AssertionError("must not be queued"); })).isFalse();
        AfterAnswer.run(); // no scope: nothing to do
    }

    @Test
    void deferredWorkRunsAtTheEndInOrderAndOneFailureDoesNotSkipTheRest() {
        List<String> ran = new ArrayList<>();
        AfterAnswer.open();
        assertThat(AfterAnswer.active()).isTrue();
        assertThat(AfterAnswer.defer(() -> ran.add("first"))).isTrue();
        assertThat(AfterAnswer.defer(() -> { throw new IllegalStateException("broken"); })).isTrue();
        assertThat(AfterAnswer.defer(() -> ran.add("third"))).isTrue();
        assertThat(ran).as("nothing runs before the answer is sent").isEmpty();
        AfterAnswer.run();
        assertThat(ran).containsExactly("first", "third");
        assertThat(AfterAnswer.active()).as("run closes the scope").isFalse();
        AfterAnswer.run(); // a second run finds nothing
        assertThat(ran).hasSize(2);
    }

    @Test
    void scopesBelongToTheirThread() throws Exception {
        AfterAnswer.open();
        try {
            boolean[] elsewhere = new boolean[1];
            Thread t = Thread.ofVirtual().start(() -> elsewhere[0] = AfterAnswer.active());
            t.join();
            assertThat(elsewhere[0]).isFalse();
        } finally {
            AfterAnswer.run();
        }
    }
}
