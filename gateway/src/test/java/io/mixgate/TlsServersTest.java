package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import io.mixgate.tls.KeyMaterial;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Native TLS end to end, with each engine: {@code wss://} client servers and an {@code https://}
 * API (with {@code /ws/v1} over {@code wss://}), real JDK clients that trust only the test's own
 * certificates, and certificates replaced on disk while the node runs.
 */
class TlsServersTest {
    private static final String BALANCE = "{\"event\":\"@balance\",\"data\":{\"uid\":1001,\"balance\":[]}}";

    @TempDir
    Path dir;
    private AuthStub auth;
    private TestNode node;
    private final KeyMaterial certA = TestCerts.make("mixgate-test-A");
    private final KeyMaterial certB = TestCerts.make("mixgate-test-B");

    @BeforeEach
    void startAuth() throws Exception {
        auth = new AuthStub().user("***", 1001);
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        auth.close();
    }

    private TestNode startTls(String provider, String... more) throws Exception {
        TestCerts.writePem(certA, dir.resolve("cert.pem"), dir.resolve("key.pem"));
        String[] base = {
                "servers[0].options.auth_url=" + auth.url(),
                "servers[0].tls.certFile=" + dir.resolve("cert.pem"),
                "servers[0].tls.keyFile=" + dir.resolve("key.pem"),
                "servers[0].tls.provider=" + provider,
                "servers[0].tls.reloadInterval=100ms",
                "apiServer.tls.certFile=" + dir.resolve("cert.pem"),
                "apiServer.tls.keyFile=" + dir.resolve("key.pem"),
                "apiServer.tls.reloadInterval=100ms"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        return TestNode.start(all);
    }

    private URI wss() {
        return URI.create("wss://127.0.0.1:" + node.gateway.serverPort(0) + "/exchange-stream");
    }

    private URI https(String path) {
        return URI.create("https://127.0.0.1:" + node.gateway.apiPort() + path);
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void messagePublishedOverHttpsReachesWssSubscriberReadable(String provider) throws Exception {
        node = startTls(provider);
        HttpClient http = TestCerts.httpClient(certA);
        try (WsClient client = WsClient.connect(wss(), http)) {
            // script replies (conn:send) over TLS
            assertEquals("{\"result\":true}", client.ask("{\"op\":\"auth\",\"token\":\"***\"}"));
            assertEquals("{\"result\":true}", client.ask("{\"op\":\"subscribe\",\"channel\":\"@balance\"}"));
            // published messages over TLS: the fan-out path
            HttpResponse<String> reply = post(http, https("/v1/mesh/publish"),
                    "{\"c\":\"ex:1001@balance\",\"d\":" + TextNode.valueOf(BALANCE) + "}");
            assertEquals(200, reply.statusCode(), reply.body());
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", reply.body());
            assertEquals(BALANCE, client.nextText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void websocketApiRunsOverWss(String provider) throws Exception {
        node = startTls(provider);
        try (WsClient api = WsClient.connect(URI.create("wss://127.0.0.1:" + node.gateway.apiPort() + "/ws/v1"),
                TestCerts.httpClient(certA))) {
            String answer = api.ask("{\"m\":\"ping\",\"i\":7}");
            assertTrue(answer.contains("\"pong\"") && answer.contains("7"), answer);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void plainHttpAndUntrustedClientsAreRefused(String provider) throws Exception {
        node = startTls(provider);
        // a client that trusts only B cannot complete a handshake with A
        SSLContext trustsB = TestCerts.trusting(certB);
        assertThrows(javax.net.ssl.SSLException.class, () -> TestCerts.presentedName(node.gateway.serverPort(0), trustsB));
        assertThrows(java.io.IOException.class, () -> ApiClient.get(URI.create("http://127.0.0.1:" + node.gateway.apiPort() + "/health")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void replacedCertificateIsServedToNewConnectionsWhileOpenOnesStay(String provider) throws Exception {
        node = startTls(provider);
        SSLContext trustsBoth = TestCerts.trusting(certA, certB);
        int wsPort = node.gateway.serverPort(0);
        int apiPort = node.gateway.apiPort();
        assertEquals("CN=mixgate-test-A", TestCerts.presentedName(wsPort, trustsBoth));
        assertEquals("CN=mixgate-test-A", TestCerts.presentedName(apiPort, trustsBoth));
        HttpClient http = HttpClient.newBuilder().sslContext(trustsBoth).build();
        try (WsClient before = WsClient.connect(wss(), http)) {
            assertEquals("{\"result\":true}", before.ask("{\"op\":\"auth\",\"token\":\"***\"}"));

            TestCerts.writePem(certB, dir.resolve("cert.pem"), dir.resolve("key.pem"));

            Await.until("the client server presents certificate B", Duration.ofSeconds(10),
                    () -> TestCerts.presentedName(wsPort, trustsBoth), "CN=mixgate-test-B"::equals);
            Await.until("the API server presents certificate B", Duration.ofSeconds(10),
                    () -> TestCerts.presentedName(apiPort, trustsBoth), "CN=mixgate-test-B"::equals);
            // the connection made with A still works both ways (a script reply; published messages
            // over TLS are messagePublishedOverHttpsReachesWssSubscriberReadable's)
            assertEquals("{\"result\":true}", before.ask("{\"op\":\"subscribe\",\"channel\":\"@order\"}"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void selfSignedServesLocalhost(String provider) throws Exception {
        node = TestNode.start("servers[0].tls.selfSigned=true", "servers[0].tls.provider=" + provider);
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new TrustAnything()}, null);
        assertEquals("CN=localhost", TestCerts.presentedName(node.gateway.serverPort(0), trustAll));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void aClientStuckBeforeTheTlsHandshakeIsClosedAtHandshakeTimeout(String provider) throws Exception {
        node = startTls(provider, "servers[0].handshakeTimeout=500ms");
        try (java.net.Socket silent = new java.net.Socket("127.0.0.1", node.gateway.serverPort(0))) {
            silent.setSoTimeout(10_000);
            long start = System.nanoTime();
            int read = silent.getInputStream().read(); // sends nothing: no ClientHello, no upgrade
            long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(-1, read, "the node closes the connection");
            assertTrue(waited >= 400 && waited < 5_000, "closed after " + waited + " ms");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void onlyTheConfiguredProtocolVersionsAreAccepted(String provider) throws Exception {
        TestCerts.writePem(certA, dir.resolve("cert.pem"), dir.resolve("key.pem"));
        String shipped = Files.readString(Path.of("config/gateway.yaml"));
        // lists cannot be --set: both tls sections of the shipped file get protocols: [TLSv1.3]
        String yaml = shipped.replace("protocols: [TLSv1.2, TLSv1.3]", "protocols: [TLSv1.3]");
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        io.mixgate.config.GatewayConfig config = io.mixgate.config.ConfigLoader.load(file, java.util.List.of(
                "servers[0].port=0", "apiServer.port=0", "servers[0].bind=127.0.0.1", "apiServer.bind=127.0.0.1",
                "servers[0].tls.certFile=" + dir.resolve("cert.pem"), "servers[0].tls.keyFile=" + dir.resolve("key.pem"),
                "servers[0].tls.provider=" + provider,
                "apiServer.tls.certFile=" + dir.resolve("cert.pem"), "apiServer.tls.keyFile=" + dir.resolve("key.pem")));
        assertEquals(java.util.List.of("TLSv1.3"), config.servers().get(0).tls().protocols());
        try (Gateway gateway = Gateway.start(config, java.time.Clock.systemUTC())) {
            for (int port : new int[] {gateway.serverPort(0), gateway.apiPort()}) {
                assertEquals("CN=mixgate-test-A", presentedWith(port, "TLSv1.3"));
                assertThrows(javax.net.ssl.SSLException.class, () -> presentedWith(port, "TLSv1.2"), "port " + port);
            }
        }
    }

    private String presentedWith(int port, String protocol) throws Exception {
        SSLContext client = TestCerts.trusting(certA);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return ((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName();
        }
    }

    @org.junit.jupiter.api.Test
    void missingCertificateFileFailsTheStartNamingKeyAndFile() throws Exception {
        Path missing = dir.resolve("nope.pem");
        Exception e = assertThrows(StartException.class, () -> TestNode.start(
                "servers[0].tls.certFile=" + missing, "servers[0].tls.keyFile=" + missing));
        assertEquals("servers[0].tls.certFile: " + missing + ": no such file", e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void keyOfAnotherCertificateFailsTheStart() throws Exception {
        TestCerts.writePem(certA, dir.resolve("cert.pem"), dir.resolve("key.pem"));
        TestCerts.writePem(certB, dir.resolve("certB.pem"), dir.resolve("keyB.pem"));
        Exception e = assertThrows(StartException.class, () -> TestNode.start(
                "apiServer.tls.certFile=" + dir.resolve("cert.pem"), "apiServer.tls.keyFile=" + dir.resolve("keyB.pem")));
        assertEquals("apiServer.tls.keyFile: " + dir.resolve("keyB.pem") + ": the key does not belong to the first "
                + "certificate of " + dir.resolve("cert.pem"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void certificateFileThatIsNotPemFailsTheStart() throws Exception {
        TestCerts.writePem(certA, dir.resolve("cert.pem"), dir.resolve("key.pem"));
        Files.writeString(dir.resolve("key.pem"), "not a key");
        Exception e = assertThrows(StartException.class, () -> TestNode.start(
                "servers[0].tls.certFile=" + dir.resolve("cert.pem"), "servers[0].tls.keyFile=" + dir.resolve("key.pem")));
        assertTrue(e.getMessage().startsWith("servers[0].tls.keyFile: " + dir.resolve("key.pem") + ": no PEM private key"),
                e.getMessage());
    }

    /** For the self-signed walkthrough's {@code --no-check}: accepts any server certificate. */
    private static final class TrustAnything implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
