package io.computebroker.core;

/**
 * An error with a place in the API: it carries its kind (hence HTTP status), a message fit for the
 * caller, and the request field at fault when there is one. Never carries secrets or prompt text.
 */
public final class BrokerException extends RuntimeException {
    private final ErrorKind kind;
    private final String param;
    /** For 429 pass-through: seconds the upstream asked us to wait, or null. */
    private final String retryAfter;

    public BrokerException(ErrorKind kind, String message) { this(kind, message, null, null, null); }

    public BrokerException(ErrorKind kind, String message, String param) { this(kind, message, param, null, null); }

    public BrokerException(ErrorKind kind, String message, String param, String retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.param = param;
        this.retryAfter = retryAfter;
    }

    public static BrokerException invalid(String param, String message) {
        return new BrokerException(ErrorKind.INVALID_REQUEST, message, param);
    }

    public ErrorKind kind() { return kind; }
    public String param() { return param; }
    public String retryAfter() { return retryAfter; }
    public int status() { return kind.status; }
}
