package io.mixgate;

import io.mixgate.config.TlsConfig;
import io.mixgate.tls.KeyMaterial;
import io.mixgate.tls.KeyMaterialLoader;
import io.mixgate.tls.KeyMaterialWatch;
import io.mixgate.tls.ReloadableKeyManager;
import io.mixgate.tls.SelfSignedCertificate;
import io.mixgate.tls.TlsSetupException;
import io.mixgate.transport.ServerTls;
import java.util.Deque;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the TLS of the node's listeners at start: loads (or, with {@code selfSigned}, makes) the key
 * material, builds the context, and starts the file watch that reloads it; what it starts is pushed
 * on the node's close order. Stateless; called by {@link Gateway} on its start thread.
 */
final class TlsSetup {
    private static final Logger log = LoggerFactory.getLogger(TlsSetup.class);

    private TlsSetup() {
    }

    /** The TLS of client server {@code servers[index]}, or null when its {@code tls} is off. */
    static ServerTls forServer(TlsConfig tls, int index, Deque<AutoCloseable> closeOrder) throws StartException {
        if (!tls.enabled()) {
            return null;
        }
        String prefix = "servers[" + index + "].tls";
        KeyMaterial material = material(tls, prefix);
        ServerTls server;
        try {
            server = ServerTls.create(tls, material, prefix);
        } catch (IllegalArgumentException e) {
            throw new StartException(e.getMessage(), e);
        }
        closeOrder.push(server);
        watch(tls, prefix, m -> server.update(m, prefix), closeOrder);
        return server;
    }

    /** A JDK context for the API server whose certificate reloads, or null when {@code apiServer.tls} is off. */
    static SSLContext forApi(TlsConfig tls, Deque<AutoCloseable> closeOrder) throws StartException {
        if (!tls.enabled()) {
            return null;
        }
        String prefix = "apiServer.tls";
        ReloadableKeyManager keys;
        try {
            keys = new ReloadableKeyManager(material(tls, prefix));
        } catch (IllegalArgumentException e) {
            throw new StartException(prefix + ": " + e.getMessage(), e);
        }
        watch(tls, prefix, keys::update, closeOrder);
        return keys.serverContext();
    }

    private static KeyMaterial material(TlsConfig tls, String prefix) throws StartException {
        if (tls.selfSigned()) {
            KeyMaterial made = SelfSignedCertificate.forLocalhost();
            log.warn("{}.selfSigned: made a self-signed certificate for localhost; clients trust it only when told "
                    + "to (wscat --no-check, curl -k): for development, never production", prefix);
            return made;
        }
        try {
            return KeyMaterialLoader.load(tls, prefix);
        } catch (TlsSetupException e) {
            throw new StartException(e.getMessage(), e);
        }
    }

    private static void watch(TlsConfig tls, String prefix, java.util.function.Consumer<KeyMaterial> update,
                              Deque<AutoCloseable> closeOrder) {
        KeyMaterialWatch watch = KeyMaterialWatch.start(tls, prefix, update);
        if (watch != null) {
            closeOrder.push(watch);
        }
    }
}
