package io.mixgate.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.core.MessageType;
import io.mixgate.core.SendOutcome;
import io.mixgate.broker.BrokerUnavailableException;
import io.mixgate.core.CallOutcome;
import io.mixgate.core.ConnCall;
import io.mixgate.core.OutcomeUnknownException;
import io.mixgate.pubsub.SubscriptionIndex;
import java.util.List;
import java.util.Map;
import io.mixgate.broker.NodeChannel;
import io.mixgate.session.SessionRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a send or conn.call to another node's client ends, whatever that node (or Redis) does. */
class NodeRequestsTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final NodeRequests sender = requests(1, Duration.ofMillis(300));
    private static final byte[] DATA = "hi".getBytes(StandardCharsets.UTF_8);

    private NodeRequests requests(int nodeId, Duration timeout) {
        SessionRegistry sessions = new SessionRegistry();
        return new NodeRequests(nodeId, sessions, new ConnCalls(sessions, new SubscriptionIndex()), timeout, timer);
    }

    /** A channel to {@code owner} that carries its answers back to {@link #sender}. */
    private NodeChannel toOwner(NodeRequests owner) {
        AtomicReference<NodeChannel> toSender = new AtomicReference<>();
        NodeChannel toOwner = (node, payload) -> {
            owner.onNodeMessage(payload, toSender.get());
            return CompletableFuture.completedFuture(1L);
        };
        toSender.set((node, payload) -> {
            sender.onNodeMessage(payload, toOwner);
            return CompletableFuture.completedFuture(1L);
        });
        return toOwner;
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aNodeNobodyListensForMeansTheClientIsGone() {
        NodeChannel noReceivers = (node, payload) -> CompletableFuture.completedFuture(0L);

        SendOutcome outcome = sender.send(noReceivers, 9, 42, DATA, MessageType.TEXT).toCompletableFuture().join();

        assertEquals(SendOutcome.UNKNOWN_CLIENT, outcome);
        assertEquals(0, sender.pendingCount());
    }

    @Test
    void theOwnersAnswerIsTheOutcome() {
        NodeChannel toOwner = toOwner(requests(2, Duration.ofSeconds(5)));

        SendOutcome outcome = sender.send(toOwner, 2, 42, DATA, MessageType.TEXT).toCompletableFuture().join();

        assertEquals(SendOutcome.UNKNOWN_CLIENT, outcome, "the owner has no client 42");
        assertEquals(0, sender.pendingCount());
    }

    @Test
    void noAnswerInTimeIsAnUnknownOutcomeNotASuccessNorAFailure() {
        NodeChannel silentOwner = (node, payload) -> CompletableFuture.completedFuture(1L);

        CompletableFuture<SendOutcome> outcome = sender.send(silentOwner, 3, 42, DATA, MessageType.TEXT).toCompletableFuture();

        CompletionException e = assertThrows(CompletionException.class, () -> outcome.orTimeout(10, TimeUnit.SECONDS).join());
        assertInstanceOf(OutcomeUnknownException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("did not confirm"), e.getCause().getMessage());
        assertEquals(0, sender.pendingCount());
    }

    @Test
    void aCallToAClientTheOwnerDoesNotHoldIsAnUnknownClient() {
        CallOutcome outcome = sender.call(toOwner(requests(2, Duration.ofSeconds(5))), 2, 42,
                ConnCall.of("set_context_value", java.util.Arrays.asList("uid", null))).toCompletableFuture().join();

        assertEquals(CallOutcome.Status.UNKNOWN_CLIENT, outcome.status());
        assertTrue(outcome.message().contains("42"), outcome.message());
        assertEquals(0, sender.pendingCount());
    }

    @Test
    void aCallToANodeNobodyListensForIsAnUnknownClient() {
        NodeChannel noReceivers = (node, payload) -> CompletableFuture.completedFuture(0L);

        CallOutcome outcome = sender.call(noReceivers, 9, 42, ConnCall.of("subscribe", List.of("news")))
                .toCompletableFuture().join();

        assertEquals(CallOutcome.Status.UNKNOWN_CLIENT, outcome.status());
    }

    @Test
    void aCallWithoutAnswerIsAnUnknownOutcome() {
        NodeChannel silentOwner = (node, payload) -> CompletableFuture.completedFuture(1L);

        CompletableFuture<CallOutcome> outcome = sender.call(silentOwner, 3, 42,
                ConnCall.of("unsubscribe", List.of("news"))).toCompletableFuture();

        CompletionException e = assertThrows(CompletionException.class, () -> outcome.orTimeout(10, TimeUnit.SECONDS).join());
        assertInstanceOf(OutcomeUnknownException.class, e.getCause());
        assertEquals(0, sender.pendingCount());
    }

    @Test
    void aCallTravelsAsJsonWithItsArgumentTypes() throws Exception {
        Map<String, Object> context = new java.util.LinkedHashMap<>();
        context.put("uid", 1001L);
        context.put("name", "ann");
        context.put("gone", null);
        context.put("score", 1.5);
        ConnCall call = ConnCall.of("set_context", List.of(context));

        NodeWire.Request request = NodeWire.readRequest(NodeWire.call(7, 1, 42, call));

        assertTrue(request.isCall());
        assertEquals(call, NodeWire.readCall(request.body()));
    }

    @Test
    void aRedisFailureFailsTheSend() {
        NodeChannel down = (node, payload) -> CompletableFuture.failedFuture(new BrokerUnavailableException("redis down"));

        CompletionException e = assertThrows(CompletionException.class,
                () -> sender.send(down, 3, 42, DATA, MessageType.TEXT).toCompletableFuture().join());

        assertEquals("redis down", e.getCause().getMessage());
    }
}
