package io.mixgate.node;

import io.mixgate.core.ChannelCount;
import io.mixgate.core.ConnectionInfo;
import io.mixgate.core.ConnectionPage;
import io.mixgate.core.ConnectionQuery;
import io.mixgate.core.Connections;
import io.mixgate.core.Gathered;
import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.session.Session;
import io.mixgate.session.SessionRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link Connections} for this node's own connections, answered at once on the caller's thread;
 * a lone node's answer, and each node's part of a mesh-wide one ({@link MeshConnections}).
 *
 * <p>Listing walks every open connection (or every subscriber of the filtered channel): cost is
 * linear in the node's connections, fine for a back office, not for a hot path. Views are weakly
 * consistent: a connection opening or closing meanwhile may or may not appear.
 *
 * <p>Thread-safe; never blocks.
 */
public final class LocalConnections implements Connections {
    private final int nodeId;
    private final SessionRegistry sessions;
    private final SubscriptionIndex subscriptions;

    public LocalConnections(int nodeId, SessionRegistry sessions, SubscriptionIndex subscriptions) {
        this.nodeId = nodeId;
        this.sessions = sessions;
        this.subscriptions = subscriptions;
    }

    /** A page of this node's matching connections, and whether more match past it. */
    record Page(List<ConnectionInfo> connections, boolean more) {
    }

    Page page(ConnectionQuery query) {
        Collection<Session> candidates = query.channel() == null ? sessions.all() : subscriptions.subscribers(query.channel());
        List<Session> matching = candidates.stream()
                .filter(s -> s.id() > query.after() && !s.isClosed())
                .filter(s -> query.server() == null || s.server() == query.server())
                .filter(s -> query.key() == null || ConnectionQuery.matches(s.context().get(query.key()), query.value()))
                .sorted(Comparator.comparingLong(Session::id))
                .limit(query.limit() + 1L)
                .toList();
        List<ConnectionInfo> page = new ArrayList<>();
        for (int i = 0; i < Math.min(query.limit(), matching.size()); i++) {
            page.add(describe(matching.get(i)).summary());
        }
        return new Page(page, matching.size() > query.limit());
    }

    Optional<ConnectionInfo> find(long clientId) {
        Session session = sessions.find(clientId);
        return session == null || session.isClosed() ? Optional.empty() : Optional.of(describe(session));
    }

    boolean closeHere(long clientId, int code, String reason) {
        Session session = sessions.find(clientId);
        if (session == null || session.isClosed()) {
            return false;
        }
        session.close(code, reason);
        return true;
    }

    long closeWhereHere(String key, String value, int code, String reason) {
        long closed = 0;
        for (Session session : sessions.all()) {
            if (!session.isClosed() && !session.isClosing() && ConnectionQuery.matches(session.context().get(key), value)) {
                session.close(code, reason);
                closed++;
            }
        }
        return closed;
    }

    /** This node's channels with the prefix, after {@code after}, by name: at most {@code limit}, and whether more follow. */
    record ChannelPage(List<ChannelCount> channels, boolean more) {
    }

    ChannelPage channelPage(String prefix, String after, int limit) {
        List<String> names = subscriptions.channelNames().stream()
                .filter(n -> prefix == null || n.startsWith(prefix))
                .filter(n -> after == null || n.compareTo(after) > 0)
                .sorted()
                .limit(limit + 1L)
                .toList();
        List<ChannelCount> counts = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, names.size()); i++) {
            counts.add(new ChannelCount(names.get(i), subscriptions.subscribers(names.get(i)).size()));
        }
        return new ChannelPage(counts, names.size() > limit);
    }

    long subscribersHere(String channel) {
        return subscriptions.subscribers(channel).size();
    }

    private ConnectionInfo describe(Session session) {
        List<String> channels = new ArrayList<>(session.channels());
        channels.sort(null);
        return new ConnectionInfo(session.id(), nodeId, session.server(), session.remoteAddress(), session.connectedAt(),
                session.context().snapshot(), channels.size(), channels, session.transport().outboundBytes());
    }

    @Override
    public CompletionStage<Gathered<ConnectionPage>> list(ConnectionQuery query) {
        Page page = page(query);
        Long next = page.more() ? page.connections().getLast().id() : null;
        return CompletableFuture.completedFuture(Gathered.complete(new ConnectionPage(page.connections(), next)));
    }

    @Override
    public CompletionStage<Optional<ConnectionInfo>> info(long clientId) {
        return CompletableFuture.completedFuture(find(clientId));
    }

    @Override
    public CompletionStage<Boolean> close(long clientId, int code, String reason) {
        return CompletableFuture.completedFuture(closeHere(clientId, code, reason));
    }

    @Override
    public CompletionStage<Gathered<Long>> closeWhere(String key, String value, int code, String reason) {
        return CompletableFuture.completedFuture(Gathered.complete(closeWhereHere(key, value, code, reason)));
    }

    @Override
    public CompletionStage<Gathered<List<ChannelCount>>> channels(String prefix, String after, int limit) {
        return CompletableFuture.completedFuture(Gathered.complete(channelPage(prefix, after, limit).channels()));
    }

    @Override
    public CompletionStage<Gathered<Long>> subscribers(String channel) {
        return CompletableFuture.completedFuture(Gathered.complete(subscribersHere(channel)));
    }
}
