package io.mixgate.node;

import io.mixgate.broker.NodeChannel;
import io.mixgate.broker.NodeInbox;
import io.mixgate.core.CallOutcome;
import io.mixgate.core.ConnCall;
import io.mixgate.core.MessageType;
import io.mixgate.core.OutcomeUnknownException;
import io.mixgate.core.SendOutcome;
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
 * Sends and {@code conn.call}s to a client held by another node, and answers them for this
 * node's clients: one request/reply mechanism ({@link NodeWire}) for both.
 *
 * <p>The owning node is read from the client id ({@code ClientIdGenerator.nodeOf}). The request
 * goes to that node's channel; Redis's PUBLISH count tells at once whether the node is there:
 * 0 receivers means no node with that id is alive, so the client is gone (unknown client). Otherwise
 * the owner runs the request on the client and publishes the exact outcome back to the asking
 * node's channel. No answer within {@code timeout} (the owner died mid-way, Redis dropped the
 * reply, Redis stalled) completes the stage exceptionally with {@link OutcomeUnknownException}:
 * the request may or may not have run, and the API says so (504) rather than claim either. A
 * request Redis certainly did not take fails with whatever the {@link NodeChannel} failed with.
 *
 * <p>Thread safety: thread-safe; nothing blocks (timeouts run on the given timer).
 */
public final class NodeRequests implements NodeInbox {
    private static final Logger log = LoggerFactory.getLogger(NodeRequests.class);
    private static final int NO_RECEIVER = -1;

    private final int selfId;
    private final SessionRegistry sessions;
    private final ConnCalls calls;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final AtomicLong requestIds = new AtomicLong();
    private final Map<Long, CompletableFuture<NodeWire.Reply>> pending = new ConcurrentHashMap<>();

    private final LocalConnections connections;
    /** Answers other nodes' stats and script-error requests; null: refuses them. */
    private volatile LocalOverview overview;

    /** Requests without inspection: inspection requests are answered with an error. */
    public NodeRequests(int selfId, SessionRegistry sessions, ConnCalls calls, Duration timeout,
                        ScheduledExecutorService timer) {
        this(selfId, sessions, calls, null, timeout, timer);
    }

    /** @param connections answers other nodes' inspection requests about this node's connections; null: refuses them */
    public NodeRequests(int selfId, SessionRegistry sessions, ConnCalls calls, LocalConnections connections,
                        Duration timeout, ScheduledExecutorService timer) {
        this.connections = connections;
        this.selfId = selfId;
        this.sessions = sessions;
        this.calls = calls;
        this.timeout = timeout;
        this.timer = timer;
    }

    /** Sends to {@code clientId}, held by node {@code nodeId}, through {@code via}. */
    public CompletionStage<SendOutcome> send(NodeChannel via, int nodeId, long clientId, byte[] data, MessageType type) {
        long requestId = requestIds.incrementAndGet();
        return ask(via, nodeId, requestId, NodeWire.send(requestId, selfId, clientId, type, data),
                "the send to client " + clientId).thenApply(reply -> {
                    SendOutcome[] all = SendOutcome.values();
                    if (reply.code() == NO_RECEIVER) {
                        return SendOutcome.UNKNOWN_CLIENT;
                    }
                    if (reply.code() >= all.length) {
                        throw new OutcomeUnknownException("node " + nodeId + " answered the send to client " + clientId
                                + " with an outcome this node does not know (" + reply.code() + ")");
                    }
                    return all[reply.code()];
                });
    }

    /** Runs {@code call} on {@code clientId}, held by node {@code nodeId}, through {@code via}. */
    public CompletionStage<CallOutcome> call(NodeChannel via, int nodeId, long clientId, ConnCall call) {
        long requestId = requestIds.incrementAndGet();
        return ask(via, nodeId, requestId, NodeWire.call(requestId, selfId, clientId, call),
                "conn.call " + call.function().wireName() + " on client " + clientId).thenApply(reply -> {
                    CallOutcome.Status[] all = CallOutcome.Status.values();
                    if (reply.code() == NO_RECEIVER) {
                        return CallOutcome.unknownClient(clientId);
                    }
                    if (reply.code() >= all.length) {
                        throw new OutcomeUnknownException("node " + nodeId + " answered conn.call on client " + clientId
                                + " with an outcome this node does not know (" + reply.code() + ")");
                    }
                    CallOutcome.Status status = all[reply.code()];
                    return status == CallOutcome.Status.DONE ? CallOutcome.DONE
                            : status == CallOutcome.Status.UNKNOWN_CLIENT ? CallOutcome.unknownClient(clientId)
                            : CallOutcome.refused(reply.message());
                });
    }

