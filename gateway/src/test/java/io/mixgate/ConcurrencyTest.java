package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A script blocked in an HTTP call delays only its own connection. */
class ConcurrencyTest {

    @Test
    void slowAuthCallbackDoesNotDelayOtherConnections() throws Exception {
        try (AuthStub auth = new AuthStub().user("slow", 1001).user("fast", 1002);
             TestNode node = TestNode.start("servers[0].options.auth_url=" + auth.url());
             WsClient slow = WsClient.connect(node.wsUri());
             WsClient fast = WsClient.connect(node.wsUri())) {
            CountDownLatch release = auth.hold("slow"); // answers after 2 s, or when released
            slow.send("{\"op\":\"auth\",\"token\":\"slow\"}");
            assertTrue(auth.anyHeld.await(10, TimeUnit.SECONDS), "slow auth never reached the auth service");

            assertEquals("{\"op\":\"pong\"}", fast.ask("{\"op\":\"ping\"}"));
            assertEquals("{\"result\":true}", fast.ask("{\"op\":\"auth\",\"token\":\"fast\"}"));
            assertEquals("{\"result\":true}", fast.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\"}"));
            assertNull(slow.poll(), "the slow connection must still be waiting for its auth");

            release.countDown();
            assertEquals("{\"result\":true}", slow.nextText());
        }
    }

    @Test
    void oneConnectionsMessagesAreHandledInOrder() throws Exception {
        try (AuthStub auth = new AuthStub().user("u", 1001);
             TestNode node = TestNode.start("servers[0].options.auth_url=" + auth.url());
             WsClient client = WsClient.connect(node.wsUri())) {
            CountDownLatch release = auth.hold("u");
            // subscribe to a private channel right behind auth: it must wait for auth's outcome
            client.send("{\"op\":\"auth\",\"token\":\"u\"}");
            client.send("{\"op\":\"subscribe\",\"channel\":\"@balance\"}");
            assertTrue(auth.anyHeld.await(10, TimeUnit.SECONDS));
            release.countDown();
            assertEquals("{\"result\":true}", client.nextText());
            assertEquals("{\"result\":true}", client.nextText());
        }
    }
}
