package io.computebroker.cli;

import io.computebroker.config.BrokerConfig;
import io.computebroker.economics.Bands;
import io.computebroker.economics.OwnedCost;
import io.computebroker.economics.Plan;
import io.computebroker.economics.PlanChart;
import io.computebroker.economics.PlanJson;
import io.computebroker.economics.PlanMarkdown;
import io.computebroker.economics.Planner;
import io.computebroker.report.GroupBy;
import io.computebroker.report.JsonOut;
import io.computebroker.report.ReportQuery;
import io.computebroker.report.TimeSpec;
import io.computebroker.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code broker plan}: what to self-host, from measured data (seed 001's break-even against the TCO bands). */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Per workload (feature x task): monthly volume and spend, break-even against self-hosting bands, a recommendation.")
final class PlanCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOptions config;
    @Option(names = "--since", defaultValue = "30d", description = "30d, 24h, 2026-11-01 or an ISO instant (default: ${DEFAULT-VALUE})") String since;
    @Option(names = "--until", description = "end of the window (default: now)") String until;
    @Option(names = "--tenant", description = "only this tenant's records") String tenant;
    @Option(names = "--format", defaultValue = "md", description = "md or json (default: ${DEFAULT-VALUE})") String format;
    @Option(names = "--bands", paramLabel = "FILE", description = "band TCOs and postures (default: the built-in seed 001 figures)") Path bandsFile;
    @Option(names = "--chart", paramLabel = "FILE.png", description = "also write the cost curves and break-even points as a PNG") Path chart;

    @Override
    public Integer call() throws IOException {
        Instant now = Instant.now();
        ReportQuery q;
        Bands bands;
        try {
            q = new ReportQuery(GroupBy.FEATURE, TimeSpec.parse(since, now), until == null ? now : TimeSpec.parse(until, now), tenant);
            bands = bandsFile == null ? Bands.defaults() : Bands.load(bandsFile);
            if (!format.equals("md") && !format.equals("json")) throw new IllegalArgumentException("--format must be md or json, not '" + format + "'");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        BrokerConfig cfg = config.load();
        Plan plan;
        try (Database db = config.openStore()) {
            plan = new Planner(db, bands).plan(q, OwnedCost.hardware(cfg));
        }
        if (chart != null) {
            Path parent = chart.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (OutputStream out = Files.newOutputStream(chart)) {
                PlanChart.write(plan, out);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) out.println(JsonOut.pretty(PlanJson.toJson(plan)));
        else out.print(PlanMarkdown.render(plan, chart == null ? null : chart.getFileName().toString()));
        out.flush();
        return 0;
    }
}
