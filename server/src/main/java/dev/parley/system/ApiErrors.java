package dev.parley.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/** Every REST error is an RFC 9457 problem with a stable {@code code} (and {@code field} when one is at fault). */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);

    @ExceptionHandler(ParleyError.class)
    ResponseEntity<ProblemDetail> parleyError(ParleyError e) {
        ProblemDetail problem = problem(HttpStatus.valueOf(e.status()), e.code(), e.getMessage());
        if (e.field() != null) {
            problem.setProperty("field", e.field());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.retryAfterMs() != null) {
            problem.setProperty("retryAfterMs", e.retryAfterMs());
            response.header("Retry-After", String.valueOf(Math.max(1, (e.retryAfterMs() + 999) / 1000)));
        }
        return response.body(problem);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadableBody(ServerWebInputException e) {
        String detail = JsonInput.duplicateKey(e).map(JsonInput::duplicateKeyMessage)
                .orElse("The request body is not valid JSON of the expected shape");
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid_json", detail));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        String code = status.name().toLowerCase();
        return ResponseEntity.status(status).body(problem(status, code, e.getReason() != null ? e.getReason() : status.getReasonPhrase()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        throttled.error("Unexpected error while handling a request", e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "Something went wrong on the server"));
    }

    static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        return problem;
    }
}
