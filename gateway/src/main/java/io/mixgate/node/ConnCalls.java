package io.mixgate.node;

import io.mixgate.core.CallOutcome;
import io.mixgate.core.ConnCall;
import io.mixgate.pubsub.SubscribeOutcome;
import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.session.Session;
import io.mixgate.session.SessionRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a {@link ConnCall} on a connection of this node, at once, on the caller's thread.
 *
 * <p>Not on the connection's script lane: a callback blocked in {@code conn:wait_context_value}
 * holds the lane, and {@code set_context_value} is exactly what must release it. Context values
 * and subscriptions are thread-safe on their own, so nothing here needs the lane.
 *
 * <p>Subscribing several channels stops at the first one refused and reports it; the channels
 * before it stay subscribed, as {@code conn:subscribe} does. A channel subscribed already counts
 * as done. Thread-safe; never blocks.
 */
public final class ConnCalls {
    private final SessionRegistry sessions;
    private final SubscriptionIndex subscriptions;

    public ConnCalls(SessionRegistry sessions, SubscriptionIndex subscriptions) {
        this.sessions = sessions;
        this.subscriptions = subscriptions;
    }

    public CallOutcome callHere(long clientId, ConnCall call) {
        Session session = sessions.find(clientId);
        if (session == null || session.isClosed()) {
            return CallOutcome.unknownClient(clientId);
        }
        return switch (call.function()) {
            case SET_CONTEXT_VALUE -> {
                session.context().put((String) call.args().get(0), call.args().get(1));
                yield CallOutcome.DONE;
            }
            case SET_CONTEXT -> {
                Map<String, Object> values = new LinkedHashMap<>();
                ((Map<?, ?>) call.args().get(0)).forEach((k, v) -> values.put(String.valueOf(k), v));
                session.context().replace(values);
                yield CallOutcome.DONE;
            }
            case SUBSCRIBE -> subscribe(session, call);
            case UNSUBSCRIBE -> {
                for (Object channel : call.args()) {
                    subscriptions.unsubscribe(session, (String) channel);
                }
                yield CallOutcome.DONE;
            }
        };
    }

    private CallOutcome subscribe(Session session, ConnCall call) {
        for (Object arg : call.args()) {
            String channel = (String) arg;
            SubscribeOutcome outcome = subscriptions.subscribe(session, channel, session.maxSubscriptions());
            if (outcome.error() != null) {
                return CallOutcome.refused(outcome.error() + ": " + channel);
            }
        }
        return CallOutcome.DONE;
    }
}
