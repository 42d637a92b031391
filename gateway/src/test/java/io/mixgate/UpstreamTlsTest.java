package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.tls.KeyMaterial;
import io.mixgate.transport.EventLoops;
import io.mixgate.transport.upstream.NettyUpstreamConnector;
import io.mixgate.upstream.UpstreamConnector;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The upstream client over wss://: the provider's certificate is checked (the JDK's trust store by default). */
class UpstreamTlsTest {

    /** Records one connection's events. */
    private static final class Recorder implements UpstreamConnector.Events {
        final CompletableFuture<UpstreamConnector.Socket> opened = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public void opened(UpstreamConnector.Socket socket) {
            opened.complete(socket);
        }

        @Override
        public void text(String message) {
            texts.add(message);
        }

        @Override
        public void closed(String error) {
            closed.complete(error);
        }
    }

    @Test
    void talksOverWssToAProviderWhoseCertificateItTrustsAndRefusesAnUnknownOne() throws Exception {
        KeyMaterial cert = TestCerts.make("localhost");
        SslContext serverTls = SslContextBuilder.forServer(cert.key(), cert.chainArray()).build();
        ReplayExchange.Behavior echo = new ReplayExchange.Behavior() {
            @Override
            public void received(ReplayExchange.Conn conn, String text) {
                conn.send("echo " + text);
            }
        };
        try (ReplayExchange exchange = new ReplayExchange(echo, serverTls);
             EventLoops loops = new EventLoops(1)) {
            URI url = URI.create("wss://127.0.0.1:" + exchange.port() + "/ws");
            SslContext trusting = SslContextBuilder.forClient().trustManager(cert.chainArray()).build();
            Recorder ok = new Recorder();
            new NettyUpstreamConnector(loops, trusting).open(url, 65536, ok);
            UpstreamConnector.Socket socket = ok.opened.get(10, TimeUnit.SECONDS);
            assertTrue(socket.send("hello"));
            assertEquals("echo hello", ok.texts.poll(10, TimeUnit.SECONDS));
            socket.close();
            assertEquals("connection closed", ok.closed.get(10, TimeUnit.SECONDS));

            // the default client trusts only the JDK's trust store: a self-signed provider is refused
            Recorder refused = new Recorder();
            new NettyUpstreamConnector(loops).open(url, 65536, refused);
            String error = refused.closed.get(10, TimeUnit.SECONDS);
            assertTrue(error.contains("SSLHandshakeException") || error.contains("certificate"), error);
            assertTrue(!refused.opened.isDone());
            assertEquals(1, exchange.connections.size(), "the refused client never completed a WebSocket handshake");
        }
    }
}
