package io.computebroker.cache.semantic;

/** Whether a call may use the semantic cache, and why not when it may not; the reason never quotes the prompt. */
public record Eligibility(boolean ok, String reason) {

    private static final Eligibility YES = new Eligibility(true, "eligible");

    public static Eligibility yes() { return YES; }

    public static Eligibility no(String reason) { return new Eligibility(false, reason); }
}
