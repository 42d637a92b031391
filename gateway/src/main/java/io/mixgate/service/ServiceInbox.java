package io.mixgate.service;

import io.mixgate.session.ClientTransport;
import io.mixgate.session.CloseCode;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.WireFormat;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The transport of one channel a service subscribed to ({@code svc:subscribe}): the node's
 * delivery writes a published message here as to any connection, and it goes to
 * {@code deliver} (which queues {@code on_message} on the service's lane) or, when the service's
 * queue is full, is refused (counted as a failed delivery by the node, and by the service).
 *
 * <p>Thread-safe; never blocks.
 */
final class ServiceInbox implements ClientTransport {
    private static final WireFormat RAW = (data, type) -> null; // never asked: write() takes the bytes

    private final String channel;
    private final BiConsumer<String, byte[]> deliver;
    private final java.util.function.BooleanSupplier full;

    /**
     * @param deliver given the channel and a copy of the message's bytes
     * @param full    whether the service's queue is full (then the message is dropped)
     */
    ServiceInbox(String channel, BiConsumer<String, byte[]> deliver, java.util.function.BooleanSupplier full) {
        this.channel = channel;
        this.deliver = deliver;
        this.full = full;
    }

    @Override
    public String remoteAddress() {
        return "service";
    }

    @Override
    public WireFormat format() {
        return RAW;
    }

    @Override
    public boolean write(OutboundMessage message) {
        if (full.getAsBoolean()) {
            return false;
        }
        deliver.accept(channel, message.data().clone());
        return true;
    }

    @Override
    public int writeMany(List<OutboundMessage> messages) {
        int n = 0;
        for (OutboundMessage m : messages) {
            if (!write(m)) {
                break;
            }
            n++;
        }
        return n;
    }

    @Override
    public void close(CloseCode code, String reason) {
    }

    @Override
    public void close(int code, String reason) {
    }

    @Override
    public void backlogChanged() {
    }
}
