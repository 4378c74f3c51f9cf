package dev.parley.log;

/** The log did not confirm a write in time (or refused it): the message is not acknowledged. */
public final class LogUnavailableException extends RuntimeException {

    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
