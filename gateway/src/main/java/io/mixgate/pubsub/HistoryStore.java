package io.mixgate.pubsub;

import io.mixgate.core.StreamPosition;
import java.util.concurrent.CompletionStage;

/**
 * Where a mesh keeps channel history: read by {@link MeshHistory} for recovering subscribes,
 * catch-ups and {@code mix.history}. The Redis implementation is
 * {@link io.mixgate.broker.RedisHistoryStore}; the publish that stores a publication belongs to
 * the broker, which stores and publishes in one step.
 *
 * <p>Thread safety: implementations are thread-safe and never block.
 */
public interface HistoryStore {

    /**
     * The publications after {@code since} (up to {@code limit}), or the latest {@code limit} when
     * {@code since} is null ({@code limit} 0: only the channel's top). A channel that has no epoch
     * yet gets one here, so the top always names the epoch later publications will carry.
     *
     * @return completes exceptionally when the store could not answer (down, timed out)
     */
    CompletionStage<HistoryPage> read(String channel, HistoryRules.Rule rule, StreamPosition since, int limit);
}
