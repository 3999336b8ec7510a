package io.computebroker.policy;

/**
 * Cheap first, escalate on a failed check: the first model in the decision's order answers; when its
 * answer fails {@code check} the request is sent on to the rest of the order, as one request with two
 * attempts (and both costs) in the ledger. {@code check}: {@code json} (a JSON object), {@code refusal}
 * (not a refusal), or {@code regex:<pattern>} (the answer matches). Non-streaming calls only: a stream
 * cannot be taken back once the caller has it.
 */
public record Cascade(String check) {
    public Cascade {
        if (check == null) check = "refusal";
        if (!check.equals("json") && !check.equals("refusal") && !check.startsWith("regex:")) {
            throw new IllegalArgumentException("cascade.check must be json, refusal or regex:<pattern>, not '" + check + "'");
        }
        if (check.startsWith("regex:")) java.util.regex.Pattern.compile(check.substring(6));
    }

    private static final java.util.regex.Pattern REFUSAL = java.util.regex.Pattern.compile(
            "^\\s*(I'm sorry|I am sorry|I can(no|')t|I cannot|I'm unable|I am unable|As an AI)", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Whether an answer passes the check (tool calls always pass: the caller acts on them). */
    public boolean passes(io.computebroker.core.ChatResponse r) {
        if (r.content().stream().anyMatch(c -> c instanceof io.computebroker.core.Content.ToolUse)) return true;
        String text = r.text();
        return switch (check) {
            case "json" -> {
                try {
                    yield io.computebroker.core.Json.parse(text).isObject();
                } catch (RuntimeException e) {
                    yield false;
                }
            }
            case "refusal" -> !REFUSAL.matcher(text).find();
            default -> java.util.regex.Pattern.compile(check.substring(6), java.util.regex.Pattern.DOTALL).matcher(text).find();
        };
    }
}
