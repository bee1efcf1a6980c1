package dev.tandem.web.http;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What kind of failure an exception is, read from its cause chain with standard types only: whether
 * the database could not be reached (an outage the caller may retry, not a bug), and a short
 * description for the log that names classes and the failing frame but never an exception's message
 * (messages can carry input).
 */
public final class Failures {

    /** The connector API's exception (pool cannot hand out a connection), named to avoid a hard link. */
    private static final String RESOURCE_EXCEPTION = "jakarta.resource.ResourceException";
    private static final int MAX_DEPTH = 32;

    private Failures() {
    }

    /**
     * True when the chain shows the database unreachable or refusing work: SQL states of class 08
     * (connection exception), 57P (operator intervention, e.g. shutdown), 53 (insufficient
     * resources), the JDBC transient and connection exception types, or the connection pool giving up.
     */
    public static boolean databaseUnavailable(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof SQLTransientException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || isA(t, RESOURCE_EXCEPTION)) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True when the chain shows another server (the identity provider, a site the asset proxy
     * fetches from) could not be reached or did not answer in time: a refused or timed-out
     * connection, an unknown host. An outage of a dependency the caller may retry, not a bug.
     */
    public static boolean peerUnreachable(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.net.http.HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** E.g. {@code EJBException > PersistenceException > PSQLException(08001) at Foo.bar:42}. */
    public static String kindOf(Throwable failure) {
        List<Throwable> chain = chain(failure);
        StringBuilder kind = new StringBuilder();
        for (Throwable t : chain) {
            if (kind.length() > 0) {
                kind.append(" > ");
            }
            kind.append(t.getClass().getSimpleName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                kind.append('(').append(sql.getSQLState().replaceAll("[^0-9A-Za-z]", "")).append(')');
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        if (root.getStackTrace().length > 0) {
            StackTraceElement top = root.getStackTrace()[0];
            kind.append(" at ").append(top.getClassName()).append('.').append(top.getMethodName()).append(':').append(top.getLineNumber());
        }
        return kind.toString();
    }

    static List<Throwable> chain(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && chain.size() < MAX_DEPTH && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static boolean isA(Throwable t, String className) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
