package org.teslaexporter.cluster;

/** The CP subsystem could not answer (no majority of members, a lock held too long): nothing was changed. */
public class ClusterUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
