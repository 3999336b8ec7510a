package io.computebroker.policy;

/** One ordered policy rule: the first rule whose {@code match} fits a request sets its constraints. */
public record Rule(String name, Match match, Constraints set) {
    public Rule {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("every rule needs a name");
        if (match == null) match = Match.ANY;
        if (set == null) set = Constraints.NONE;
    }
}
