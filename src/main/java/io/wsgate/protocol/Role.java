package io.wsgate.protocol;

/**
 * Which end of a connection we are. The roles differ only in masking (RFC 6455 section 5.1): a client masks every
 * frame it sends and must refuse a masked frame from the server; a server does the opposite.
 */
public enum Role {
    SERVER,
    CLIENT;

    /** Whether frames we send carry a masking key. */
    public boolean masksOutgoing() {
        return this == CLIENT;
    }

    /** Whether frames from the peer must be masked (and a frame that is not, or is, is a protocol error). */
    public boolean expectsMaskedIncoming() {
        return this == SERVER;
    }
}
