package io.mixgate.transport;

import io.mixgate.config.TlsConfig;
import io.mixgate.tls.KeyMaterial;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * The TLS side of one client server: the current Netty {@link SslContext}, swapped by
 * {@link #update} when the certificate is reloaded. Each new connection takes the context current at
 * accept; connections already open keep the one they started with.
 *
 * <p>Thread-safe. A replaced context is left to the garbage collector (Netty's non-reference-counted
 * OpenSSL context frees its native part then), so connections still using its engines are unaffected.
 */
public final class ServerTls implements AutoCloseable {
    private final TlsConfig config;
    private final SslProvider provider;
    private final AtomicReference<SslContext> current = new AtomicReference<>();

    private ServerTls(TlsConfig config, SslProvider provider) {
        this.config = config;
        this.provider = provider;
    }

    /**
     * A server TLS context for {@code material}.
     *
     * @param keyPrefix where {@code config} sits, for messages, e.g. {@code servers[0].tls}
     * @throws IllegalArgumentException naming {@code keyPrefix.provider} when OpenSSL does not load
     *                                  here, or the material when no context can be built from it
     */
    public static ServerTls create(TlsConfig config, KeyMaterial material, String keyPrefix) {
        SslProvider provider = TlsConfig.OPENSSL.equals(config.provider()) ? SslProvider.OPENSSL : SslProvider.JDK;
        if (provider == SslProvider.OPENSSL && !OpenSsl.isAvailable()) {
            throw new IllegalArgumentException(keyPrefix + ".provider: \"openssl\" is not available on this platform ("
                    + OpenSsl.unavailabilityCause() + "); use provider: jdk");
        }
        ServerTls tls = new ServerTls(config, provider);
        tls.current.set(tls.build(material, keyPrefix));
        return tls;
    }

    /** New connections use {@code material} from now on. */
    public void update(KeyMaterial material, String keyPrefix) {
        current.set(build(material, keyPrefix));
    }

    /** The engine name for logs: {@code openssl} or {@code jdk}. */
    public String providerName() {
        return provider == SslProvider.OPENSSL ? TlsConfig.OPENSSL : TlsConfig.JDK;
    }

    /**
     * A handler for one new connection with the current context; its handshake is abandoned after
     * {@code handshakeTimeout} (the connection's own upgrade deadline closes it by then anyway).
     */
    SslHandler newHandler(ByteBufAllocator alloc, Duration handshakeTimeout) {
        SslHandler handler = current.get().newHandler(alloc);
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    private SslContext build(KeyMaterial material, String keyPrefix) {
        try {
            return SslContextBuilder.forServer(material.key(), material.chainArray())
                    .sslProvider(provider)
                    .protocols(config.protocols())
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException(keyPrefix + ": the key and certificate cannot be used with provider "
                    + providerName() + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        // nothing to free: see the class comment; kept AutoCloseable so the node's close order owns it
    }
}
