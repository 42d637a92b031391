package io.mixgate.pubsub;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.Session;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands a published message to this node's subscribers through the transport's
 * {@link FrameFanout}: encoded once per wire format among them (for WebSocket servers, one frame
 * per server and compression setting; for raw TCP servers, one {@code protocol_encode} call per
 * server) and that one buffer shared by every subscriber of the format. No per-subscriber copy,
 * no blocking: a connection that cannot take the message is counted as failed and skipped.
 *
 * <p>Counts what it did once per message, not per subscriber ({@link #delivered()},
 * {@link #failed()}), with {@link LongAdder}s: no lock and no lookup on the delivery path.
 *
 * <p>A channel that matches a {@code history.rules} entry takes {@link MemoryHistory#deliver}
 * instead: numbered, stored and delivered under its lock (subscribers that asked for an envelope
 * get it, filled once per publication). Every other channel takes the plain path, untouched.
 *
 * <p>Thread-safe; called from broker and API threads.
 */
public final class Delivery {
    private final SubscriptionIndex index;
    private final FrameFanout fanout;
    private final MemoryHistory history;
    private final LongAdder messages = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** Delivery without channel history. */
    public Delivery(SubscriptionIndex index, FrameFanout fanout) {
        this(index, fanout, MemoryHistory.disabled(index));
    }

    /** @param history numbers and stores the publications of channels that match its rules */
    public Delivery(SubscriptionIndex index, FrameFanout fanout, MemoryHistory history) {
        this.index = index;
        this.fanout = fanout;
        this.history = history;
    }

    /** @param data not modified and not kept after the call returns */
    public PublishResult deliver(String channel, byte[] data, MessageType type) {
        HistoryRules.Rule rule = history.ruleFor(channel);
        if (rule != null) {
            PublishResult result = history.deliver(channel, rule, data, type, fanout);
            if (result.delivered() + result.failed() > 0) {
                messages.increment();
                delivered.add(result.delivered());
                failed.add(result.failed());
            }
            return result;
        }
        Set<Session> subscribers = index.subscribers(channel);
        if (subscribers.isEmpty()) {
            return PublishResult.NONE;
        }
        OutboundMessage message = new OutboundMessage(data, type);
        try {
            PublishResult result = fanout.writeAll(message, subscribers);
            messages.increment();
            delivered.add(result.delivered());
            failed.add(result.failed());
            return result;
        } finally {
            message.release();
        }
    }

    /**
     * Counts a delivery made elsewhere: a mesh's {@link MeshHistory} delivers numbered
     * publications itself.
     */
    public void count(PublishResult result) {
        if (result.delivered() + result.failed() > 0) {
            messages.increment();
            delivered.add(result.delivered());
            failed.add(result.failed());
        }
    }

    /** Messages handed to at least one local subscriber since start. */
    public long messages() {
        return messages.sum();
    }

    /** Subscriber connections messages were handed to since start (one per message and subscriber). */
    public long delivered() {
        return delivered.sum();
    }

    /** Subscriber connections that could not take a message since start (closing, or over their outbound limit). */
    public long failed() {
        return failed.sum();
    }
}
