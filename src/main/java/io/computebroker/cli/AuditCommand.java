package io.computebroker.cli;

import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.report.Audit;
import io.computebroker.report.AuditFormat;
import io.computebroker.report.AuditQuery;
import io.computebroker.report.AuditRow;
import io.computebroker.report.JsonOut;
import io.computebroker.report.TimeSpec;
import io.computebroker.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Where requests went (provider, model, boundary, region) by sensitivity, entity types and policy version.")
final class AuditCommand implements Callable<Integer> {
    enum Format { TABLE, CSV, JSON }

    @Spec CommandSpec spec;
    @Mixin ConfigOptions config;

    @Option(names = "--sensitivity", description = "only requests at or above this level (public, internal, confidential, restricted)")
    String sensitivity;
    @Option(names = "--tenant", description = "only this tenant's requests") String tenant;
    @Option(names = "--since", defaultValue = "30d", description = "30d, 24h, 90m, 2026-11-01 or an ISO instant (default: ${DEFAULT-VALUE})")
    String since;
    @Option(names = "--until", description = "end of the window, same forms as --since (default: now)")
    String until;
    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        AuditQuery query;
        Format fmt;
        try {
            fmt = Format.valueOf(format.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be table, csv or json, not '" + format + "'");
        }
        try {
            query = new AuditQuery(sensitivity == null ? null : Sensitivity.parse(sensitivity), tenant, TimeSpec.parse(since, now),
                    until == null ? now : TimeSpec.parse(until, now));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<AuditRow> rows;
        try (Database db = config.openStore()) {
            rows = new Audit(db).audit(query);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (fmt) {
            case CSV -> out.print(AuditFormat.csv(rows));
            case JSON -> out.println(JsonOut.pretty(AuditFormat.json(query, rows)));
            case TABLE -> table(rows).print(out);
        }
        out.flush();
        return 0;
    }

    private static TextTable table(List<AuditRow> rows) {
        TextTable t = new TextTable(List.of("SENSITIVITY", "PROVIDER", "MODEL", "BOUNDARY", "REGION", "ENTITY TYPES", "POLICY",
                "REQUESTS", "FIRST SEEN", "LAST SEEN"), 7);
        for (AuditRow r : rows) {
            t.row(List.of(text(r.sensitivity()), text(r.provider()), text(r.model()), text(r.boundary()), text(r.region()),
                    text(r.entityTypes()), text(r.policyVersion()), Long.toString(r.requests()), r.firstSeen().toString(),
                    r.lastSeen().toString()));
        }
        return t;
    }

    private static String text(String s) { return s == null ? "-" : s; }
}
