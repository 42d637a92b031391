package io.mixgate.bench.jmh;

import io.mixgate.core.MessageType;
import io.mixgate.session.ClientTransport;
import io.mixgate.session.CloseCode;
import io.mixgate.session.OutboundFrame;

/** A connection that takes every message and goes nowhere, so benchmarks measure the node's code, not sockets. */
final class NullTransport implements ClientTransport {
    long writes;

    @Override
    public String remoteAddress() {
        return "127.0.0.1:1";
    }

    @Override
    public boolean write(OutboundFrame frame) {
        writes++;
        return true;
    }

    @Override
    public boolean send(byte[] data, MessageType type) {
        writes++;
        return true;
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
