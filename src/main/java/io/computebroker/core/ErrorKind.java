package io.computebroker.core;

/** Every error the broker reports, with its HTTP status and its name in each wire format. */
public enum ErrorKind {
    INVALID_REQUEST(400, "invalid_request_error", "invalid_request_error"),
    AUTHENTICATION(401, "invalid_api_key", "authentication_error"),
    PERMISSION(403, "permission_denied", "permission_error"),
    NOT_FOUND(404, "model_not_found", "not_found_error"),
    REQUEST_TOO_LARGE(413, "request_too_large", "request_too_large"),
    RATE_LIMITED(429, "rate_limit_exceeded", "rate_limit_error"),
    BUDGET_EXCEEDED(429, "budget_exceeded", "rate_limit_error"),
    INTERNAL(500, "server_error", "api_error"),
    UPSTREAM(502, "upstream_error", "api_error"),
    UNAVAILABLE(503, "service_unavailable", "overloaded_error"),
    UPSTREAM_TIMEOUT(504, "upstream_timeout", "timeout_error");

    public final int status;
    /** OpenAI {@code error.code}; {@code error.type} is derived in the codec. */
    public final String openAiCode;
    /** Anthropic {@code error.type}. */
    public final String anthropicType;

    ErrorKind(int status, String openAiCode, String anthropicType) {
        this.status = status;
        this.openAiCode = openAiCode;
        this.anthropicType = anthropicType;
    }

    /** OpenAI {@code error.type}: the client SDKs switch on the HTTP status, this is for humans and logs. */
    public String openAiType() {
        return switch (this) {
            case INVALID_REQUEST, NOT_FOUND, REQUEST_TOO_LARGE -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case RATE_LIMITED, BUDGET_EXCEEDED -> "rate_limit_error";
            default -> "api_error";
        };
    }

    public static ErrorKind forUpstreamStatus(int status) {
        return switch (status) {
            case 400, 422 -> INVALID_REQUEST;
            case 404 -> NOT_FOUND;
            case 413 -> REQUEST_TOO_LARGE;
            case 429 -> RATE_LIMITED;
            case 408, 504 -> UPSTREAM_TIMEOUT;
            default -> UPSTREAM;
        };
    }
}
