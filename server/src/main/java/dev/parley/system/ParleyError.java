package dev.parley.system;

/**
 * A failure the client caused or must know about, with a stable machine-readable code. The same
 * codes appear in REST problem responses and in WebSocket {@code error} frames (docs/protocol.md).
 */
public final class ParleyError extends RuntimeException {

    private final String code;
    private final int status;
    private final String field;
    private final Long retryAfterMs;

    private ParleyError(String code, int status, String field, String message) {
        this(code, status, field, message, null);
    }

    private ParleyError(String code, int status, String field, String message, Long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.field = field;
        this.retryAfterMs = retryAfterMs;
    }

    /**
     * The node cannot take this in time (a queue is full, delivery or the archive lags past its
     * bound): nothing was stored, and the same request may be retried after {@code retryAfterMs}.
     */
    public static ParleyError overloaded(String message, long retryAfterMs) {
        return new ParleyError("overloaded", 503, null, message, retryAfterMs);
    }

    public static ParleyError invalid(String field, String message) {
        return new ParleyError("invalid_field", 400, field, message);
    }

    public static ParleyError badRequest(String code, String message) {
        return new ParleyError(code, 400, null, message);
    }

    public static ParleyError unauthorized(String code, String message) {
        return new ParleyError(code, 401, null, message);
    }

    public static ParleyError forbidden(String code, String message) {
        return new ParleyError(code, 403, null, message);
    }

    public static ParleyError notFound(String code, String message) {
        return new ParleyError(code, 404, null, message);
    }

    public static ParleyError conflict(String code, String message) {
        return new ParleyError(code, 409, null, message);
    }

    public static ParleyError tooLarge(String code, String field, String message) {
        return new ParleyError(code, 413, field, message);
    }

    /** A quota was hit: nothing was done, and the same request may be made again after {@code retryAfterMs}. */
    public static ParleyError rateLimited(String message, long retryAfterMs) {
        return new ParleyError("rate_limited", 429, null, message, retryAfterMs);
    }

    public static ParleyError tooManyRequests(String code, String message) {
        return new ParleyError(code, 429, null, message);
    }

    public static ParleyError unavailable(String code, String message) {
        return new ParleyError(code, 503, null, message);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** How long to wait before retrying, for {@code overloaded} and {@code rate_limited}; null otherwise. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
