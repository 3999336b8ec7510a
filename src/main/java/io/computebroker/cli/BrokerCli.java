package io.computebroker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code broker} command. {@code ./broker test} is handled by the launcher script (it needs Maven). */
@Command(name = "broker", mixinStandardHelpOptions = true, version = "compute-broker 0.1.0",
        description = "An LLM gateway that routes every call to the cheapest model that can do the work well.",
        subcommands = {ServeCommand.class, DemoCommand.class, KeysCommand.class, RouteCommand.class,
                TrainClassifierCommand.class, EvalPiiCommand.class, BenchCommand.class, ReportCommand.class,
                AuditCommand.class, EraseCommand.class, BudgetCommand.class, TenantCommand.class,
                ReplayCommand.class, DataCommand.class, TrainRouterCommand.class, TrainKnnRouterCommand.class, EvalCommand.class,
                RunCommand.class, ApproveCommand.class, TuneCascadeCommand.class,
                PricesCommand.class, TracesCommand.class, PlanCommand.class, StartupTrainingCommand.class})
public final class BrokerCli implements Runnable {

    public static void main(String[] args) {
        configureLogging();
        int code = new CommandLine(new BrokerCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        if (code != 0) System.exit(code);
    }

    /** Quiet library logs unless the operator brought their own logging.properties. */
    static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) return;
        try (java.io.InputStream in = BrokerCli.class.getResourceAsStream("/logging.properties")) {
            if (in != null) java.util.logging.LogManager.getLogManager().readConfiguration(in);
        } catch (java.io.IOException e) {
            System.err.println("could not read built-in logging.properties: " + e.getMessage());
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
