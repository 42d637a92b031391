package io.mixgate.tls;

/**
 * Key material could not be loaded or used; the message names the config key and the file, e.g.
 * {@code servers[0].tls.keyFile: /etc/tls/key.pem: no such file}. Immutable.
 */
public final class TlsSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
