package io.computebroker.cli;

import io.computebroker.bench.StartupTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The workload the launcher runs once per build under {@code -XX:AOTCacheOutput}, so that {@code serve}
 * starts from an ahead-of-time cache. Hidden: it is plumbing, not a user command.
 */
@Command(name = "startup-training", hidden = true, description = "Serve a short mock workload (the AOT cache's training run).")
final class StartupTrainingCommand implements Runnable {
    @Option(names = "--calls", defaultValue = "200", description = "calls per kind of request") int calls;

    @Override
    public void run() {
        StartupTraining.run(calls);
    }
}
