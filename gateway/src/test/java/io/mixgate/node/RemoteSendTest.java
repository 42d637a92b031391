package io.mixgate.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.core.MessageType;
import io.mixgate.core.SendOutcome;
import io.mixgate.broker.BrokerUnavailableException;
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

/** How a send to another node's client ends, whatever that node (or Redis) does. */
class RemoteSendTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final RemoteSend sender = new RemoteSend(1, new SessionRegistry(), Duration.ofMillis(300), timer);
    private static final byte[] DATA = "hi".getBytes(StandardCharsets.UTF_8);

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
        RemoteSend owner = new RemoteSend(2, new SessionRegistry(), Duration.ofSeconds(5), timer);
        AtomicReference<NodeChannel> toSender = new AtomicReference<>();
        NodeChannel toOwner = (node, payload) -> {
            owner.onNodeMessage(payload, toSender.get());
            return CompletableFuture.completedFuture(1L);
        };
        toSender.set((node, payload) -> {
            sender.onNodeMessage(payload, toOwner);
            return CompletableFuture.completedFuture(1L);
        });

        SendOutcome outcome = sender.send(toOwner, 2, 42, DATA, MessageType.TEXT).toCompletableFuture().join();

        assertEquals(SendOutcome.UNKNOWN_CLIENT, outcome, "the owner has no client 42");
        assertEquals(0, sender.pendingCount());
    }

    @Test
    void noAnswerInTimeIsAnErrorNotASuccess() {
        NodeChannel silentOwner = (node, payload) -> CompletableFuture.completedFuture(1L);

        CompletableFuture<SendOutcome> outcome = sender.send(silentOwner, 3, 42, DATA, MessageType.TEXT).toCompletableFuture();

        CompletionException e = assertThrows(CompletionException.class, () -> outcome.orTimeout(10, TimeUnit.SECONDS).join());
        assertInstanceOf(BrokerUnavailableException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("did not confirm"), e.getCause().getMessage());
        assertEquals(0, sender.pendingCount());
    }

    @Test
    void aRedisFailureFailsTheSend() {
        NodeChannel down = (node, payload) -> CompletableFuture.failedFuture(new BrokerUnavailableException("redis down"));

        CompletionException e = assertThrows(CompletionException.class,
                () -> sender.send(down, 3, 42, DATA, MessageType.TEXT).toCompletableFuture().join());

        assertEquals("redis down", e.getCause().getMessage());
    }
}
