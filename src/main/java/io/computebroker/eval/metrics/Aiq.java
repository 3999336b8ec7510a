package io.computebroker.eval.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * RouterBench's Average Improvement in Quality (Hu et al., 2024, arXiv:2403.12031): the area under a
 * router's non-decreasing convex hull in the cost–quality plane, divided by the width of the cost range.
 *
 * <p>Exact definition used here. Given the router's points (mean cost, mean quality), one per knob value,
 * and a cost range [cMin, cMax] (the caller's; the evaluation uses the cheapest and the most expensive
 * single model's mean cost, so routers are compared over the same range):
 * <ol>
 *   <li>R(c) is the upper convex hull of the points (any mix of two operating points is reachable by
 *       randomising between them, so the hull is achievable), made non-decreasing: beyond the hull's
 *       highest-quality point it stays flat at that quality (spending more can always be declined).
 *   <li>Below the cheapest point R(c) = 0: the router has no way to operate that cheaply, and we do not
 *       credit it for a cost it cannot reach.
 *   <li>AIQ = (1 / (cMax − cMin)) ∫ R(c) dc over [cMin, cMax], integrated exactly (R is piecewise linear).
 * </ol>
 * The result is in quality units (0..1 for 0/1 scores); a router that is as good as the best model at the
 * cheapest model's price scores that quality.
 */
public final class Aiq {
    private Aiq() {}

    public static double aiq(List<Point> points, double cMin, double cMax) {
        if (points.isEmpty()) return 0;
        if (!(cMax > cMin)) throw new IllegalArgumentException("cost range must be non-empty: [" + cMin + ", " + cMax + "]");
        List<Point> h = hull(points);
        double area = 0;
        for (int i = 1; i < h.size(); i++) area += segment(h.get(i - 1), h.get(i), cMin, cMax);
        Point last = h.getLast();
        double flatFrom = Math.max(cMin, last.cost());
        if (cMax > flatFrom) area += (cMax - flatFrom) * last.quality();
        return area / (cMax - cMin);
    }

    /** The upper convex hull, cut after its highest point; sorted by cost. */
    static List<Point> hull(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::cost).thenComparing(Comparator.comparingDouble(Point::quality).reversed()));
        List<Point> h = new ArrayList<>();
        for (Point p : sorted) {
            if (!h.isEmpty() && h.getLast().cost() == p.cost()) continue;   // same cost: the first is the best
            while (h.size() >= 2 && cross(h.get(h.size() - 2), h.getLast(), p) >= 0) h.removeLast();
            h.add(p);
        }
        int top = 0;
        for (int i = 1; i < h.size(); i++) if (h.get(i).quality() > h.get(top).quality()) top = i;
        return new ArrayList<>(h.subList(0, top + 1));
    }

    /** >= 0 when b lies on or below the line a→c (so b is not on the upper hull). */
    private static double cross(Point a, Point b, Point c) {
        return (b.cost() - a.cost()) * (c.quality() - a.quality()) - (b.quality() - a.quality()) * (c.cost() - a.cost());
    }

    /** ∫ of the line a→b over [a.cost, b.cost] ∩ [lo, hi]. */
    private static double segment(Point a, Point b, double lo, double hi) {
        double x0 = Math.max(lo, a.cost()), x1 = Math.min(hi, b.cost());
        if (x1 <= x0) return 0;
        double slope = (b.quality() - a.quality()) / (b.cost() - a.cost());
        double y0 = a.quality() + slope * (x0 - a.cost()), y1 = a.quality() + slope * (x1 - a.cost());
        return (x1 - x0) * (y0 + y1) / 2;
    }
}
