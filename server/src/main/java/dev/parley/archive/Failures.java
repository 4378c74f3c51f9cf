package dev.parley.archive;

import java.sql.SQLException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;

/** Telling a record the database will never take from a database that cannot take anything right now. */
final class Failures {

    private Failures() {
    }

    /**
     * True only for refusals of the data itself: integrity violations (a duplicate id, a NUL in
     * text on PostgreSQL) and SQL states of class 22 (data exception) or 23 (integrity constraint).
     * Everything else (connections, timeouts, a full disk, a broken schema) is the database's state,
     * and retrying is right.
     */
    static boolean isAboutTheData(DataAccessException e) {
        String state = sqlState(e);
        if (state != null && state.length() >= 2) {
            return state.startsWith("22") || state.startsWith("23");
        }
        return e instanceof DataIntegrityViolationException;
    }

    /** The database's message, without control characters (it may quote the refused content). */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        text = text.replaceAll("\\p{Cntrl}", "?");
        return text.length() > 1900 ? text.substring(0, 1900) + "…" : text;
    }

    /**
     * For the log: {@link #describe}, except that a refusal of the data gives only the exception
     * and the SQL state, since the database's text may quote the message's content (H2 does).
     */
    static String forLog(Throwable e) {
        if (e instanceof DataAccessException d && isAboutTheData(d)) {
            return d.getMostSpecificCause().getClass().getSimpleName() + " (SQL state " + sqlState(d) + ")";
        }
        return describe(e);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
