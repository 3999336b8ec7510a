package io.computebroker.dispatch;

import io.computebroker.decide.RoutingFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {
    @Test
    void closedOpenHalfOpenClosed() {
        RoutingFixture.MutableClock clock = new RoutingFixture.MutableClock();
        CircuitBreaker b = new CircuitBreaker(2, Duration.ofSeconds(5), clock);
        assertThat(b.allow()).isTrue();
        b.onFailure();
        b.onSuccess(); // a success resets the consecutive count
        b.onFailure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        b.onFailure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.allow()).isFalse();
        clock.advance(Duration.ofSeconds(5));
        assertThat(b.allow()).as("one probe").isTrue();
        assertThat(b.allow()).as("only one probe").isFalse();
        b.onFailure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofSeconds(5));
        assertThat(b.allow()).isTrue();
        b.onSuccess();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.allow()).isTrue();
    }

    @Test
    void backoffGrowsWithJitterAndHonoursShortRetryAfter() {
        RetryPolicy p = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2));
        for (int i = 0; i < 50; i++) {
            assertThat(p.backoff(1, null).toMillis()).isBetween(50L, 100L);
            assertThat(p.backoff(3, null).toMillis()).isBetween(200L, 400L);
            assertThat(p.backoff(10, null).toMillis()).isBetween(1000L, 2000L);
        }
        var ra = new io.computebroker.core.BrokerException(io.computebroker.core.ErrorKind.RATE_LIMITED, "x", null, "1", null);
        assertThat(p.backoff(1, ra)).isEqualTo(Duration.ofSeconds(1));
        var far = new io.computebroker.core.BrokerException(io.computebroker.core.ErrorKind.RATE_LIMITED, "x", null, "60", null);
        assertThat(p.backoff(1, far).toMillis()).isLessThanOrEqualTo(100L);
    }
}
