package io.mixgate.core;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What every node of the mesh is doing, for {@code GET /v1/stats}, {@code GET /v1/scripts/errors}
 * and the admin page. The node implements it; the API never sees sessions, scripts or Redis.
 *
 * <p>Like {@link Connections}: each call asks every live node and waits a bounded time; nodes that
 * did not answer are listed in {@link Gathered#missing()}. An exceptional completion means the
 * node directory could not be read. Reading changes nothing.
 *
 * <p>Thread safety: implementations are safe to call from any thread and never block.
 */
public interface NodeOverview {

    /** Every node's figures, in node id order. */
    CompletionStage<Gathered<List<NodeStats>>> stats();

    /** Every node's recent script errors, newest first. */
    CompletionStage<Gathered<List<ScriptError>>> scriptErrors();
}
