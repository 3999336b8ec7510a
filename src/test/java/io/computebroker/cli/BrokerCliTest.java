package io.computebroker.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The root command builds only the subcommand it is asked for, and the whole tree for anything else. */
class BrokerCliTest {

    @Test
    void aNamedSubcommandIsBuiltAlone() {
        CommandLine cl = BrokerCli.commandLine("serve", "--port", "0");
        assertThat(cl.getSubcommands()).containsOnlyKeys("serve");
        assertThat(cl.getSubcommands().get("serve").getCommandSpec().qualifiedName()).isEqualTo("broker serve");
        assertThat(cl.getSubcommands().get("serve").isCaseInsensitiveEnumValuesAllowed()).isTrue();
    }

    @Test
    void helpAndTyposSeeEveryCommand() {
        assertThat(BrokerCli.commandLine().getSubcommands()).hasSize(BrokerCli.COMMANDS.size()).containsKeys("serve", "keys", "bench", "eval");
        assertThat(BrokerCli.commandLine("--help").getSubcommands()).hasSize(BrokerCli.COMMANDS.size());

        StringWriter err = new StringWriter();
        int code = BrokerCli.commandLine("serv").setErr(new PrintWriter(err)).execute("serv");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("Unmatched argument").contains("serve"); // picocli suggests the near miss
    }

    @Test
    void usageListsAllCommands() {
        StringWriter out = new StringWriter();
        BrokerCli.commandLine().usage(new PrintWriter(out));
        for (Class<?> c : BrokerCli.COMMANDS) {
            CommandLine.Command cmd = c.getAnnotation(CommandLine.Command.class);
            if (!cmd.hidden()) assertThat(out.toString()).contains(cmd.name());
        }
    }
}