    /**
     * Sends an inspection request (an {@link InspectWire} body) to node {@code nodeId}. Completes
     * with its reply: code 0 and the answer's JSON, code 1 and an error message, or code -1 when no
     * node with that id is listening; exceptionally as a send does.
     */
    CompletionStage<NodeWire.Reply> inspect(NodeChannel via, int nodeId, long clientId, byte[] body, String what) {
        long requestId = requestIds.incrementAndGet();
        return ask(via, nodeId, requestId, NodeWire.inspect(requestId, selfId, clientId, body), what);
    }

    /** Reply code of an inspection that failed on the answering node; the message says why. */
    static final int INSPECT_FAILED = 1;
    /** Reply code meaning no node received the request. */
    static final int NOT_RECEIVED = NO_RECEIVER;

    private CompletionStage<NodeWire.Reply> ask(NodeChannel via, int nodeId, long requestId, byte[] request, String what) {
        CompletableFuture<NodeWire.Reply> reply = new CompletableFuture<>();
        pending.put(requestId, reply);
        via.publishToNode(nodeId, request).whenComplete((receivers, failure) -> {
            if (failure != null) {
                reply.completeExceptionally(failure);
            } else if (receivers == 0) {
                reply.complete(new NodeWire.Reply(requestId, NO_RECEIVER, ""));
            }
        });
        ScheduledFuture<?> expiry = timer.schedule(() -> reply.completeExceptionally(new OutcomeUnknownException(
                "node " + nodeId + " did not confirm " + what + " within " + timeout.toMillis()
                        + " ms; it may or may not have been carried out")), timeout.toMillis(), TimeUnit.MILLISECONDS);
        // the caller's stage completes after the bookkeeping, so nothing is left pending when it sees the outcome
        return reply.whenComplete((r, f) -> {
            pending.remove(requestId);
            expiry.cancel(false);
        });
    }

    /** Requests still waiting for an answer. */
    public int pendingCount() {
        return pending.size();
    }

    @Override
    public void onNodeMessage(byte[] payload, NodeChannel replies) {
        try {
            if (payload.length > 0 && payload[0] == NodeWire.REQUEST) {
                answer(NodeWire.readRequest(payload), replies);
            } else if (payload.length > 0 && payload[0] == NodeWire.REPLY) {
                NodeWire.Reply reply = NodeWire.readReply(payload);
                CompletableFuture<NodeWire.Reply> waiting = pending.get(reply.requestId());
                if (waiting != null) {
                    waiting.complete(reply);
                }
            } else {
                log.debug("ignoring a node message of unknown kind ({} bytes)", payload.length);
            }
        } catch (IOException e) {
            log.debug("ignoring a malformed node message: {}", e.toString());
        }
    }

    private void answer(NodeWire.Request request, NodeChannel replies) {
        byte[] reply;
        if (request.isInspection()) {
            reply = inspectHere(request);
        } else if (request.isCall()) {
            CallOutcome outcome;
            try {
                outcome = calls.callHere(request.clientId(), NodeWire.readCall(request.body()));
            } catch (IOException e) { // a newer node's function, say: refused, not left to time out
                outcome = CallOutcome.refused("node " + selfId + " cannot read this conn.call: " + e.getMessage());
            }
            reply = NodeWire.reply(request.requestId(), outcome.status().ordinal(),
                    outcome.status() == CallOutcome.Status.REFUSED ? outcome.message() : "");
        } else {
            SendOutcome outcome = LocalMesh.sendHere(sessions, request.clientId(), request.body(), request.sendType());
            reply = NodeWire.reply(request.requestId(), outcome.ordinal(), "");
        }
        replies.publishToNode(request.fromNode(), reply).whenComplete((n, failure) -> {
            if (failure != null) {
                log.debug("could not answer node {} about client {}: {}", request.fromNode(), request.clientId(),
                        failure.toString());
            }
        });
    }

    /** From now on, answer other nodes' {@link MeshOverview} requests from {@code overview}. Call once, while the node starts. */
    public void answerOverview(LocalOverview overview) {
        this.overview = overview;
    }

    private byte[] inspectHere(NodeWire.Request request) {
        LocalOverview here = overview;
        if (here != null) {
            try {
                String answer = OverviewWire.answer(here, request.body());
                if (answer != null) {
                    return NodeWire.reply(request.requestId(), 0, answer);
                }
            } catch (IOException | RuntimeException e) {
                return NodeWire.reply(request.requestId(), INSPECT_FAILED, "node " + selfId + " cannot answer: " + e.getMessage());
            }
        }
        if (connections == null) {
            return NodeWire.reply(request.requestId(), INSPECT_FAILED, "node " + selfId + " does not answer inspections");
        }
        try {
            return NodeWire.reply(request.requestId(), 0, InspectWire.answer(connections, request.body()));
        } catch (IOException | RuntimeException e) { // a newer node's op, say: an answer, not a timeout
            return NodeWire.reply(request.requestId(), INSPECT_FAILED, "node " + selfId + " cannot answer: " + e.getMessage());
        }
    }
}
