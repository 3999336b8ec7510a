package io.computebroker.eval.metrics;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {
    static final List<RoutingExample> DATA = List.of(
            ex("a", Map.of("big", r(1, 10), "small", r(1, 1))),
            ex("b", Map.of("big", r(1, 10), "small", r(0, 1))),
            ex("c", Map.of("big", r(0, 10), "small", r(0, 2))));

    static RoutingExample ex(String id, Map<String, ModelResult> rs) { return new RoutingExample(id, "p " + id, "t", rs); }

    static ModelResult r(double score, double cost) { return new ModelResult(score, cost); }

    @Test
    void accuracyCostAndShare() {
        List<Outcome> o = List.of(new Outcome("a", "x", 1, 0.5), new Outcome("b", "y", 0, 1.5),
                new Outcome("c", "x", 0.5, 1.0), new Outcome("d", "x", 1, 1.0));
        assertThat(Metrics.accuracy(o)).isEqualTo(0.625);
        assertThat(Metrics.totalCost(o)).isEqualTo(4.0);
        assertThat(Metrics.meanCost(o)).isEqualTo(1.0);
        assertThat(Metrics.callShare(o)).containsExactlyInAnyOrderEntriesOf(Map.of("x", 0.75, "y", 0.25));
        assertThat(Metrics.accuracy(List.of())).isZero();
    }

    @Test
    void singleModelsBestAndRelative() {
        List<Point> singles = Metrics.singleModelPoints(DATA);
        assertThat(singles).containsExactly(new Point("small", 4 / 3.0, 1 / 3.0), new Point("big", 10, 2 / 3.0));
        Point best = Metrics.bestSingleModel(singles);
        assertThat(best.label()).isEqualTo("big");
        Metrics.Relative rel = Metrics.relative(singles.get(0), best);
        assertThat(rel.cost()).isCloseTo(0.1333333, within(1e-6));
        assertThat(rel.quality()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void oraclePicksCheapestCorrectElseCheapest() {
        // a: both right -> small (1); b: only big right -> big (10); c: nobody right -> cheapest, small (2).
        List<Outcome> o = Metrics.oracle(DATA);
        assertThat(o).extracting(Outcome::model).containsExactly("small", "big", "small");
        assertThat(Metrics.totalCost(o)).isEqualTo(13);
        assertThat(Metrics.accuracy(o)).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void pgrApgrCpt() {
        assertThat(RouteLlmMetrics.pgr(0.7, 0.6, 0.8)).isCloseTo(0.5, within(1e-12));
        // Points (0.5, 0.8) plus implied (0,0) and (1,1): area = 0.5*0.4 + 0.5*0.9 = 0.65.
        List<RouteLlmMetrics.PgrPoint> pts = List.of(new RouteLlmMetrics.PgrPoint(0.5, 0.8));
        assertThat(RouteLlmMetrics.apgr(pts)).isCloseTo(0.65, within(1e-12));
        // PGR 0.5 reached on the first segment at share 0.5 * 0.5/0.8 = 0.3125; 0.8 exactly at 0.5.
        assertThat(RouteLlmMetrics.cpt(pts, 0.5)).isCloseTo(0.3125, within(1e-12));
        assertThat(RouteLlmMetrics.cpt(pts, 0.8)).isCloseTo(0.5, within(1e-12));
        // Random routing (the diagonal) has APGR 0.5.
        assertThat(RouteLlmMetrics.apgr(List.of(new RouteLlmMetrics.PgrPoint(0.3, 0.3)))).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aiqHullIsConvexNonDecreasingAndNormalised() {
        // (0,0.5) (1,0.6) (2,0.9) (3,0.8) on [0,4]: (1,0.6) is below the chord (0,.5)-(2,.9) -> dropped;
        // (3,0.8) is past the top -> dropped, flat at 0.9 from 2 to 4.
        // Area = 2*(0.5+0.9)/2 + 2*0.9 = 1.4 + 1.8 = 3.2; / 4 = 0.8.
        List<Point> pts = List.of(new Point("a", 0, 0.5), new Point("b", 1, 0.6), new Point("c", 2, 0.9), new Point("d", 3, 0.8));
        assertThat(Aiq.hull(pts)).extracting(Point::label).containsExactly("a", "c");
        assertThat(Aiq.aiq(pts, 0, 4)).isCloseTo(0.8, within(1e-12));
        // Below the cheapest point the router gets no credit: one point (2, 0.9) on [0,4] -> 0.9*2/4.
        assertThat(Aiq.aiq(List.of(new Point("x", 2, 0.9)), 0, 4)).isCloseTo(0.45, within(1e-12));
    }
}
