package io.computebroker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code broker run "GOAL" --budget 2.00 --watch}: starts a run on a running broker and, with --watch,
 * shows its task tree live (progress bar, cost so far) and the run report at the end. {@code --attach
 * RUN} follows (or reports on) an existing run instead.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Start an orchestrated run (goal → plan → tasks) and follow it.")
final class RunCommand implements Callable<Integer> {
    @Mixin RunClient client;

    @Parameters(index = "0", arity = "0..1", paramLabel = "GOAL", description = "what the run should achieve") String goal;
    @Option(names = "--budget", paramLabel = "USD", description = "hard spend cap of the run, e.g. 2.00") String budget;
    @Option(names = "--profile", paramLabel = "NAME", description = "agent profile: tools and checkpoints (default: default)") String profile;
    @Option(names = "--sensitivity", paramLabel = "LEVEL", description = "e.g. confidential: every call of the run stays on owned models")
    String sensitivity;
    @Option(names = "--max-tasks", paramLabel = "N") Integer maxTasks;
    @Option(names = "--max-depth", paramLabel = "N") Integer maxDepth;
    @Option(names = "--max-wall", paramLabel = "SECONDS") Long maxWallSeconds;
    @Option(names = "--watch", description = "follow the run until it ends, then print its report") boolean watch;
    @Option(names = "--attach", paramLabel = "RUN", description = "follow an existing run instead of starting one") String attach;
    @Option(names = "--json", description = "print the report as JSON") boolean json;

    @Override
    public Integer call() {
        PrintWriter out = new PrintWriter(System.out, true);
        try {
            String id = attach;
            if (id == null) {
                if (goal == null || budget == null) {
                    System.err.println("give a GOAL and --budget USD (or --attach RUN)");
                    return 2;
                }
                var body = Json.object().put("goal", goal).put("budget_usd", budget);
                if (profile != null) body.put("profile", profile);
                if (sensitivity != null) body.put("sensitivity", sensitivity);
                var limits = body.putObject("limits");
                if (maxTasks != null) limits.put("max_tasks", maxTasks);
                if (maxDepth != null) limits.put("max_depth", maxDepth);
                if (maxWallSeconds != null) limits.put("max_wall_seconds", maxWallSeconds);
                id = client.post("/v1/runs", Json.write(body)).get("id").asText();
                out.println("run " + id + " started");
            }
            JsonNode run = client.get("/v1/runs/" + id);
            if (watch) run = follow(id, out);
            if (!watch && attach == null) return 0;
            JsonNode report = client.get("/v1/runs/" + id + "/report");
            if (json) out.println(Json.write(report));
            else printReport(run, report, out);
            return run.get("state").asText().equals("done") ? 0 : 1;
        } catch (RunClient.Failed e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    /** Redraws the tree whenever the run changes, until it ends. */
    private JsonNode follow(String id, PrintWriter out) {
        boolean tty = System.console() != null;
        String last = "";
        while (true) {
            JsonNode run = client.get("/v1/runs/" + id);
            String view = tree(run);
            if (!view.equals(last)) {
                if (tty) out.print("\033[H\033[2J");
                out.println(view);
                last = view;
            }
            String state = run.get("state").asText();
            if (List.of("done", "failed", "cancelled", "budget_exhausted").contains(state)) return run;
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return run;
            }
        }
    }

    /** The live view: a progress bar with cost so far, then the task tree. */
    static String tree(JsonNode run) {
        StringBuilder sb = new StringBuilder();
        JsonNode p = run.get("progress");
        int total = p.get("total").asInt(), finished = p.get("finished").asInt();
        int width = 30, filled = total == 0 ? 0 : finished * width / total;
        sb.append("run ").append(run.get("id").asText()).append("  ").append(run.get("state").asText()).append('\n')
                .append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ")
                .append(finished).append('/').append(total).append(" tasks   cost ").append(run.get("cost_usd").asText())
                .append(" of ").append(run.get("budget_usd").asText()).append('\n');
        for (JsonNode t : run.get("tasks")) node(t, "  ", sb);
        if (run.hasNonNull("reason")) sb.append("reason: ").append(run.get("reason").asText()).append('\n');
        return sb.toString();
    }

    private static void node(JsonNode t, String indent, StringBuilder sb) {
        String state = t.get("state").asText();
        String mark = switch (state) {
            case "done" -> "✓";
            case "failed" -> "✗";
            case "cancelled" -> "-";
            case "awaiting_approval" -> "?";
            case "running", "leased" -> "▶";
            default -> "·";
        };
        sb.append(indent).append(mark).append(' ').append(t.get("id").asText()).append(" [").append(t.get("task_class").asText())
                .append("] ").append(state).append("  ").append(t.get("cost_usd").asText()).append("  ")
                .append(clip(t.get("instruction").asText(), 60));
        if (state.equals("awaiting_approval")) sb.append("   ← broker approve ").append(t.get("id").asText());
        sb.append('\n');
        if (t.has("subtasks")) for (JsonNode c : t.get("subtasks")) node(c, indent + "  ", sb);
    }

    static void printReport(JsonNode run, JsonNode report, PrintWriter out) {
        TextTable table = new TextTable(List.of("task", "class", "state", "calls", "routes", "in tok", "out tok", "cost", "frontier baseline"),
                3, 5, 6, 7, 8);
        for (JsonNode r : report.get("tasks")) {
            List<String> routes = new java.util.ArrayList<>();
            r.get("routes").forEach(x -> routes.add(x.asText()));
            table.row(List.of(r.get("task").asText(), r.path("task_class").asText("-"), r.path("state").asText("-"), r.get("calls").asText(),
                    String.join(",", routes), r.get("input_tokens").asText(), r.get("output_tokens").asText(), r.get("cost_usd").asText(),
                    r.get("baseline_usd").asText()));
        }
        JsonNode t = report.get("total");
        table.rule().row(List.of("total", "", report.get("state").asText(), t.get("calls").asText(), "", t.get("input_tokens").asText(),
                t.get("output_tokens").asText(), t.get("cost_usd").asText(), t.get("baseline_usd").asText()));
        table.print(out);
        out.println("saved " + t.get("savings_pct").asText() + "% against every call on the frontier model; budget " + report.get("budget_usd").asText());
        long denied = 0;
        for (JsonNode c : report.get("tool_calls")) if (c.get("outcome").asText().equals("denied")) denied++;
        if (report.get("tool_calls").size() > 0) out.println(report.get("tool_calls").size() + " tool call(s), " + denied + " denied");
        if (report.hasNonNull("reason")) out.println("reason: " + report.get("reason").asText());
        if (run.hasNonNull("result")) out.println("\nresult:\n" + run.get("result").asText());
        out.flush();
    }

    private static String clip(String s, int max) {
        String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
