package dev.parley.routing;

/** The registry of which node holds which user did not answer in time. */
public final class DirectoryUnavailableException extends RuntimeException {

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
