package io.computebroker.budget;

/**
 * A rate limiter's answer. When refused, {@code reason} is fit for the caller and
 * {@code retryAfterSeconds} is when the current minute ends (for a Retry-After header); it is 0 when
 * waiting cannot help because the request alone is larger than the key's tokens-per-minute limit.
 */
public record Admission(boolean allowed, String reason, long retryAfterSeconds) {
    public static final Admission ALLOWED = new Admission(true, null, 0);

    static Admission refused(String kind, Integer rpm, Integer tpm, long tokens, long retryAfterSeconds) {
        return switch (kind) {
            case "rpm" -> new Admission(false, "this key's limit of " + rpm + " requests per minute is reached", retryAfterSeconds);
            case "tpm" -> new Admission(false, "this key's limit of " + tpm + " tokens per minute is reached", retryAfterSeconds);
            case "large" -> new Admission(false, "this request's " + tokens + " tokens exceed the key's limit of " + tpm
                    + " tokens per minute on their own", 0);
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
