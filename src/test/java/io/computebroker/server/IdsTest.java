package io.computebroker.server;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {
    @Property
    void laterMillisecondsSortAfterEarlierOnes(@ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long a,
                                               @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long b) {
        String x = Ids.next("req_", a);
        String y = Ids.next("req_", b);
        if (a < b) assertThat(x.compareTo(y)).isNegative();
        if (a > b) assertThat(x.compareTo(y)).isPositive();
    }

    @Test
    void idsKeepTheirShapeAndAreUniqueWithinOneMillisecond() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = Ids.next("req_", 1_800_000_000_000L);
            assertThat(id).matches("req_[0-9A-Za-z]{24}");
            assertThat(seen.add(id)).isTrue();
        }
        assertThat(Ids.next("req_").substring(4, 4 + Ids.TIME_CHARS)).isGreaterThanOrEqualTo(
                Ids.next("req_", System.currentTimeMillis() - 1).substring(4, 4 + Ids.TIME_CHARS));
    }
}
