package io.mixgate.api;

import io.mixgate.core.CallOutcome;
import io.mixgate.core.ConnCall;
import io.mixgate.core.MeshOperations;
import io.mixgate.core.MessageType;
import io.mixgate.core.NodeHealth;
import io.mixgate.core.PublishResult;
import io.mixgate.core.SendOutcome;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An in-memory {@link MeshOperations} for testing the API on its own: records every call and
 * answers what the test configured. The real node is tested end to end in the gateway module.
 */
final class RecordingMesh implements MeshOperations {

    record Published(String channel, byte[] data, MessageType type) {
    }

    record Sent(long clientId, byte[] data, MessageType type) {
    }

    record Called(long clientId, ConnCall call) {
    }

    static final Duration WAIT = Duration.ofSeconds(5);

    final BlockingQueue<Published> published = new LinkedBlockingQueue<>();
    final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    final BlockingQueue<Called> called = new LinkedBlockingQueue<>();

    volatile Supplier<CompletionStage<PublishResult>> publishReply =
            () -> CompletableFuture.completedFuture(PublishResult.NONE);
    volatile Supplier<CompletionStage<SendOutcome>> sendReply =
            () -> CompletableFuture.completedFuture(SendOutcome.SENT);
    volatile Supplier<CompletionStage<CallOutcome>> callReply =
            () -> CompletableFuture.completedFuture(CallOutcome.DONE);
    volatile Supplier<NodeHealth> health = () -> new NodeHealth(true, 0, "ok");

    @Override
    public CompletionStage<PublishResult> publish(String channel, byte[] data, MessageType type) {
        CompletionStage<PublishResult> reply = publishReply.get();
        published.add(new Published(channel, data, type)); // recorded after the reply exists, so tests can reach it
        return reply;
    }

    @Override
    public CompletionStage<SendOutcome> send(long clientId, byte[] data, MessageType type) {
        CompletionStage<SendOutcome> reply = sendReply.get();
        sent.add(new Sent(clientId, data, type));
        return reply;
    }

    @Override
    public CompletionStage<CallOutcome> call(long clientId, ConnCall call) {
        CompletionStage<CallOutcome> reply = callReply.get();
        called.add(new Called(clientId, call));
        return reply;
    }

    @Override
    public NodeHealth health() {
        return health.get();
    }

    /** The next publish call, waiting for it up to {@link #WAIT}; fails the test when none came. */
    Published nextPublish() throws InterruptedException {
        Published call = published.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (call == null) {
            throw new AssertionError("no publish reached the mesh within " + WAIT);
        }
        return call;
    }

    /** The next send call, waiting for it up to {@link #WAIT}; fails the test when none came. */
    Sent nextSend() throws InterruptedException {
        Sent call = sent.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (call == null) {
            throw new AssertionError("no send reached the mesh within " + WAIT);
        }
        return call;
    }
}
