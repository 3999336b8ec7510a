package io.computebroker.eval.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The two-model metrics of RouteLLM (Ong et al., 2024, arXiv:2406.18665), where a router picks between a
 * weak and a strong model and cost is measured as the share of calls sent to the strong one.
 * <ul>
 *   <li>PGR = (q_router − q_weak) / (q_strong − q_weak): the share of the quality gap recovered.
 *   <li>APGR: the area under PGR plotted against the strong-call share on [0, 1]. Here: the points are
 *       sorted by share, the ends (0, 0) and (1, 1) (all-weak and all-strong by definition) are added,
 *       and the piecewise-linear curve through them is integrated with the trapezoid rule. (The paper
 *       approximates the same area by averaging PGR at 10 evenly spaced cost percentages.) 0.5 is what
 *       random routing gets.
 *   <li>CPT(x): the smallest strong-call share at which the same curve reaches PGR x, by linear
 *       interpolation between points.
 * </ul>
 */
public final class RouteLlmMetrics {
    private RouteLlmMetrics() {}

    /** A router's operating point: share of calls to the strong model, and its PGR. */
    public record PgrPoint(double strongShare, double pgr) {}

    public static double pgr(double quality, double weakQuality, double strongQuality) {
        double gap = strongQuality - weakQuality;
        if (gap == 0) throw new IllegalArgumentException("PGR is undefined when the strong and weak models score the same");
        return (quality - weakQuality) / gap;
    }

    /** The curve APGR and CPT integrate: sorted by share, with (0,0) and (1,1) added, one point per share. */
    static List<PgrPoint> curve(List<PgrPoint> points) {
        List<PgrPoint> all = new ArrayList<>(points);
        all.add(new PgrPoint(0, 0));
        all.add(new PgrPoint(1, 1));
        all.sort(Comparator.comparingDouble(PgrPoint::strongShare).thenComparingDouble(PgrPoint::pgr));
        List<PgrPoint> out = new ArrayList<>();
        for (PgrPoint p : all) {
            // Several points at one share (e.g. two knobs routing identically): keep the best, it is achievable.
            if (!out.isEmpty() && out.getLast().strongShare() == p.strongShare()) out.set(out.size() - 1, p);
            else out.add(p);
        }
        return out;
    }

    public static double apgr(List<PgrPoint> points) {
        List<PgrPoint> c = curve(points);
        double area = 0;
        for (int i = 1; i < c.size(); i++) {
            PgrPoint a = c.get(i - 1), b = c.get(i);
            area += (b.strongShare() - a.strongShare()) * (a.pgr() + b.pgr()) / 2;
        }
        return area;
    }

    /** Call-performance threshold: the strong-call share needed to reach {@code targetPgr} (1 if never before all-strong). */
    public static double cpt(List<PgrPoint> points, double targetPgr) {
        List<PgrPoint> c = curve(points);
        if (c.getFirst().pgr() >= targetPgr) return c.getFirst().strongShare();
        for (int i = 1; i < c.size(); i++) {
            PgrPoint a = c.get(i - 1), b = c.get(i);
            if (b.pgr() >= targetPgr && a.pgr() < targetPgr) {
                return a.strongShare() + (targetPgr - a.pgr()) / (b.pgr() - a.pgr()) * (b.strongShare() - a.strongShare());
            }
        }
        return 1;
    }
}
