package io.mixgate.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** up:request's matching: replies in any order, duplicate ids refused, timeouts, closed connections. */
class PendingRequestsTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    /** Starts a request on its own thread; {@code sent} counts down once it is registered and sent. */
    private static CompletableFuture<String> request(PendingRequests requests, String id, CountDownLatch sent) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return requests.await("id", id, LONG, () -> {
                    sent.countDown();
                    return null;
                });
            } catch (UpstreamRequestException e) {
                return "error " + e.getMessage();
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    @Test
    void repliesArrivingInAnotherOrderReachTheirOwnRequests() throws Exception {
        PendingRequests requests = new PendingRequests();
        CountDownLatch sent = new CountDownLatch(2);
        CompletableFuture<String> one = request(requests, "1", sent);
        CompletableFuture<String> two = request(requests, "2", sent);
        assertTrue(sent.await(10, TimeUnit.SECONDS));
        assertFalse(requests.offer("{\"id\":3,\"r\":\"nobody\"}"), "a reply nobody waits for is not taken");
        assertFalse(requests.offer("not json"));
        assertTrue(requests.offer("{\"r\":\"two\",\"nested\":{\"id\":1},\"id\":2}"));
        assertTrue(requests.offer("{\"id\":\"1\",\"r\":\"one\"}"));
        assertEquals("{\"id\":\"1\",\"r\":\"one\"}", one.get(10, TimeUnit.SECONDS));
        assertEquals("{\"r\":\"two\",\"nested\":{\"id\":1},\"id\":2}", two.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aSecondRequestWithAnIdStillWaitingIsRefused() throws Exception {
        PendingRequests requests = new PendingRequests();
        CountDownLatch sent = new CountDownLatch(1);
        CompletableFuture<String> first = request(requests, "5", sent);
        assertTrue(sent.await(10, TimeUnit.SECONDS));
        UpstreamRequestException e = assertThrows(UpstreamRequestException.class,
                () -> requests.await("id", "5", LONG, () -> null));
        assertEquals("duplicate id 5: a request with it is still waiting", e.getMessage());
        assertTrue(requests.offer("{\"id\":5}"));
        assertEquals("{\"id\":5}", first.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aRequestWithoutReplyTimesOutAndItsIdIsFreeAgain() throws Exception {
        PendingRequests requests = new PendingRequests();
        UpstreamRequestException e = assertThrows(UpstreamRequestException.class,
                () -> requests.await("id", "9", Duration.ofMillis(50), () -> null));
        assertTrue(e.getMessage().startsWith("timeout: no reply with id 9"), e.getMessage());
        assertFalse(requests.offer("{\"id\":9}"), "a late reply finds nobody waiting");
    }

    @Test
    void aClosedConnectionFailsWhatWaitsAndAFailedSendFailsAtOnce() throws Exception {
        PendingRequests requests = new PendingRequests();
        CountDownLatch sent = new CountDownLatch(1);
        CompletableFuture<String> waiting = request(requests, "1", sent);
        assertTrue(sent.await(10, TimeUnit.SECONDS));
        requests.failAll("connection closed: traffic timeout");
        assertEquals("error connection closed: traffic timeout", waiting.get(10, TimeUnit.SECONDS));
        UpstreamRequestException e = assertThrows(UpstreamRequestException.class,
                () -> requests.await("id", "2", LONG, () -> "connection 1 is not open"));
        assertEquals("connection 1 is not open", e.getMessage());
    }
}
