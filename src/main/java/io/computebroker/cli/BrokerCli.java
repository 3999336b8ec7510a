package io.computebroker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/** The {@code broker} command. {@code ./broker test} is handled by the launcher script (it needs Maven). */
@Command(name = "broker", mixinStandardHelpOptions = true, version = "compute-broker 0.1.0",
        description = "An LLM gateway that routes every call to the cheapest model that can do the work well.")
public final class BrokerCli implements Runnable {
    /** The subcommands, in the order {@code broker --help} lists them. */
    static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, DemoCommand.class, KeysCommand.class, RouteCommand.class,
            TrainClassifierCommand.class, EvalPiiCommand.class, BenchCommand.class, ReportCommand.class,
            AuditCommand.class, EraseCommand.class, BudgetCommand.class, TenantCommand.class,
            ReplayCommand.class, DataCommand.class, TrainRouterCommand.class, TrainKnnRouterCommand.class, EvalCommand.class,
            RunCommand.class, ApproveCommand.class, TuneCascadeCommand.class,
            PricesCommand.class, TracesCommand.class, PlanCommand.class, StartupTrainingCommand.class);

    public static void main(String[] args) {
        configureLogging();
        int code = commandLine(args).execute(args);
        if (code != 0) System.exit(code);
    }

    /**
     * The command line for {@code args}. When they start with a subcommand's name, only that subcommand is
     * built: picocli reflects over every option of every command it is given, and the whole tree took
     * ~650 ms of {@code serve}'s cold start (class loading excluded, from the AOT cache). Anything else
     * (help, a typo, no arguments) gets the whole tree, so usage and suggestions are complete.
     */
    public static CommandLine commandLine(String... args) {
        CommandLine root = new CommandLine(new BrokerCli());
        Class<?> named = args.length == 0 ? null : COMMANDS.stream()
                .filter(c -> args[0].equals(c.getAnnotation(Command.class).name())).findFirst().orElse(null);
        if (named != null) root.addSubcommand(named);
        else COMMANDS.forEach(root::addSubcommand);
        return root.setCaseInsensitiveEnumValuesAllowed(true); // after adding: picocli applies it to the subcommands it has now
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
        commandLine().usage(System.out);
    }
}
