package io.mixgate.upstream;

/** Why {@code up:request} got no reply: a timeout, a duplicate id, or a connection that closed. */
public final class UpstreamRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    public UpstreamRequestException(String message) {
        super(message, null, false, false);
    }
}
