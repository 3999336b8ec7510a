package io.computebroker.bench;

import io.computebroker.bench.GatewayProcess.Point;
import io.computebroker.bench.Samples.Percentiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a run as Markdown ({@code report.md}: tables, targets and whether each was met) plus PNG charts
 * (latency percentiles, throughput ratio, memory over time) into one directory.
 */
final class BenchReport {
    /** The targets for this machine class, with governance on. */
    static final double TARGET_ADDED_P50_MS = 0.25, TARGET_ADDED_P99_MS = 1.0, TARGET_RATIO = 0.25, TARGET_TTFT_P99_MS = 1.0,
            TARGET_RSS_MB = 512, TARGET_COLD_START_MS = 2000, FLAT_SLOPE_MB_PER_MIN = 1.0;

    private BenchReport() {}

    static Path write(BenchResults r, Path dir) {
        try {
            Files.createDirectories(dir);
            List<String> charts = charts(r, dir);
            Path md = dir.resolve("report.md");
            Files.writeString(md, markdown(r, charts));
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String markdown(BenchResults r, List<String> charts) {
        StringBuilder sb = new StringBuilder();
        sb.append("# compute-broker benchmark\n\n");
        sb.append("- command: `").append(r.command).append("`\n");
        sb.append("- machine: ").append(r.machine).append('\n');
        sb.append(String.format(Locale.ROOT, "- run: %s, %.1f min%n", r.started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), r.minutes));
        if (r.bareRelay) {
            sb.append("- **in the gateway's place, the bare relay** (`bench/BareRelay`): its own JVM with the gateway's JVM options (`")
                    .append(String.join(" ", GatewayProcess.SERVE_JVM_OPTIONS)).append(r.jvmOptions.isEmpty() ? "" : " " + r.jvmOptions)
                    .append("`), the gateway's web server and settings and its upstream client, relaying bytes and nothing else: "
                            + "no key, no parsing, no policy, no budget, no ledger, no metrics. Every \"gateway\" below is this relay, "
                            + "and the targets are read against it: the floor of the stack.\n");
        } else {
            sb.append("- gateway: its own JVM (`java").append(r.jvmOptions.isEmpty() ? "" : " " + r.jvmOptions)
                    .append(" -jar compute-broker.jar serve`, with the launcher's `").append(String.join(" ", GatewayProcess.SERVE_JVM_OPTIONS))
                    .append("`), governance on: API key, signals with the sensitivity scan, policy decide, "
                            + "tenant budget reservation and settlement, ledger journal → SQLite, Prometheus metrics and the JSON access log.\n");
        }
        sb.append("- mock upstream and load generator: this JVM, same machine; added latency = gateway percentile − direct percentile, "
                + "both measured in this run").append(r.rounds > 1 ? ", each latency scenario's sides alternated " + r.rounds
                + " times and pooled" : "").append("; closed-loop workers are platform threads up to one per core, virtual threads above.\n\n");
        if (!r.latency.isEmpty()) {
            sb.append("## Added latency and throughput\n\n");
            sb.append("| scenario | direct p50 / p90 / p99 / max ms | via gateway p50 / p90 / p99 / max ms | **added** p50 / p90 / p99 / max ms | req/s direct → gateway (ratio) | failed |\n");
            sb.append("|---|---|---|---|---|---|\n");
            for (BenchResults.Latency l : r.latency) {
                sb.append("| ").append(l.name()).append(" | ").append(pct(l.direct())).append(" | ").append(pct(l.gateway())).append(" | **")
                        .append(pct(l.added())).append("** | ").append(String.format(Locale.ROOT, "%,.0f → %,.0f (%.1f %%)", l.directRps(), l.gatewayRps(),
                                100 * l.ratio())).append(" | ").append(l.directFailed()).append(" / ").append(l.gatewayFailed()).append(" |\n");
            }
            sb.append('\n');
            sb.append("CPU per measured call (the gateway's own cost, whatever else the two cores run). The load generator and mock "
                    + "share this JVM; *cores* is CPU time over wall time in the measured window.\n\n");
            sb.append("| scenario | load generator + mock, direct: µs/call (cores) | **gateway: µs/call (cores)** | load generator + mock, via gateway: µs/call |\n");
            sb.append("|---|---|---|---|\n");
            for (BenchResults.Latency l : r.latency) {
                BenchResults.CpuPerCall c = l.cpu();
                sb.append(String.format(Locale.ROOT, "| %s | %.0f (%.2f) | **%.0f (%.2f)** | %.0f |%n", l.name(), c.directLoadUs(),
                        c.directLoadCores(), c.gatewayUs(), c.gatewayCores(), c.viaLoadUs()));
            }
            sb.append('\n');
        }
        for (BenchResults.Streams s : r.streams) {
            sb.append("## Concurrent streams\n\n");
            sb.append(String.format(Locale.ROOT, "%,d streams (%s; peak in flight %,d direct, %,d via gateway). Stalled = any gap between "
                    + "events over %d ms (pacing %d ms + %d ms).%n%n", s.streams(), s.how(), s.directPeak(), s.gatewayPeak(),
                    s.intervalMs() + s.stallMs(), s.intervalMs(), s.stallMs()));
            sb.append("| | TTFT p50 / p90 / p99 / max ms | largest gap per stream p50 / p99 / max ms | stream duration p50 / p99 ms | stalled | failed |\n");
            sb.append("|---|---|---|---|---|---|\n");
            sb.append(streamRow("direct", s.directTtft(), s.directMaxGap(), s.directTotal(), s.directStalled(), s.directFailed()));
            sb.append(streamRow("via gateway", s.gatewayTtft(), s.gatewayMaxGap(), s.gatewayTotal(), s.gatewayStalled(), s.gatewayFailed()));
            sb.append("| **added** | **").append(pct(s.addedTtft())).append("** | | | | |\n\n");
            sb.append(String.format(Locale.ROOT, "CPU: load generator + mock %.2f cores in the direct phase and %.2f via the gateway; the gateway "
                    + "%.2f cores, %.0f µs per forwarded event (stream set-up included). The gateway's GC pauses during its run: %d, "
                    + "%.0f ms in all, the longest %.0f ms (a pause holds every stream in flight, and the events that arrive meanwhile then "
                    + "queue for the cores).%n%n", s.cpu().directLoadCores(), s.cpu().viaLoadCores(),
                    s.cpu().gatewayCores(), s.cpu().gatewayUsPerEvent(), s.gatewayPauses().count(), s.gatewayPauses().totalMs(),
                    s.gatewayPauses().maxMs()));
            sb.append(String.format(Locale.ROOT, "The mock's own lateness (each paced chunk's write after its scheduled time, on the mock's "
                    + "loops; it shares the cores with the gateway): p50 / p99 / max %s ms in the direct run, %s ms in the gateway's run.%n%n",
                    p50p99max(s.directMockLate()), p50p99max(s.gatewayMockLate())));
        }
        if (r.soak != null) {
            BenchResults.Soak k = r.soak;
            sb.append("## Soak\n\n");
            sb.append(String.format(Locale.ROOT, "%.1f min at %.0f calls/s + %.0f paced streams/s: %,d answered, %,d failed; call latency "
                            + "p50 / p90 / p99 / max %s ms. RSS %.0f MB at the start, %.0f MB at the end, peak %.0f MB; fitted slope after "
                            + "%.0f s of warm-up: RSS %+.2f MB/min, heap after GC %+.2f MB/min.%n%n",
                    k.minutes(), k.rate(), k.streamRate(), k.ok(), k.failed(), pct(k.latency()), k.rssStartMb(), k.rssEndMb(),
                    k.rssPeakMb(), k.warmupSeconds(), k.rssSlopeMbPerMin(), k.heapSlopeMbPerMin()));
        }
        if (r.coldStart != null) {
            BenchResults.ColdStart c = r.coldStart;
            sb.append("## Cold start\n\n");
            sb.append(String.format(Locale.ROOT, "%d spawns of %s (built jar, %s): first call answered after %s ms (median %.0f ms); "
                            + "the process printed \"ready\" after %s ms of its own (JVM start excluded).%n%n", c.firstServedMs().size(),
                    c.launcher() ? "`./broker serve` (the launcher's own time included)" : "`java -jar compute-broker.jar serve`",
                    c.aotCache() ? "from the launcher's AOT cache target/broker.aot" : "no AOT cache", join(c.firstServedMs()), c.medianFirstServed(), join(c.printedReadyMs().stream().map(Integer::doubleValue).toList())));
        }
        if (r.ledgerRows >= 0) {
            sb.append(String.format(Locale.ROOT, "Ledger: %,d settled rows in the gateway's SQLite after the run, for %,d measured calls answered "
                    + "(the rest are warm-up calls)%s.%n%n", r.ledgerRows, r.gatewayCalls, r.ledgerRows >= r.gatewayCalls ? "" : " — ROWS MISSING"));
        }
        if (r.peakRssMb > 0) sb.append(String.format(Locale.ROOT, "Gateway peak RSS over the whole run: %.0f MB.%n%n", r.peakRssMb));
        sb.append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
        for (String[] t : targets(r)) sb.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2]).append(" |\n");
        sb.append('\n');
        for (String c : charts) sb.append("![").append(c).append("](").append(c).append(")\n");
        return sb.toString();
    }

    /** Each target the run has data for: what it asks, what was measured, yes/no. */
    static List<String[]> targets(BenchResults r) {
        List<String[]> out = new ArrayList<>();
        r.latency.stream().filter(l -> l.name().startsWith("small prompt, concurrency 1")).findFirst().ifPresent(l -> {
            out.add(row("added latency p50 ≤ 0.25 ms (concurrency 1)", ms(l.added().p50()), l.added().p50() <= TARGET_ADDED_P50_MS));
            out.add(row("added latency p99 ≤ 1 ms (concurrency 1)", ms(l.added().p99()), l.added().p99() <= TARGET_ADDED_P99_MS));
        });
        r.latency.stream().filter(l -> l.how().contains("throughput ratio")).findFirst().ifPresent(l ->
                out.add(row("throughput at concurrency 50, 0 ms mock ≥ 25 % of direct", String.format(Locale.ROOT, "%.1f %%", 100 * l.ratio()),
                        l.ratio() >= TARGET_RATIO)));
        for (BenchResults.Streams s : r.streams) {
            out.add(row(String.format(Locale.ROOT, "%,d concurrent paced streams, 0 stalled", s.streams()),
                    s.gatewayStalled() + " stalled, " + s.gatewayFailed() + " failed (direct: " + s.directStalled() + " stalled)",
                    s.gatewayStalled() == 0 && s.gatewayFailed() == 0));
            out.add(row("stream TTFT added p99 ≤ 1 ms", ms(s.addedTtft().p99()), s.addedTtft().p99() <= TARGET_TTFT_P99_MS));
        }
        if (r.soak != null) {
            out.add(row("no memory growth over the soak (RSS slope after warm-up ≤ +1 MB/min)", String.format(Locale.ROOT,
                    "%+.2f MB/min over %.1f min", r.soak.rssSlopeMbPerMin(), r.soak.minutes()), r.soak.rssSlopeMbPerMin() <= FLAT_SLOPE_MB_PER_MIN));
        }
        if (r.peakRssMb > 0) out.add(row("RSS ≤ 512 MB at peak", String.format(Locale.ROOT, "%.0f MB", r.peakRssMb), r.peakRssMb <= TARGET_RSS_MB));
        if (r.coldStart != null) {
            out.add(row("cold start ≤ 2 s (spawn to first answered call)", String.format(Locale.ROOT, "median %.0f ms, worst %.0f ms",
                    r.coldStart.medianFirstServed(), r.coldStart.maxFirstServed()), r.coldStart.maxFirstServed() <= TARGET_COLD_START_MS));
        }
        return out;
    }

    private static String[] row(String target, String measured, boolean met) {
        return new String[]{target, measured, met ? "yes" : "**no**"};
    }

    private static List<String> charts(BenchResults r, Path dir) {
        List<String> names = new ArrayList<>();
        if (!r.latency.isEmpty() || !r.streams.isEmpty()) {
            List<String> cats = new ArrayList<>();
            List<double[]> cols = new ArrayList<>();
            for (BenchResults.Latency l : r.latency) {
                cats.add(l.name());
                cols.add(new double[]{l.added().p50(), l.added().p90(), l.added().p99()});
            }
            for (BenchResults.Streams s : r.streams) {
                cats.add(String.format(Locale.ROOT, "stream TTFT, %,d streams", s.streams()));
                cols.add(new double[]{s.addedTtft().p50(), s.addedTtft().p90(), s.addedTtft().p99()});
            }
            double[][] values = new double[3][cats.size()];
            for (int c = 0; c < cats.size(); c++) for (int s = 0; s < 3; s++) values[s][c] = cols.get(c)[s];
            Charts.bars(dir.resolve("latency.png"), "Latency added by the gateway (gateway − direct), governance on", "ms",
                    cats, List.of("p50", "p90", "p99"), values, TARGET_ADDED_P99_MS, "target p99 1 ms");
            names.add("latency.png");
        }
        if (!r.latency.isEmpty()) {
            List<String> cats = r.latency.stream().map(BenchResults.Latency::name).toList();
            double[][] values = new double[1][cats.size()];
            for (int c = 0; c < cats.size(); c++) values[0][c] = 100 * r.latency.get(c).ratio();
            Charts.bars(dir.resolve("throughput.png"), "Throughput through the gateway as % of the mock's direct throughput", "%",
                    cats, List.of("gateway / direct"), values, 100 * TARGET_RATIO, "target 25 % (concurrency 50)");
            names.add("throughput.png");
        }
        if (!r.rss.isEmpty()) {
            double marker = r.soak == null ? Double.NaN : r.soak.fromSeconds() + r.soak.warmupSeconds();
            Charts.lines(dir.resolve("memory.png"), "Gateway memory over the run (seconds since spawn)", "MB",
                    List.of(new Charts.Series("RSS", r.rss), new Charts.Series("heap after GC", r.heap)), marker, "soak warm-up ends");
            names.add("memory.png");
        }
        return names;
    }

    /** "p50 / p99 / max" in ms with one decimal: a stream's largest gap, the mock's lateness. */
    private static String p50p99max(Percentiles p) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", p.p50(), p.p99(), p.max());
    }

    private static String streamRow(String who, Percentiles ttft, Percentiles gap, Percentiles total, int stalled, int failed) {
        return "| " + who + " | " + pct(ttft) + " | " + p50p99max(gap)
                + " | " + String.format(Locale.ROOT, "%.0f / %.0f", total.p50(), total.p99()) + " | " + stalled + " | " + failed + " |\n";
    }

    static String pct(Percentiles p) {
        return String.format(Locale.ROOT, "%s / %s / %s / %s", num(p.p50()), num(p.p90()), num(p.p99()), num(p.max()));
    }

    private static String num(double ms) {
        return Math.abs(ms) >= 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.3f", ms);
    }

    private static String ms(double v) { return num(v) + " ms"; }

    private static String join(List<Double> xs) {
        return String.join(", ", xs.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList());
    }

    /** Memory points as "seconds,MB" CSV, for anyone who wants the raw series. */
    static void csv(Path file, List<Point> points) {
        StringBuilder sb = new StringBuilder("seconds,mb\n");
        for (Point p : points) sb.append(String.format(Locale.ROOT, "%.1f,%.1f%n", p.seconds(), p.mb()));
        try {
            Files.writeString(file, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
