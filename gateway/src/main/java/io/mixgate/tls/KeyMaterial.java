package io.mixgate.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A listener's private key and its certificate chain, the server's own certificate first.
 *
 * <p>Immutable (the key and certificates are not changed once loaded) and safe to share between threads.
 *
 * @param key   the private key of {@code chain.get(0)}
 * @param chain the certificate chain, non-empty; unmodifiable
 */
public record KeyMaterial(PrivateKey key, List<X509Certificate> chain) {

    public KeyMaterial {
        if (key == null || chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("a key and at least one certificate are needed");
        }
        chain = List.copyOf(chain);
    }

    /** The chain as an array, as the TLS APIs take it. */
    public X509Certificate[] chainArray() {
        return chain.toArray(X509Certificate[]::new);
    }

    /** The subject of the server's own certificate, for logs. */
    public String subject() {
        return chain.get(0).getSubjectX500Principal().getName();
    }
}
