package dev.parley.system;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.RejectedExecutionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;

/**
 * A failure as a short fixed phrase, for what anyone may read ({@code /health}): exception text
 * can carry host names, SQL, credentials in URLs or quoted data, so it goes to the log only.
 */
public final class FailurePhrase {

    public static final String TIMEOUT = "timeout";
    public static final String UNREACHABLE = "unreachable";
    public static final String BUSY = "busy";
    public static final String FAILED = "failed";

    private FailurePhrase() {
    }

    /** The first cause, outermost first, that says more than {@link #FAILED}. */
    public static String of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String phrase = phrase(t);
            if (phrase != null) {
                return phrase;
            }
        }
        return FAILED;
    }

    private static String phrase(Throwable t) {
        if (t instanceof ParleyError e) {
            return switch (e.code()) {
                case "overloaded" -> BUSY;
                case "database_unavailable" -> UNREACHABLE;
                default -> null;
            };
        }
        if (t instanceof java.util.concurrent.TimeoutException || t instanceof SQLTimeoutException
                || t instanceof QueryTimeoutException || t instanceof org.apache.kafka.common.errors.TimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                || t instanceof UnresolvedAddressException || t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException || t instanceof DataAccessResourceFailureException
                || t instanceof org.apache.kafka.common.errors.NetworkException) {
            return UNREACHABLE;
        }
        if (t instanceof RejectedExecutionException) {
            return BUSY;
        }
        return null;
    }
}
