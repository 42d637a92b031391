package io.mixgate.node;

import io.mixgate.broker.NodeChannel;
import io.mixgate.core.Gathered;
import io.mixgate.core.NodeDirectory;
import io.mixgate.core.NodeInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Asks every live node of the mesh one inspection request and collects the answers: this node
 * answers itself, the others over their node channels ({@link NodeRequests#inspect}) within the
 * request timeout, or are reported missing. A node whose channel has no listener is gone and counts
 * as answered with nothing. {@link MeshConnections} and {@link MeshOverview} gather with it.
 *
 * <p>Thread-safe; never blocks.
 */
final class MeshGather {
    /** What one node said, parsed. */
    interface Parser<T> {
        T parse(String answer) throws IOException;
    }

    private final int selfId;
    private final NodeRequests remote;
    private final NodeChannel via;
    private final NodeDirectory directory;

    MeshGather(int selfId, NodeRequests remote, NodeChannel via, NodeDirectory directory) {
        this.selfId = selfId;
        this.remote = remote;
        this.via = via;
        this.directory = directory;
    }

    /** The answers of the nodes that answered (in node id order, gone nodes skipped), and the ids of the others. */
    <T> CompletionStage<Gathered<List<T>>> gather(byte[] body, String what, Supplier<T> here, Parser<T> parser) {
        return directory.nodes().thenCompose(nodes -> {
            TreeSet<Integer> ids = new TreeSet<>();
            ids.add(selfId);
            for (NodeInfo node : nodes) {
                try {
                    ids.add(Integer.parseInt(node.id()));
                } catch (NumberFormatException e) {
                    // not a mixgate node id: nothing to ask
                }
            }
            List<CompletableFuture<Answer<T>>> all = new ArrayList<>();
            for (int id : ids) {
                if (id == selfId) {
                    all.add(CompletableFuture.completedFuture(new Answer<>(id, here.get(), true)));
                    continue;
                }
                all.add(remote.inspect(via, id, 0, body, what + " on node " + id).toCompletableFuture()
                        .handle((reply, failure) -> {
                            if (failure == null && reply.code() == NodeRequests.NOT_RECEIVED) {
                                return new Answer<T>(id, null, true); // the node is gone
                            }
                            if (failure == null && reply.code() == 0) {
                                try {
                                    return new Answer<>(id, parser.parse(reply.message()), true);
                                } catch (IOException | RuntimeException e) {
                                    return new Answer<T>(id, null, false);
                                }
                            }
                            return new Answer<T>(id, null, false);
                        }));
            }
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
                List<T> answers = new ArrayList<>();
                List<String> missing = new ArrayList<>();
                all.stream().map(CompletableFuture::join).sorted(Comparator.comparingInt(Answer::node)).forEach(a -> {
                    if (a.value() != null) {
                        answers.add(a.value());
                    } else if (!a.answered()) {
                        missing.add(Integer.toString(a.node()));
                    }
                });
                return new Gathered<>(answers, missing);
            });
        });
    }

    private record Answer<T>(int node, T value, boolean answered) {
    }
}
