package io.github.compact4j.errors;

/**
 * The backend could not be reached, or the connection broke before a complete answer arrived
 * (DNS failure, refused or reset connection, TLS failure), on every attempt. Check the base URL,
 * the network and any proxy in between.
 */
public class ConnectionException extends CompactionException {

    private static final long serialVersionUID = 1L;

    /**
     * For backend clients.
     *
     * @param details what is known about the failure
     */
    public ConnectionException(Details details) {
        super(details);
    }
}
