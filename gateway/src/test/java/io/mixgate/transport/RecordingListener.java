package io.mixgate.transport;

import io.mixgate.core.MessageType;
import io.mixgate.session.ClientTransport;
import io.mixgate.session.ConnectionListener;
import io.mixgate.session.HandshakeInfo;
import io.mixgate.session.ScriptLane;
import io.mixgate.session.Session;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * A {@link ConnectionListener} that records what the transport reports. Like the node, it gives
 * each session a script lane and queues one lane task per message; the lane's drains wait in
 * {@link #laneDrains} until a test runs them. Single-threaded, for {@code EmbeddedChannel} tests.
 */
final class RecordingListener implements ConnectionListener {
    record Received(byte[] data, MessageType type) {
    }

    record Closed(Session session, String error) {
    }

    final Queue<Runnable> laneDrains = new ArrayDeque<>();
    final List<Received> received = new ArrayList<>();
    final List<Closed> closed = new ArrayList<>();
    private final int laneHighWater;
    private final Runnable laneTask;
    Session session;
    HandshakeInfo handshake;

    RecordingListener(int laneHighWater, Runnable laneTask) {
        this.laneHighWater = laneHighWater;
        this.laneTask = laneTask;
    }

    @Override
    public Session opened(ClientTransport transport, HandshakeInfo handshake) {
        ScriptLane lane = new ScriptLane(laneDrains::add, laneHighWater);
        session = new Session(1, transport, lane, 1000);
        lane.bind(transport);
        this.handshake = handshake;
        return session;
    }

    @Override
    public void received(Session session, byte[] data, MessageType type) {
        received.add(new Received(data, type));
        session.lane().submit(laneTask);
    }

    @Override
    public void closed(Session session, String error) {
        closed.add(new Closed(session, error));
    }
}
