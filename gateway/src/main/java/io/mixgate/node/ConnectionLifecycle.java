package io.mixgate.node;

import io.mixgate.core.MessageType;
import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.session.ClientIdGenerator;
import io.mixgate.session.ClientTransport;
import io.mixgate.session.CloseCode;
import io.mixgate.session.ConnectionScript;
import io.mixgate.session.ConnectionListener;
import io.mixgate.session.HandshakeInfo;
import io.mixgate.session.ScriptLane;
import io.mixgate.session.Session;
import io.mixgate.session.SessionRegistry;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins one server's connections to its script: gives each connection an id and a script lane,
 * queues every event on that lane (so a connection's callbacks run in order, off the event
 * loop), and cleans up on close. Subscriptions are dropped the moment the connection closes,
 * before {@code on_close} runs, so a failing {@code on_close} cannot leak them.
 *
 * <p>Thread-safe; the listener methods run on event loops and never block.
 */
public final class ConnectionLifecycle implements ConnectionListener {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLifecycle.class);

    private final ConnectionScript script;
    private final SessionRegistry registry;
    private final SubscriptionIndex subscriptions;
    private final ClientIdGenerator ids;
    private final Executor laneExecutor;
    private final int maxQueuedMessages;
    private final int maxSubscriptions;
    private final Clock clock;
    private final int server;

    /**
     * @param clock  stamps each connection's connected-since time
     * @param server the index of this lifecycle's server in the node's {@code servers} list
     */
    public ConnectionLifecycle(ConnectionScript script, SessionRegistry registry, SubscriptionIndex subscriptions,
                               ClientIdGenerator ids, Executor laneExecutor, int maxQueuedMessages,
                               int maxSubscriptions, Clock clock, int server) {
        this.clock = clock;
        this.server = server;
        this.script = script;
        this.registry = registry;
        this.subscriptions = subscriptions;
        this.ids = ids;
        this.laneExecutor = laneExecutor;
        this.maxQueuedMessages = maxQueuedMessages;
        this.maxSubscriptions = maxSubscriptions;
    }

    @Override
    public Session opened(ClientTransport transport, HandshakeInfo handshake) {
        ScriptLane lane = new ScriptLane(laneExecutor, maxQueuedMessages);
        Session session = new Session(ids.next(), transport, lane, maxSubscriptions, clock.millis(), server);
        lane.bind(transport);
        registry.add(session);
        log.debug("conn={} opened from {} {}", session.idString(), transport.remoteAddress(),
                handshake == null ? "(tcp)" : handshake.requestUri());
        lane.submit(() -> {
            if (!script.opened(session, handshake)) {
                log.debug("conn={} refused by on_handshake", session.idString());
                session.close(CloseCode.POLICY_VIOLATION, "refused");
            }
        });
        return session;
    }

    @Override
    public void received(Session session, byte[] data, MessageType type) {
        session.lane().submit(() -> {
            // after conn:close() the messages still queued are dropped: a script that closed a
            // connection (e.g. after too many failed auths) must not be called for it again
            if (!session.isClosing() && !session.isClosed()) {
                script.received(session, data, type);
            }
        });
    }

    @Override
    public void closed(Session session, String error) {
        registry.remove(session);
        subscriptions.removeSession(session);
        log.debug("conn={} closed{}", session.idString(), error == null ? "" : ": " + error);
        session.lane().submit(() -> script.closed(session, error));
    }
}
