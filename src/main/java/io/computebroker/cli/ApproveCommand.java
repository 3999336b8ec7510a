package io.computebroker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code broker approve RUN TASK [--reject]}: a human decision at a checkpoint, audited with the key that made it. */
@Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve (or --reject) a task waiting at a checkpoint.")
final class ApproveCommand implements Callable<Integer> {
    @Mixin RunClient client;
    @Parameters(index = "0", paramLabel = "RUN") String run;
    @Parameters(index = "1", paramLabel = "TASK") String task;
    @Option(names = "--reject", description = "reject instead: the task fails and what depends on it is cancelled") boolean reject;

    @Override
    public Integer call() {
        try {
            var res = client.post("/v1/runs/" + run + "/tasks/" + task + (reject ? "/reject" : "/approve"), "");
            System.out.println("task " + task + " of run " + run + ": " + res.path("approval").asText() + " by "
                    + res.path("decided_by").asText() + " (now " + res.path("state").asText() + ")");
            return 0;
        } catch (RunClient.Failed e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}
