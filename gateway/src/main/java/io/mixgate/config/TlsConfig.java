package io.mixgate.config;

import java.time.Duration;
import java.util.List;

/**
 * TLS on one listener ({@code servers[i].tls} or {@code apiServer.tls} in the YAML): off unless one
 * source of key material is set, exactly one of {@code certFile} + {@code keyFile} (PEM),
 * {@code keyStore} (PKCS#12) or {@code selfSigned}.
 *
 * <p>Only the shape is checked here; whether the files exist, can be read and match is checked when
 * the node starts (and on every reload), where the error names this key and the file.
 *
 * <p>Immutable and safe to share between threads. Passwords are never shown in error messages.
 *
 * @param certFile         PEM certificate chain, the server's own certificate first; default empty
 * @param keyFile          PEM private key of the first certificate: PKCS#8 ({@code BEGIN PRIVATE KEY}, or
 *                         {@code BEGIN ENCRYPTED PRIVATE KEY} with {@code keyPassword}) or PKCS#1
 *                         ({@code BEGIN RSA PRIVATE KEY}); set with {@code certFile} and only with it
 * @param keyPassword      password of an encrypted {@code keyFile}; default empty = not encrypted
 * @param keyStore         PKCS#12 file holding one private key and its chain; default empty
 * @param keyStorePassword password of {@code keyStore} (and of its key); default empty
 * @param selfSigned       for development only: make a self-signed certificate for {@code localhost}
 *                         at start (logged as a warning); default false
 * @param provider         the engine of the client servers: {@code openssl} (BoringSSL through
 *                         netty-tcnative) or {@code jdk}; default {@code openssl}. The API server
 *                         always uses the JDK's engine
 * @param protocols        accepted protocol versions, a non-empty subset of {@code TLSv1.2},
 *                         {@code TLSv1.3}; default both; unmodifiable
 * @param reloadInterval   how often the files are checked for a change (modification time and size);
 *                         a change loads them again for new connections; {@code 0s..1h}, default 5s,
 *                         0s = never
 */
public record TlsConfig(String certFile, String keyFile, String keyPassword, String keyStore,
        String keyStorePassword, boolean selfSigned, String provider, List<String> protocols,
        Duration reloadInterval) {

    public static final String OPENSSL = "openssl";
    public static final String JDK = "jdk";
    public static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
    private static final Duration MAX_RELOAD_INTERVAL = Duration.ofHours(1);

    /** Validates every value and that at most one source of key material is set. */
    public TlsConfig {
        Require.present("certFile", certFile, "a file path or empty");
        Require.present("keyFile", keyFile, "a file path or empty");
        Require.present("keyPassword", keyPassword, "a string");
        Require.present("keyStore", keyStore, "a file path or empty");
        Require.present("keyStorePassword", keyStorePassword, "a string");
        Require.present("provider", provider, OPENSSL + " or " + JDK);
        if (!provider.equals(OPENSSL) && !provider.equals(JDK)) {
            throw new InvalidValueException("provider", Require.show(provider), OPENSSL + " or " + JDK);
        }
        Require.present("protocols", protocols, "a list");
        if (protocols.isEmpty()) {
            throw new InvalidValueException("protocols", "[]", "one or more of " + PROTOCOLS);
        }
        for (int i = 0; i < protocols.size(); i++) {
            if (!PROTOCOLS.contains(protocols.get(i))) {
                throw new InvalidValueException("protocols[" + i + "]", Require.show(protocols.get(i)),
                        "one of " + PROTOCOLS);
            }
        }
        protocols = List.copyOf(protocols);
        Require.durationRange("reloadInterval", reloadInterval, Duration.ZERO, MAX_RELOAD_INTERVAL);
        if (certFile.isEmpty() != keyFile.isEmpty()) {
            String missing = certFile.isEmpty() ? "certFile" : "keyFile";
            throw new InvalidValueException(missing, "\"\"",
                    "a file path: certFile and keyFile are set together");
        }
        if (!keyPassword.isEmpty() && keyFile.isEmpty()) {
            throw new InvalidValueException("keyPassword", "(set)", "empty unless keyFile is set");
        }
        if (!keyStorePassword.isEmpty() && keyStore.isEmpty()) {
            throw new InvalidValueException("keyStorePassword", "(set)", "empty unless keyStore is set");
        }
        int sources = (certFile.isEmpty() ? 0 : 1) + (keyStore.isEmpty() ? 0 : 1) + (selfSigned ? 1 : 0);
        if (sources > 1) {
            String second = selfSigned ? "selfSigned" : "keyStore";
            throw new InvalidValueException(second, selfSigned ? "true" : Require.show(keyStore),
                    "only one of certFile + keyFile, keyStore and selfSigned");
        }
    }

    /** TLS off: no key material, {@code openssl}, TLS 1.2 and 1.3, files checked every 5s. */
    public static TlsConfig defaults() {
        return new TlsConfig("", "", "", "", "", false, OPENSSL, PROTOCOLS, Duration.ofSeconds(5));
    }

    /** Whether the listener speaks TLS: some key material is configured. */
    public boolean enabled() {
        return !certFile.isEmpty() || !keyStore.isEmpty() || selfSigned;
    }

    /** The files whose changes trigger a reload: none for {@code selfSigned} or when off. */
    public List<String> watchedFiles() {
        if (!certFile.isEmpty()) {
            return List.of(certFile, keyFile);
        }
        return keyStore.isEmpty() ? List.of() : List.of(keyStore);
    }
}
