package io.mixgate.session;

import io.mixgate.core.MessageType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One client connection's state: id, transport, script lane, context values and the set of
 * channels it is subscribed to.
 *
 * <p>Thread safety: the channel set and the closed flag are guarded by this object's monitor;
 * {@link io.mixgate.pubsub.SubscriptionIndex} updates the index while holding it, so a
 * subscription can never outlive the connection (see {@link #withChannels}). Everything else
 * is immutable or thread-safe itself.
 */
public final class Session {
    private final long id;
    private final String idString;
    private final ClientTransport transport;
    private final ScriptLane lane;
    private final int maxSubscriptions;
    private final long connectedAt;
    private final int server;
    private final ConnectionContext context = new ConnectionContext();
    private Set<String> channels; // guarded by this; created on first subscribe
    private boolean closed;       // guarded by this
    private volatile boolean closeRequested;
    private InboundBuffer inbound; // script lane only; created on first use (socket servers)

    /** @param maxSubscriptions most channels this connection may be subscribed to at once (its server's limit) */
    public Session(long id, ClientTransport transport, ScriptLane lane, int maxSubscriptions) {
        this(id, transport, lane, maxSubscriptions, 0, 0);
    }

    /**
     * @param connectedAt when the connection was accepted, milliseconds since the epoch (the node's clock)
     * @param server      the index of its server in the node's {@code servers} list
     */
    public Session(long id, ClientTransport transport, ScriptLane lane, int maxSubscriptions, long connectedAt, int server) {
        this.connectedAt = connectedAt;
        this.server = server;
        this.id = id;
        this.idString = Long.toString(id);
        this.transport = transport;
        this.lane = lane;
        this.maxSubscriptions = maxSubscriptions;
    }

    public long id() {
        return id;
    }

    /** The id as CONNMIX writes it: a decimal string. */
    public String idString() {
        return idString;
    }

    /** When the connection was accepted, milliseconds since the epoch. */
    public long connectedAt() {
        return connectedAt;
    }

    /** The index of its server in the node's {@code servers} list. */
    public int server() {
        return server;
    }

    public ClientTransport transport() {
        return transport;
    }

    public ScriptLane lane() {
        return lane;
    }

    /** Most channels this connection may be subscribed to at once. */
    public int maxSubscriptions() {
        return maxSubscriptions;
    }

    public ConnectionContext context() {
        return context;
    }

    public String remoteAddress() {
        return transport.remoteAddress();
    }

    /** Sends one message to this connection; false if it is closed or over its outbound limit. */
    public boolean send(byte[] data, MessageType type) {
        OutboundMessage message = new OutboundMessage(data, type);
        try {
            return transport.write(message);
        } finally {
            message.release();
        }
    }

    /**
     * Sends {@code data} as it is, past the connection's framing ({@link ClientTransport#writeUnframed}):
     * {@code conn:send} on a socket server; false if closed or over its outbound limit.
     */
    public boolean sendUnframed(byte[] data, MessageType type) {
        OutboundMessage message = new OutboundMessage(data, type);
        try {
            return transport.writeUnframed(message);
        } finally {
            message.release();
        }
    }

    /**
     * The bytes this connection sent that its script has not yet framed into packets (socket
     * servers). Only the connection's script lane may call this or touch the buffer.
     */
    public InboundBuffer inbound() {
        if (inbound == null) {
            inbound = new InboundBuffer();
        }
        return inbound;
    }

    /** Starts closing the connection; from now on {@link #isClosing()} is true. */
    public void close(CloseCode code, String reason) {
        closeRequested = true;
        transport.close(code, reason);
    }

    /**
     * Starts closing with any code the back office may choose (1000 or 3000..4999, checked by the
     * caller); otherwise as {@link #close(CloseCode, String)}.
     */
    public void close(int code, String reason) {
        closeRequested = true;
        transport.close(code, reason);
    }

    /**
     * Whether {@link #close} was called (by the script, {@code conn.call} or the node), even if the
     * transport has not finished closing: messages still queued for the script are then dropped.
     */
    public boolean isClosing() {
        return closeRequested;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Operations on the channel set, run under this session's monitor. */
    public interface ChannelSetAction<T> {
        T apply(Set<String> channels, boolean closed);
    }

    /**
     * Runs {@code action} on the live channel set while holding this session's monitor. Only the
     * subscription index calls this, to keep the set and the index in step.
     */
    public synchronized <T> T withChannels(ChannelSetAction<T> action) {
        if (channels == null) {
            channels = new HashSet<>(4);
        }
        return action.apply(channels, closed);
    }

    /** Marks the session closed and returns the channels it was subscribed to, emptying the set. */
    public synchronized List<String> markClosed() {
        closed = true;
        context.close();
        if (channels == null || channels.isEmpty()) {
            return List.of();
        }
        List<String> was = List.copyOf(channels);
        channels = null;
        return was;
    }

    /** A copy of the channels this session is subscribed to. */
    public synchronized Set<String> channels() {
        return channels == null ? Set.of() : Set.copyOf(channels);
    }

    @Override
    public String toString() {
        return "Session[" + idString + "]";
    }
}
