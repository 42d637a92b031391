package io.mixgate.bench.jmh;

import io.mixgate.session.ClientTransport;
import io.mixgate.session.CloseCode;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.WireFormat;
import io.mixgate.transport.WebSocketFrameFormat;
import java.util.List;

/** A connection that takes every message and goes nowhere, so benchmarks measure the node's code, not sockets. */
final class NullTransport implements ClientTransport {
    long writes;

    @Override
    public String remoteAddress() {
        return "127.0.0.1:1";
    }

    private final WireFormat format;

    /** Encodes into plain WebSocket frames. */
    NullTransport() {
        this(new WebSocketFrameFormat());
    }

    /** @param format encodes what is written (each message once, as for real connections) */
    NullTransport(WireFormat format) {
        this.format = format;
    }

    @Override
    public WireFormat format() {
        return format;
    }

    @Override
    public boolean write(OutboundMessage message) {
        if (message.frameFor(format) == null) {
            return false;
        }
        writes++;
        return true;
    }

    @Override
    public int writeMany(List<OutboundMessage> messages) {
        int n = 0;
        for (OutboundMessage message : messages) {
            if (!write(message)) {
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
