package io.mixgate.node;

import io.mixgate.core.MessageType;
import io.mixgate.core.SendOutcome;
import io.mixgate.broker.BrokerUnavailableException;
import io.mixgate.broker.NodeChannel;
import io.mixgate.broker.NodeInbox;
import io.mixgate.session.SessionRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends to a client held by another node, and answers such sends for this node's clients.
 *
 * <p>The owning node is read from the client id ({@code ClientIdGenerator.nodeOf}). The request
 * goes to that node's channel; Redis's PUBLISH count tells at once whether the node is there:
 * 0 receivers means no node with that id is alive, so the client is gone
 * ({@link SendOutcome#UNKNOWN_CLIENT}). Otherwise the owner tries the send and publishes the
 * exact outcome (sent, unknown client, could not take it) back to the sender's channel. No
 * answer within {@code timeout} (the owner died mid-way, Redis dropped the reply) completes
 * the send exceptionally with {@link BrokerUnavailableException}: the outcome is unknown, and
 * the API says so with a 503 rather than claim a success.
 *
 * <p>Thread safety: thread-safe; nothing blocks (timeouts run on the given timer).
 */
public final class RemoteSend implements NodeInbox {
    private static final Logger log = LoggerFactory.getLogger(RemoteSend.class);

    private final int selfId;
    private final SessionRegistry sessions;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final AtomicLong requestIds = new AtomicLong();
    private final Map<Long, CompletableFuture<SendOutcome>> pending = new ConcurrentHashMap<>();

    public RemoteSend(int selfId, SessionRegistry sessions, Duration timeout, ScheduledExecutorService timer) {
        this.selfId = selfId;
        this.sessions = sessions;
        this.timeout = timeout;
        this.timer = timer;
    }

    /** Sends to {@code clientId}, held by node {@code nodeId}, through {@code via}. */
    public CompletionStage<SendOutcome> send(NodeChannel via, int nodeId, long clientId, byte[] data, MessageType type) {
        long requestId = requestIds.incrementAndGet();
        CompletableFuture<SendOutcome> outcome = new CompletableFuture<>();
        pending.put(requestId, outcome);
        outcome.whenComplete((o, f) -> pending.remove(requestId));
        via.publishToNode(nodeId, SendWire.request(requestId, selfId, clientId, type, data)).whenComplete((receivers, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else if (receivers == 0) {
                outcome.complete(SendOutcome.UNKNOWN_CLIENT);
            }
        });
        ScheduledFuture<?> expiry = timer.schedule(() -> outcome.completeExceptionally(new BrokerUnavailableException(
                "node " + nodeId + " did not confirm the send to client " + clientId + " within " + timeout.toMillis()
                        + " ms; it may or may not have been delivered")), timeout.toMillis(), TimeUnit.MILLISECONDS);
        outcome.whenComplete((o, f) -> expiry.cancel(false));
        return outcome;
    }

    /** Sends still waiting for an answer. */
    public int pendingCount() {
        return pending.size();
    }

    @Override
    public void onNodeMessage(byte[] payload, NodeChannel replies) {
        try {
            if (payload.length > 0 && payload[0] == SendWire.REQUEST) {
                SendWire.Request request = SendWire.readRequest(payload);
                SendOutcome outcome = LocalMesh.sendHere(sessions, request.clientId(), request.data(), request.type());
                replies.publishToNode(request.fromNode(), SendWire.reply(request.requestId(), outcome))
                        .whenComplete((n, failure) -> {
                            if (failure != null) {
                                log.debug("could not answer node {} about client {}: {}", request.fromNode(),
                                        request.clientId(), failure.toString());
                            }
                        });
            } else if (payload.length > 0 && payload[0] == SendWire.REPLY) {
                SendWire.Reply reply = SendWire.readReply(payload);
                CompletableFuture<SendOutcome> waiting = pending.get(reply.requestId());
                if (waiting != null) {
                    waiting.complete(reply.outcome());
                }
            } else {
                log.debug("ignoring a node message of unknown kind ({} bytes)", payload.length);
            }
        } catch (IOException e) {
            log.debug("ignoring a malformed node message: {}", e.toString());
        }
    }
}
