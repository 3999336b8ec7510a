package io.computebroker.eval.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an {@link EvaluationReport}: a text table, JSON, an SVG plot, and per-prompt decisions as JSONL. */
public final class ReportWriters {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module())
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINE = new ObjectMapper();

    private ReportWriters() {}

    public static String table(EvaluationReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d held-out prompts; reference = best single model %s (accuracy %.4f, $%.6f/call)%n",
                r.examples(), r.bestSingle().label(), r.bestSingle().quality(), r.bestSingle().cost()));
        sb.append(String.format(Locale.ROOT, "%-40s %9s %12s %9s %9s%n", "route", "accuracy", "$/call", "acc/ref", "cost/ref"));
        for (EvaluationReport.KnobResult k : r.curve()) row(sb, label(r, k) + (k.missing() > 0 ? " (" + k.missing() + " missing)" : ""), k.point(), r.bestSingle());
        row(sb, "oracle", r.oracle(), r.bestSingle());
        for (TaskRules.Rule rule : r.taskRules()) row(sb, rule.point().label() + " (hindsight)", rule.point(), r.bestSingle());
        for (Point p : r.singleModels()) row(sb, "always " + p.label(), p, r.bestSingle());
        sb.append(String.format(Locale.ROOT, "AIQ over $%.6f..$%.6f per call: router %.4f, oracle %.4f%n",
                r.cMin(), r.cMax(), r.aiq(), r.oracleAiq()));
        r.twoModel().ifPresent(t -> sb.append(String.format(Locale.ROOT,
                "two-model (weak %s, strong %s): APGR %.4f, CPT(50%%) %.1f%%, CPT(80%%) %.1f%%%n",
                t.weak(), t.strong(), t.apgr(), 100 * t.cpt50(), 100 * t.cpt80())));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, Point p, Point ref) {
        Metrics.Relative rel = Metrics.relative(p, ref);
        sb.append(String.format(Locale.ROOT, "%-40s %9.4f %12.6f %8.1f%% %8.1f%%%n", name, p.quality(), p.cost(),
                100 * rel.quality(), 100 * rel.cost()));
    }

    /** "router knob 0.1"; a knob-free strategy (one point, e.g. a cascade without a router) is just its name. */
    private static String label(EvaluationReport r, EvaluationReport.KnobResult k) {
        return r.curve().size() == 1 && !r.name().equals("router") ? r.name() : r.name() + " knob " + fmt(k.knob());
    }

    private static String fmt(double d) { return String.format(Locale.ROOT, "%g", d).replaceAll("\\.?0+$", ""); }

    /** The report without per-prompt decisions (those go to the JSONL). */
    public static String json(EvaluationReport r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("evaluated", r.name());
        o.put("examples", r.examples());
        o.put("best_single", r.bestSingle());
        o.put("oracle", r.oracle());
        o.put("oracle_share", r.oracleShare());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (TaskRules.Rule rule : r.taskRules()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at_least", rule.atLeast());
            m.put("cost", rule.point().cost());
            m.put("accuracy", rule.point().quality());
            m.put("model_per_task", rule.modelPerTask());
            rules.add(m);
        }
        o.put("task_rules_hindsight", rules);
        o.put("aiq", r.aiq());
        o.put("oracle_aiq", r.oracleAiq());
        o.put("aiq_cost_range", List.of(r.cMin(), r.cMax()));
        List<Map<String, Object>> curve = new ArrayList<>();
        for (EvaluationReport.KnobResult k : r.curve()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("knob", k.knob());
            c.put("cost", k.point().cost());
            c.put("quality", k.point().quality());
            c.put("cost_relative", k.relative().cost());
            c.put("quality_relative", k.relative().quality());
            c.put("share", k.share());
            c.put("missing", k.missing());
            curve.add(c);
        }
        o.put("curve", curve);
        o.put("single_models", r.singleModels());
        r.twoModel().ifPresent(t -> o.put("two_model", t));
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One {@code {"id","model"}} line per prompt, for the given knob's decisions; plus {@code "called"} (every model, in order) when more than the answering model was called. */
    public static String decisionsJsonl(List<Outcome> decisions) {
        StringBuilder sb = new StringBuilder();
        try {
            for (Outcome d : decisions) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("id", d.id());
                line.put("model", d.model());
                if (!d.called().equals(List.of(d.model()))) {
                    line.put("called", d.called());
                    line.put("cost_usd", d.costUsd());
                }
                sb.append(LINE.writeValueAsString(line)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** Cost (x, linear) against accuracy (y): the router's curve, single models as grey dots, the oracle as a star. */
    public static String svg(EvaluationReport r) {
        int w = 760, h = 480, left = 70, right = 200, top = 30, bottom = 60;
        List<Point> all = new ArrayList<>(r.singleModels());
        all.add(r.oracle());
        r.curve().forEach(k -> all.add(k.point()));
        double x0 = 0, x1 = all.stream().mapToDouble(Point::cost).max().orElse(1) * 1.05;
        double y0 = Math.max(0, all.stream().mapToDouble(Point::quality).min().orElse(0) - 0.05);
        double y1 = Math.min(1, all.stream().mapToDouble(Point::quality).max().orElse(1) + 0.05);
        if (x1 <= x0) x1 = x0 + 1;
        if (y1 <= y0) y1 = y0 + 0.1;
        Plot pl = new Plot(left, top, w - left - right, h - top - bottom, x0, x1, y0, y1);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n", w, h));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n", left, top, w - left - right, h - top - bottom));
        for (int i = 0; i <= 4; i++) {
            double xv = x0 + (x1 - x0) * i / 4, yv = y0 + (y1 - y0) * i / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">$%.5f</text>%n", pl.x(xv), h - bottom + 16, xv));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", left - 6, pl.y(yv) + 4, yv));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">mean cost per call (USD)</text>%n", left + (w - left - right) / 2, h - 20));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">accuracy</text>%n", top + (h - top - bottom) / 2, top + (h - top - bottom) / 2));
        StringBuilder path = new StringBuilder();
        r.curve().stream().map(EvaluationReport.KnobResult::point).sorted(java.util.Comparator.comparingDouble(Point::cost))
                .forEach(p -> path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", pl.x(p.cost()), pl.y(p.quality()))));
        s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n");
        for (EvaluationReport.KnobResult k : r.curve()) {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f77b4\"><title>knob %s</title></circle>%n",
                    pl.x(k.point().cost()), pl.y(k.point().quality()), fmt(k.knob())));
        }
        for (Point p : r.singleModels()) {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#999\"/><text x=\"%.1f\" y=\"%.1f\" fill=\"#555\">%s</text>%n",
                    pl.x(p.cost()), pl.y(p.quality()), pl.x(p.cost()) + 6, pl.y(p.quality()) + 4, esc(p.label())));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"16\" fill=\"#d62728\" text-anchor=\"middle\">★</text><text x=\"%.1f\" y=\"%.1f\" fill=\"#d62728\">oracle</text>%n",
                pl.x(r.oracle().cost()), pl.y(r.oracle().quality()) + 6, pl.x(r.oracle().cost()) + 8, pl.y(r.oracle().quality()) - 6));
        int ly = top + 10;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1f77b4\" stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s, AIQ %.3f</text>%n",
                w - right + 10, ly, w - right + 30, ly, w - right + 34, ly + 4, esc(r.curve().size() > 1 ? r.name() + " (knob sweep)" : r.name()), r.aiq()));
        s.append("</svg>\n");
        return s.toString();
    }

    private record Plot(int left, int top, int width, int height, double x0, double x1, double y0, double y1) {
        double x(double v) { return left + (v - x0) / (x1 - x0) * width; }

        double y(double v) { return top + height - (v - y0) / (y1 - y0) * height; }
    }

    private static String esc(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }

    /** Writes report.txt, report.json, curve.svg and decisions.jsonl (at {@code decisionKnob}) into {@code dir}. */
    public static void writeAll(EvaluationReport r, double decisionKnob, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.txt"), table(r), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.json"), json(r), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("curve.svg"), svg(r), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("decisions.jsonl"), decisionsJsonl(r.at(decisionKnob).decisions()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report to " + dir, e);
        }
    }
}
