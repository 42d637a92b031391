package io.mixgate;

import io.mixgate.config.GatewayConfig;
import io.mixgate.config.UpstreamConfig;
import io.mixgate.core.MeshOperations;
import io.mixgate.script.ScriptException;
import io.mixgate.script.ScriptServices;
import io.mixgate.script.ScriptStallWatch;
import io.mixgate.script.ScriptVersions;
import io.mixgate.script.ScriptWatcher;
import io.mixgate.script.UpstreamScript;
import io.mixgate.upstream.UpstreamConnector;
import io.mixgate.upstream.UpstreamDemand;
import io.mixgate.upstream.UpstreamFeed;
import io.mixgate.cluster.Ownership;
import io.mixgate.upstream.Upstreams;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Starts the {@code upstreams[]} feeds: each one's script (and the watcher that reloads it) and its
 * feed, on the node's demand and ownership. What it starts goes onto {@code closeOrder}; each
 * script's versions go onto {@code reloadable} (SIGHUP and {@code POST /v1/scripts/reload}). Only
 * {@link Gateway} uses it, at start, from one thread.
 */
record UpstreamStarter(GatewayConfig config, ScriptServices baseServices, MeshOperations mesh, ScriptStallWatch stalls,
                       UpstreamConnector connector, UpstreamDemand demand, Ownership ownership, Clock clock,
                       Deque<AutoCloseable> closeOrder, List<ScriptVersions> reloadable) {

    /** Starts every upstream; a bad entry script stops the start naming {@code upstreams[i].entry}. */
    Upstreams start() throws StartException {
        Upstreams upstreams = new Upstreams();
        List<UpstreamConfig> all = config.upstreams();
        if (all.isEmpty()) {
            return upstreams;
        }
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("upstream-timers").daemon().factory());
        closeOrder.push(timers::shutdownNow);
        for (int i = 0; i < all.size(); i++) {
            UpstreamConfig up = all.get(i);
            ScriptServices services = new ScriptServices(baseServices.subscriptions(), mesh, baseServices.http(),
                    baseServices.httpTimeout(), up.options(), 1, baseServices.redis(), baseServices.queues());
            UpstreamScript script;
            try {
                script = UpstreamScript.start(up.name(), Path.of(up.entry()), up.entry(), config.script(), services,
                        stalls);
            } catch (ScriptException e) {
                throw new StartException("upstreams[" + i + "].entry: " + e.getMessage(), e);
            }
            reloadable.add(script.versions());
            if (!up.byteCodeExpires().isZero()) {
                closeOrder.push(ScriptWatcher.start(script.versions(), up.byteCodeExpires()));
            }
            UpstreamFeed feed = new UpstreamFeed(up, script, connector, demand, ownership, mesh, timers, clock,
                    System::nanoTime);
            closeOrder.push(feed);
            feed.start();
            upstreams.add(feed);
        }
        return upstreams;
    }
}
