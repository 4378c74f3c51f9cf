package dev.parley.log;

/** The log did not confirm a write in time (or refused it): the message is not acknowledged. */
public final class LogUnavailableException extends RuntimeException {

    private final boolean busy;

    public LogUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private LogUnavailableException(String message, Throwable cause, boolean busy) {
        super(message, cause);
        this.busy = busy;
    }

    /** Too many sends are waiting for the log already: nothing is wrong but load, so retry shortly. */
    static LogUnavailableException busy(String message, Throwable cause) {
        return new LogUnavailableException(message, cause, true);
    }

    public boolean busy() {
        return busy;
    }
}
