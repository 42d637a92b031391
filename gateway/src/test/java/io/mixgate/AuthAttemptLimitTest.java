package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/**
 * The shipped exchange script lets one connection fail auth at most 5 times: a flood of bad
 * tokens makes at most 5 calls to the auth service, the 5th failure is answered with code 10
 * and the connection is closed. Through a real node and a real HTTP auth service that counts calls.
 */
class AuthAttemptLimitTest {
    private static final String FAILED = "{\"code\":5,\"msg\":\"Auth failed\"}";
    private static final String TOO_MANY = "{\"code\":10,\"msg\":\"Auth failed: too many failed attempts, closing\"}";

    @Test
    void aBadTokenFloodMakesAtMostFiveAuthCallsThenTheConnectionIsClosed() throws Exception {
        try (AuthStub auth = new AuthStub().user("good", 1001);
             TestNode node = TestNode.start("servers[0].options.auth_url=" + auth.url());
             WsClient client = WsClient.connect(node.wsUri())) {
            int sent = 0;
            while (sent < 2_000 && client.trySend("{\"op\":\"auth\",\"token\":\"bad-" + sent + "\"}")) {
                sent++;
                if (sent == 50) {
                    break; // well past the limit; the rest would only meet the rate limit
                }
            }
            for (int i = 1; i <= 4; i++) {
                assertEquals(FAILED, client.nextText(), "failure " + i);
            }
            assertEquals(TOO_MANY, client.nextText());
            assertEquals(1000, client.awaitClose().code());
            assertEquals(5, auth.calls.get(), "auth service calls for " + sent + " bad tokens");
        }
    }

    @Test
    void fewerFailuresLeaveTheConnectionOpenAndAGoodTokenStillWorks() throws Exception {
        try (AuthStub auth = new AuthStub().user("good", 1001);
             TestNode node = TestNode.start("servers[0].options.auth_url=" + auth.url());
             WsClient client = WsClient.connect(node.wsUri())) {
            for (int i = 1; i <= 4; i++) {
                assertEquals(FAILED, client.ask("{\"op\":\"auth\",\"token\":\"bad\"}"));
            }
            assertEquals("{\"result\":true}", client.ask("{\"op\":\"auth\",\"token\":\"good\"}"));
            assertEquals("{\"result\":true}", client.ask("{\"op\":\"subscribe\",\"channel\":\"@balance\"}"));
            assertEquals(5, auth.calls.get());
            assertFalse(client.closed.isDone());
        }
    }
}
