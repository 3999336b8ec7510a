package io.computebroker.bench;

import io.computebroker.bench.GatewayProcess.Point;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Plain PNG charts drawn with Java2D (headless): grouped bars and time series. No chart library needed. */
final class Charts {
    private static final int W = 960, H = 480, LEFT = 80, RIGHT = 30, TOP = 50, BOTTOM = 110;
    private static final Color[] PALETTE = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52),
            new Color(0x8172B3), new Color(0x937860)};

    private Charts() {}

    /** One series of a line chart. */
    record Series(String name, List<Point> points) {}

    /**
     * Grouped bars: one group per category, one bar per series; {@code values[series][category]}.
     * An optional horizontal target line is drawn when {@code target} is not NaN.
     */
    static void bars(Path file, String title, String yLabel, List<String> categories, List<String> series, double[][] values, double target,
                     String targetLabel) {
        double max = Double.isNaN(target) ? 0 : target;
        for (double[] row : values) for (double v : row) max = Math.max(max, v);
        max = niceCeil(max <= 0 ? 1 : max * 1.1);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame(img, title, yLabel, 0, max);
        int plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
        int groups = categories.size();
        double groupW = plotW / (double) Math.max(1, groups);
        double barW = groupW * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < groups; c++) {
            for (int s = 0; s < series.size(); s++) {
                double v = values[s][c];
                int x = (int) (LEFT + c * groupW + groupW * 0.1 + s * barW);
                int h = (int) Math.round(Math.max(0, v) / max * plotH);
                g.setColor(PALETTE[s % PALETTE.length]);
                g.fillRect(x, TOP + plotH - h, (int) Math.max(1, barW - 2), h);
                g.setColor(Color.DARK_GRAY);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                String label = fmt(v);
                g.drawString(label, x + (int) (barW - 2 - g.getFontMetrics().stringWidth(label)) / 2, TOP + plotH - h - 3);
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            drawWrapped(g, categories.get(c), (int) (LEFT + c * groupW + groupW / 2), TOP + plotH + 16, (int) groupW - 6);
        }
        if (!Double.isNaN(target)) {
            int y = (int) (TOP + plotH - target / max * plotH);
            g.setColor(new Color(0xC44E52));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 4}, 0));
            g.drawLine(LEFT, y, W - RIGHT, y);
            g.drawString(targetLabel, W - RIGHT - g.getFontMetrics().stringWidth(targetLabel) - 4, y - 4);
            g.setStroke(new BasicStroke(1));
        }
        legend(g, series);
        write(img, g, file);
    }

    /** Time series on a shared x axis (seconds), with an optional vertical marker (e.g. end of warm-up). */
    static void lines(Path file, String title, String yLabel, List<Series> series, double markerX, String markerLabel) {
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = 0;
        for (Series s : series) {
            for (Point p : s.points()) {
                minX = Math.min(minX, p.seconds());
                maxX = Math.max(maxX, p.seconds());
                maxY = Math.max(maxY, p.mb());
            }
        }
        if (minX > maxX) { minX = 0; maxX = 1; }
        if (maxX == minX) maxX = minX + 1;
        maxY = niceCeil(maxY <= 0 ? 1 : maxY * 1.1);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame(img, title, yLabel, 0, maxY);
        int plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 5; i++) {
            double x = minX + (maxX - minX) * i / 5;
            int px = LEFT + (int) (plotW * i / 5.0);
            g.drawString(String.format(Locale.ROOT, "%.0f s", x), px - 12, TOP + plotH + 16);
        }
        for (int s = 0; s < series.size(); s++) {
            g.setColor(PALETTE[s % PALETTE.length]);
            g.setStroke(new BasicStroke(2f));
            List<Point> pts = series.get(s).points();
            for (int i = 1; i < pts.size(); i++) {
                g.drawLine(px(pts.get(i - 1).seconds(), minX, maxX, plotW), py(pts.get(i - 1).mb(), maxY, plotH),
                        px(pts.get(i).seconds(), minX, maxX, plotW), py(pts.get(i).mb(), maxY, plotH));
            }
            if (pts.size() == 1) g.fillOval(px(pts.get(0).seconds(), minX, maxX, plotW) - 2, py(pts.get(0).mb(), maxY, plotH) - 2, 4, 4);
        }
        if (!Double.isNaN(markerX) && markerX >= minX && markerX <= maxX) {
            int x = px(markerX, minX, maxX, plotW);
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{4, 4}, 0));
            g.drawLine(x, TOP, x, TOP + plotH);
            g.drawString(markerLabel, x + 4, TOP + 14);
        }
        g.setStroke(new BasicStroke(1));
        legend(g, series.stream().map(Series::name).toList());
        write(img, g, file);
    }

    private static int px(double x, double minX, double maxX, int plotW) {
        return LEFT + (int) Math.round((x - minX) / (maxX - minX) * plotW);
    }

    private static int py(double y, double maxY, int plotH) {
        return TOP + plotH - (int) Math.round(y / maxY * plotH);
    }

    private static Graphics2D frame(BufferedImage img, String title, String yLabel, double minY, double maxY) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        int plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 5; i++) {
            double v = minY + (maxY - minY) * i / 5;
            int y = TOP + plotH - (int) (plotH * i / 5.0);
            g.setColor(new Color(0xE5E5E5));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.BLACK);
            String label = fmt(v);
            g.drawString(label, LEFT - 6 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
        g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
        var rot = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + plotH / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 18);
        g.setTransform(rot);
        return g;
    }

    private static void legend(Graphics2D g, List<String> names) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = LEFT;
        int y = H - 18;
        for (int i = 0; i < names.size(); i++) {
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x, y - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), x + 16, y);
            x += 28 + g.getFontMetrics().stringWidth(names.get(i));
        }
    }

    /** Centred text wrapped on spaces into lines no wider than {@code width}. */
    private static void drawWrapped(Graphics2D g, String text, int cx, int y, int width) {
        StringBuilder line = new StringBuilder();
        int lineNo = 0;
        for (String word : text.split(" ")) {
            String tryLine = line.isEmpty() ? word : line + " " + word;
            if (g.getFontMetrics().stringWidth(tryLine) > width && !line.isEmpty()) {
                g.drawString(line.toString(), cx - g.getFontMetrics().stringWidth(line.toString()) / 2, y + lineNo++ * 13);
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(tryLine);
            }
        }
        if (!line.isEmpty()) g.drawString(line.toString(), cx - g.getFontMetrics().stringWidth(line.toString()) / 2, y + lineNo * 13);
    }

    private static double niceCeil(double v) {
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[]{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) if (m * mag >= v) return m * mag;
        return 10 * mag;
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static void write(BufferedImage img, Graphics2D g, Path file) {
        g.dispose();
        try {
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
