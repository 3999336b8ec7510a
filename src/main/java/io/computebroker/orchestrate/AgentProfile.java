package io.computebroker.orchestrate;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.computebroker.classify.task.TaskClass;

import java.util.List;
import java.util.Locale;

/**
 * What runs under this profile may do: the tools their models may call, and which task classes and
 * tools are high-impact, so that a task of such a class, or one that declares such a tool, waits for a
 * human decision before it runs.
 */
public record AgentProfile(String name, List<String> tools, Approve approve) {
    public record Approve(@JsonProperty("taskClasses") List<String> taskClasses, List<String> tools) {
        public Approve {
            taskClasses = taskClasses == null ? List.of() : taskClasses.stream().map(c -> TaskClass.parse(c).wire()).toList();
            tools = tools == null ? List.of() : List.copyOf(tools);
        }
    }

    public AgentProfile {
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (approve == null) approve = new Approve(null, null);
    }

    public boolean allows(String tool) { return tools.contains(tool); }

    /** Whether a task of this class declaring these tools needs a human's approval first. */
    public boolean needsApproval(TaskClass taskClass, List<String> declaredTools) {
        return approve.taskClasses().contains(taskClass.wire()) || declaredTools.stream().anyMatch(approve.tools()::contains);
    }

    public boolean highImpact(String tool) { return approve.tools().contains(tool.toLowerCase(Locale.ROOT)); }
}
