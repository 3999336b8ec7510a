package io.computebroker.economics;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The plan's cost curves as a PNG (Java2D, no dependencies), log-log: monthly tokens across, monthly USD up.
 * Each band's TCO is a flat line (it costs the same however busy it is); each workload's routed spend is a
 * line through the origin at its blended price, with a dot at today's volume and a diamond where it crosses
 * a band that takes its task: the break-even points. Up to {@value #MAX_WORKLOADS} workloads, dearest first.
 */
public final class PlanChart {
    static final int MAX_WORKLOADS = 8;
    private static final int W = 1400, H = 860, LEFT = 110, RIGHT = 330, TOP = 70, BOTTOM = 80;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private PlanChart() {}

    public static void write(Plan plan, OutputStream out) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            draw(plan, g);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
    }

    private static void draw(Plan plan, Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        // Workloads already on owned capacity have no routed spend to break even against.
        List<Plan.WorkloadPlan> ws = plan.workloads().stream().filter(w -> w.blendedUsdPerMillion() != null && w.blendedUsdPerMillion().signum() > 0
                && !w.workload().allOwned()).limit(MAX_WORKLOADS).toList();
        double xMin = 1e6, xMax = 1e12, yMin = 10, yMax = 1e6;
        for (Plan.WorkloadPlan w : ws) {
            xMin = Math.min(xMin, decadeBelow(w.monthlyTokens()));
            yMin = Math.min(yMin, decadeBelow(w.monthlyCostUsd().doubleValue()));
        }
        for (Bands.Band b : plan.bands().bands()) yMax = Math.max(yMax, decadeAbove(b.monthlyTcoUsd().doubleValue() * 2));
        Axes a = new Axes(Math.log10(xMin), Math.log10(xMax), Math.log10(yMin), Math.log10(yMax));

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.setColor(Color.BLACK);
        g.drawString("Routed spend vs self-hosting TCO per month (break-even where they cross)", LEFT, 40);
        grid(g, a);

        // Bands: flat TCO lines, labelled at the right edge.
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        float[] dash = {8f, 6f};
        int labelY = Integer.MIN_VALUE;
        for (Bands.Band b : plan.bands().bands().stream().sorted(java.util.Comparator.comparing(Bands.Band::monthlyTcoUsd)).toList()) {
            double y = a.y(b.monthlyTcoUsd().doubleValue());
            g.setColor(new Color(0x777777));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
            g.draw(new Line2D.Double(LEFT, y, W - RIGHT, y));
            int ly = (int) y + 4;
            if (ly > labelY - 14 && labelY != Integer.MIN_VALUE) ly = labelY - 14; // bands at equal TCO would overprint
            labelY = ly;
            g.drawString(b.name() + " $" + Units.usd(b.monthlyTcoUsd()), W - RIGHT + 8, ly);
        }

        // Workloads: spend = blended price x tokens, today's volume, break-even diamonds.
        g.setStroke(new BasicStroke(2.2f));
        int legend = TOP + 10;
        for (int i = 0; i < ws.size(); i++) {
            Plan.WorkloadPlan w = ws.get(i);
            Color c = PALETTE[i % PALETTE.length];
            double perToken = w.blendedUsdPerMillion().doubleValue() / 1e6;
            Path2D line = new Path2D.Double();
            boolean started = false;
            for (double lx = a.x0; lx <= a.x1 + 1e-9; lx += (a.x1 - a.x0) / 200) {
                double usd = Math.pow(10, lx) * perToken;
                if (usd < Math.pow(10, a.y0) || usd > Math.pow(10, a.y1)) { started = false; continue; }
                double px = a.x(Math.pow(10, lx)), py = a.y(usd);
                if (!started) line.moveTo(px, py); else line.lineTo(px, py);
                started = true;
            }
            g.setColor(c);
            g.setStroke(new BasicStroke(2.2f));
            g.draw(line);
            for (Plan.BandCase bc : w.cases()) {
                if (!bc.takesTask() || bc.breakEvenTokens() == null) continue;
                double bx = bc.breakEvenTokens().doubleValue();
                if (bx < Math.pow(10, a.x0) || bx > Math.pow(10, a.x1)) continue;
                double px = a.x(bx), py = a.y(bc.band().monthlyTcoUsd().doubleValue());
                Path2D d = new Path2D.Double();
                d.moveTo(px, py - 6);
                d.lineTo(px + 6, py);
                d.lineTo(px, py + 6);
                d.lineTo(px - 6, py);
                d.closePath();
                g.setColor(Color.WHITE);
                g.fill(d);
                g.setColor(c);
                g.setStroke(new BasicStroke(1.5f));
                g.draw(d);
            }
            // Today's volume on top of the diamonds: a workload near break-even would otherwise hide it.
            fill(g, new Ellipse2D.Double(a.x(w.monthlyTokens()) - 7, a.y(w.monthlyCostUsd().doubleValue()) - 7, 14, 14), c);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1.5f));
            g.draw(new Ellipse2D.Double(a.x(w.monthlyTokens()) - 7, a.y(w.monthlyCostUsd().doubleValue()) - 7, 14, 14));
        }
        // The legend last, over the curves.
        for (int i = 0; i < ws.size(); i++) {
            Plan.WorkloadPlan w = ws.get(i);
            Color c = PALETTE[i % PALETTE.length];
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(new Color(255, 255, 255, 230));
            g.fill(new Rectangle2D.Double(LEFT + 8, legend - 14, 520, 18));
            fill(g, new Rectangle2D.Double(LEFT + 14, legend - 10, 12, 12), c);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%s  %s tok/mo at $%s/1M", w.workload().name(), Units.tokens(w.monthlyTokens()),
                    w.blendedUsdPerMillion().setScale(3, java.math.RoundingMode.HALF_UP).toPlainString()), LEFT + 32, legend);
            legend += 18;
        }
        if (ws.isEmpty()) {
            g.setColor(Color.DARK_GRAY);
            g.drawString("no routed spend in the window: nothing to break even against", LEFT + 20, TOP + 30);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.DARK_GRAY);
        g.drawString("dot: today's volume and spend; diamond: break-even with a band that takes the workload's task; dashed: band TCO",
                LEFT, H - 20);
    }

    private static void grid(Graphics2D g, Axes a) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int e = (int) Math.ceil(a.x0); e <= a.x1; e++) {
            double x = a.x(Math.pow(10, e));
            g.setColor(new Color(0xe6e6e6));
            g.draw(new Line2D.Double(x, TOP, x, H - BOTTOM));
            g.setColor(Color.BLACK);
            String label = Units.tokens(Math.pow(10, e));
            g.drawString(label, (int) x - g.getFontMetrics().stringWidth(label) / 2, H - BOTTOM + 18);
        }
        for (int e = (int) Math.ceil(a.y0); e <= a.y1; e++) {
            double y = a.y(Math.pow(10, e));
            g.setColor(new Color(0xe6e6e6));
            g.draw(new Line2D.Double(LEFT, y, W - RIGHT, y));
            g.setColor(Color.BLACK);
            String label = "$" + Units.usd(BigDecimal.valueOf(Math.pow(10, e)));
            g.drawString(label, LEFT - 10 - g.getFontMetrics().stringWidth(label), (int) y + 4);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString("tokens per month (log)", LEFT + (W - LEFT - RIGHT) / 2 - 70, H - BOTTOM + 45);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString("USD per month (log)", -(TOP + (H - TOP - BOTTOM) / 2 + 60), 30);
        r.dispose();
    }

    private static void fill(Graphics2D g, Shape s, Color c) {
        g.setColor(c);
        g.fill(s);
    }

    static double decadeBelow(double v) { return v <= 0 ? 1 : Math.pow(10, Math.floor(Math.log10(v))); }

    static double decadeAbove(double v) { return v <= 0 ? 10 : Math.pow(10, Math.ceil(Math.log10(v))); }

    /** Log-scale mapping of data to pixels. */
    private record Axes(double x0, double x1, double y0, double y1) {
        double x(double v) { return LEFT + (Math.log10(Math.max(v, 1e-12)) - x0) / (x1 - x0) * (W - LEFT - RIGHT); }

        double y(double v) { return H - BOTTOM - (Math.log10(Math.max(v, 1e-12)) - y0) / (y1 - y0) * (H - TOP - BOTTOM); }
    }
}
