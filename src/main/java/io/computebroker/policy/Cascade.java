package io.computebroker.policy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Cheap first, escalate on a failed check. Non-streaming calls only: a stream cannot be taken back once
 * the caller has it. Every call made stays on the one request (attempts and costs in its ledger row).
 *
 * <p>{@code check}:
 * <ul>
 *   <li>{@code json} (the answer is a JSON object), {@code refusal} (it is not a refusal), {@code regex:<pattern>}
 *       (it matches): one answer is checked. Without {@code models}, the first model of the decision's
 *       order answers and the rest of the order gets the request when the answer fails; with {@code models},
 *       those answer in turn (the first passing answer wins) before the decision's order is tried.
 *   <li>{@code agree}: the models in {@code models} (at least two) answer; when their final answers agree
 *       ({@link Answers#agreeing}: the most common answer held by at least {@code quorum} of them, default 1 =
 *       unanimous), the first agreeing answer is returned; otherwise the request escalates to the decision's
 *       order. They are asked one at a time, in order, and asking stops once the outcome is known
 *       ({@link Answers#decide}): with {@code [a, b, c]} and quorum 2/3, {@code c} is only asked when
 *       {@code a} and {@code b} differ; unanimous {@code [a, b, c]} stops at the first difference. Agreement is a verifier that needs no reference answer: cheap models that reach the same
 *       multiple-choice letter independently are right far more often than either alone.
 *   <li>{@code learned:<file>}: every model in {@code models} answers (in order) and an {@link EscalationScorer}
 *       trained on recorded data ({@code tune-cascade --learned}) reads their answers — agreement pattern,
 *       dissenters, blanks, vote share — and either serves the weighted-majority answer or escalates to the
 *       decision's order. {@code models} must be the scorer's tier, in its order.
 * </ul>
 * {@code models} must pass the decision's boundary and capability checks (a model only below the quality
 * floor is allowed: the check stands in for the floor); others are skipped.
 */
public record Cascade(String check, List<String> models, Double quorum) {
    public Cascade {
        if (check == null) check = "refusal";
        if (!check.equals("json") && !check.equals("refusal") && !check.equals("agree") && !check.startsWith("regex:")
                && !check.startsWith("learned:")) {
            throw new IllegalArgumentException("cascade.check must be json, refusal, agree, regex:<pattern> or learned:<scorer file>, not '"
                    + check + "'");
        }
        if (check.startsWith("learned:")) {
            EscalationScorer s = EscalationScorer.load(check.substring(8));
            if (models != null && !models.isEmpty() && !s.models().equals(models)) {
                throw new IllegalArgumentException("cascade.models must be the scorer's tier " + s.models() + " (in order), was " + models);
            }
            if (models == null || models.isEmpty()) models = s.models();
        }
        if (check.startsWith("regex:")) Pattern.compile(check.substring(6));
        models = models == null ? List.of() : List.copyOf(models);
        if (check.equals("agree") && models.size() < 2) {
            throw new IllegalArgumentException("cascade.check agree needs cascade.models with at least two models");
        }
        if (quorum != null && !(quorum > 0.5 && quorum <= 1)) {
            throw new IllegalArgumentException("cascade.quorum must be within (0.5, 1], was " + quorum);
        }
        if (quorum != null && !check.equals("agree")) throw new IllegalArgumentException("cascade.quorum only applies to check agree");
    }

    public Cascade(String check) {
        this(check, null, null);
    }

    private static final Pattern REFUSAL = Pattern.compile(
            "^\\s*(I'm sorry|I am sorry|I can(no|')t|I cannot|I'm unable|I am unable|As an AI)", Pattern.CASE_INSENSITIVE);

    public boolean agree() { return check.equals("agree"); }

    /** Whether the check is a trained escalation scorer ({@code learned:<file>}). */
    public boolean learned() { return check.startsWith("learned:"); }

    /** The trained scorer of a {@code learned:<file>} check. */
    public EscalationScorer scorer() {
        if (!learned()) throw new IllegalStateException("not a learned check: " + check);
        return EscalationScorer.load(check.substring(8));
    }

    /** The check's name for ledger outcomes ({@code learned} without the file path). */
    public String label() { return learned() ? "learned" : check; }

    public double quorumOrDefault() { return quorum == null ? 1.0 : quorum; }

    /** Whether an answer passes a single-answer check (tool calls always pass: the caller acts on them). */
    public boolean passes(io.computebroker.core.ChatResponse r) {
        if (r.content().stream().anyMatch(c -> c instanceof io.computebroker.core.Content.ToolUse)) return true;
        return passes(r.text());
    }

    /** The single-answer check on reply text; for {@code agree} use {@link Answers#agreeing} over several replies. */
    public boolean passes(String text) {
        if (text == null) return false;
        return switch (check) {
            case "json" -> {
                try {
                    yield io.computebroker.core.Json.parse(text).isObject();
                } catch (RuntimeException e) {
                    yield false;
                }
            }
            case "refusal" -> !REFUSAL.matcher(text).find();
            case "agree" -> throw new IllegalStateException("agree compares several answers: use Answers.agreeing");
            case String c when c.startsWith("learned:") -> throw new IllegalStateException("learned reads several answers: use scorer().decide");
            default -> Pattern.compile(check.substring(6), Pattern.DOTALL).matcher(text).find();
        };
    }
}
