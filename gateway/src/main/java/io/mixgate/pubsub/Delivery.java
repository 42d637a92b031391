package io.mixgate.pubsub;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.session.FrameEncoder;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.OutboundFrame;
import io.mixgate.session.Session;
import java.util.Set;

/**
 * Hands a published message to this node's subscribers: encoded into one frame, and that one
 * buffer written to every subscriber through the transport's {@link FrameFanout}. No Lua, no
 * per-subscriber copy, no blocking: a connection that cannot take the message is counted as
 * failed and skipped.
 *
 * <p>Thread-safe; called from broker and API threads.
 */
public final class Delivery {
    private final SubscriptionIndex index;
    private final FrameEncoder encoder;
    private final FrameFanout fanout;

    public Delivery(SubscriptionIndex index, FrameEncoder encoder, FrameFanout fanout) {
        this.index = index;
        this.encoder = encoder;
        this.fanout = fanout;
    }

    /** @param data not modified and not kept after the call returns */
    public PublishResult deliver(String channel, byte[] data, MessageType type) {
        Set<Session> subscribers = index.subscribers(channel);
        if (subscribers.isEmpty()) {
            return PublishResult.NONE;
        }
        OutboundFrame frame = encoder.encode(data, type);
        try {
            return fanout.writeAll(frame, subscribers);
        } finally {
            frame.release();
        }
    }
}
