package io.mixgate.node;

import io.mixgate.broker.NodeChannel;
import io.mixgate.core.ChannelCount;
import io.mixgate.core.ConnectionInfo;
import io.mixgate.core.ConnectionPage;
import io.mixgate.core.ConnectionQuery;
import io.mixgate.core.Connections;
import io.mixgate.core.Gathered;
import io.mixgate.core.NodeDirectory;
import io.mixgate.session.ClientIdGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@link Connections} across a Redis mesh. A mesh-wide operation reads the live nodes from the
 * {@link NodeDirectory}, answers this node's part itself and asks every other node over its node
 * channel ({@link NodeRequests#inspect}); each answer arrives within the request timeout
 * ({@code redis.sendTimeout}) or its node is reported missing. A node whose channel has no
 * listener is gone, and so are its connections: it counts as answered with nothing. An operation
 * on one connection goes to the node its id names.
 *
 * <p>Paging: every node returns its first {@code limit} matches past the cursor in id order (for
 * channels, in name order); the merged first {@code limit} are then exact, because any entry
 * among them is also among its own node's first {@code limit}.
 *
 * <p>Thread-safe; never blocks.
 */
public final class MeshConnections implements Connections {
    private final int selfId;
    private final LocalConnections local;
    private final NodeRequests remote;
    private final NodeChannel via;
    private final MeshGather mesh;

    public MeshConnections(int selfId, LocalConnections local, NodeRequests remote, NodeChannel via, NodeDirectory directory) {
        this.selfId = selfId;
        this.local = local;
        this.remote = remote;
        this.via = via;
        this.mesh = new MeshGather(selfId, remote, via, directory);
    }

    /** Asks every live node; the answers of those that answered (gone nodes skipped), and the ids of the others. */
    private <T> CompletionStage<Gathered<List<T>>> gather(byte[] body, String what, Supplier<T> here, MeshGather.Parser<T> parser) {
        return mesh.gather(body, what, here, parser);
    }

    @Override
    public CompletionStage<Gathered<ConnectionPage>> list(ConnectionQuery query) {
        return gather(InspectWire.list(query), "list connections", () -> local.page(query), InspectWire::readPage)
                .thenApply(g -> {
                    List<ConnectionInfo> merged = new ArrayList<>();
                    boolean more = false;
                    for (LocalConnections.Page page : g.value()) {
                        merged.addAll(page.connections());
                        more |= page.more();
                    }
                    merged.sort(Comparator.comparingLong(ConnectionInfo::id));
                    more |= merged.size() > query.limit();
                    List<ConnectionInfo> page = merged.subList(0, Math.min(query.limit(), merged.size()));
                    Long next = more && !page.isEmpty() ? page.getLast().id() : null;
                    return new Gathered<>(new ConnectionPage(page, next), g.missing());
                });
    }

    @Override
    public CompletionStage<Optional<ConnectionInfo>> info(long clientId) {
        int owner = ClientIdGenerator.nodeOf(clientId);
        if (owner == selfId) {
            return local.info(clientId);
        }
        return remote.inspect(via, owner, clientId, InspectWire.info(clientId), "info on client " + clientId)
                .thenApply(reply -> reply.code() == NodeRequests.NOT_RECEIVED ? Optional.<ConnectionInfo>empty()
                        : parse(reply, owner, InspectWire::readInfo));
    }

    @Override
    public CompletionStage<Boolean> close(long clientId, int code, String reason) {
        int owner = ClientIdGenerator.nodeOf(clientId);
        if (owner == selfId) {
            return local.close(clientId, code, reason);
        }
        return remote.inspect(via, owner, clientId, InspectWire.close(clientId, code, reason), "closing client " + clientId)
                .thenApply(reply -> reply.code() != NodeRequests.NOT_RECEIVED
                        && parse(reply, owner, a -> InspectWire.read(a).path("closed").asBoolean()));
    }

    @Override
    public CompletionStage<Gathered<Long>> closeWhere(String key, String value, int code, String reason) {
        return sum(InspectWire.closeWhere(key, value, code, reason), "closing connections",
                () -> local.closeWhereHere(key, value, code, reason), "closed");
    }

    @Override
    public CompletionStage<Gathered<List<ChannelCount>>> channels(String prefix, String after, int limit) {
        return gather(InspectWire.channels(prefix, after, limit), "list channels",
                () -> local.channelPage(prefix, after, limit), InspectWire::readChannels).thenApply(g -> {
                    TreeMap<String, Long> sums = new TreeMap<>();
                    for (LocalConnections.ChannelPage page : g.value()) {
                        page.channels().forEach(c -> sums.merge(c.name(), c.subscribers(), Long::sum));
                    }
                    List<ChannelCount> counts = new ArrayList<>();
                    for (var e : sums.entrySet()) {
                        if (counts.size() == limit) {
                            break;
                        }
                        counts.add(new ChannelCount(e.getKey(), e.getValue()));
                    }
                    return new Gathered<>(counts, g.missing());
                });
    }

    @Override
    public CompletionStage<Gathered<Long>> subscribers(String channel) {
        return sum(InspectWire.subscribers(channel), "count subscribers of " + channel,
                () -> local.subscribersHere(channel), "n");
    }

    private CompletionStage<Gathered<Long>> sum(byte[] body, String what, Supplier<Long> here, String field) {
        return gather(body, what, here, a -> InspectWire.read(a).path(field).asLong())
                .thenApply(g -> new Gathered<>(g.value().stream().mapToLong(Long::longValue).sum(), g.missing()));
    }

    private static <T> T parse(NodeWire.Reply reply, int node, MeshGather.Parser<T> parser) {
        if (reply.code() != 0) {
            throw new IllegalStateException("node " + node + " refused: " + reply.message());
        }
        try {
            return parser.parse(reply.message());
        } catch (IOException e) {
            throw new IllegalStateException("node " + node + " answered something unreadable: " + e.getMessage(), e);
        }
    }
}
