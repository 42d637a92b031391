package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** servers[].allowedOrigins: no Origin and same-host origins by default, listed ones, or any with "*". */
class OriginAllowlistTest {
    private static final String UPGRADED = "HTTP/1.1 101 Switching Protocols";
    private static final String FORBIDDEN = "HTTP/1.1 403 Forbidden";

    private static TestNode shipped;
    private static TestNode listed;
    private static TestNode any;

    @BeforeAll
    static void start() throws Exception {
        shipped = TestNode.start();
        listed = TestNode.start("servers[0].allowedOrigins[0]=https://*.example.com",
                "servers[0].allowedOrigins[1]=http://app.test:8080");
        any = TestNode.start("servers[0].allowedOrigins[0]=*");
    }

    @AfterAll
    static void stop() {
        for (TestNode node : new TestNode[] {shipped, listed, any}) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static String upgrade(TestNode node, String host, String origin) throws Exception {
        String request = RawUpgrade.request("/exchange-stream", host) + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
        return RawUpgrade.status(node.gateway.serverPort(0), request);
    }

    @Test
    void shippedDefaultAllowsClientsWithoutOrigin() throws Exception {
        assertEquals(UPGRADED, upgrade(shipped, "127.0.0.1", null));
    }

    @Test
    void shippedDefaultAllowsTheSameHost() throws Exception {
        int port = shipped.gateway.serverPort(0);
        assertEquals(UPGRADED, upgrade(shipped, "127.0.0.1:" + port, "http://127.0.0.1:" + port));
        assertEquals(UPGRADED, upgrade(shipped, "Chat.Example.com", "https://chat.example.com"));
        assertEquals(UPGRADED, upgrade(shipped, "chat.example.com:443", "https://chat.example.com"));
    }

    @Test
    void shippedDefaultRefusesOtherOrigins() throws Exception {
        int port = shipped.gateway.serverPort(0);
        assertEquals(FORBIDDEN, upgrade(shipped, "127.0.0.1:" + port, "http://evil.example"));
        assertEquals(FORBIDDEN, upgrade(shipped, "127.0.0.1:" + port, "http://127.0.0.1:" + (port == 1 ? 2 : port - 1)));
        assertEquals(FORBIDDEN, upgrade(shipped, "chat.example.com", "https://chat.example.com.evil.example"));
        assertEquals(FORBIDDEN, upgrade(shipped, "chat.example.com", "null"));
        assertEquals(FORBIDDEN, upgrade(shipped, "chat.example.com", "https://chat.example.com:8443"));
    }

    @Test
    void listedPatternsAndOriginsAreAllowed() throws Exception {
        assertEquals(UPGRADED, upgrade(listed, "gw.internal", "https://app.example.com"));
        assertEquals(UPGRADED, upgrade(listed, "gw.internal", "https://a.b.example.com"));
        assertEquals(UPGRADED, upgrade(listed, "gw.internal", "http://app.test:8080"));
        assertEquals(UPGRADED, upgrade(listed, "gw.internal", null));
        assertEquals(FORBIDDEN, upgrade(listed, "gw.internal", "https://example.com"));
        assertEquals(FORBIDDEN, upgrade(listed, "gw.internal", "http://app.example.com"));
        assertEquals(FORBIDDEN, upgrade(listed, "gw.internal", "http://app.test"));
        assertEquals(FORBIDDEN, upgrade(listed, "gw.internal", "http://evil.example"));
    }

    @Test
    void starAllowsAnyOrigin() throws Exception {
        assertEquals(UPGRADED, upgrade(any, "gw.internal", "http://evil.example"));
        assertEquals(UPGRADED, upgrade(any, "gw.internal", "null"));
    }
}
