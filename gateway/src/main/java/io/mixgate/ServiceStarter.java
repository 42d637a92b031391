package io.mixgate;

import io.lettuce.core.RedisClient;
import io.mixgate.config.GatewayConfig;
import io.mixgate.config.ServiceConfig;
import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.script.ScriptErrorLog;
import io.mixgate.script.ScriptException;
import io.mixgate.script.ScriptServices;
import io.mixgate.script.ScriptStallWatch;
import io.mixgate.script.ScriptVersions;
import io.mixgate.script.ScriptWatcher;
import io.mixgate.script.ServiceScript;
import io.mixgate.service.ChannelDemand;
import io.mixgate.service.ServiceNode;
import io.mixgate.cluster.Ownership;
import io.mixgate.session.ClientIdGenerator;
import java.nio.file.Path;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Starts the {@code services[]}: each one's script (and the watcher that reloads it) and its
 * {@link ServiceNode}. What it starts goes onto {@code closeOrder}; each script's versions go onto
 * {@code reloadable} (SIGHUP and {@code POST /v1/scripts/reload} restart the service on the new
 * version). Recent script errors of services are recorded with server index -1. Only
 * {@link Gateway} uses it, at start, from one thread.
 */
record ServiceStarter(GatewayConfig config, ScriptServices baseServices, ScriptStallWatch stalls,
                      ScriptErrorLog errors, SubscriptionIndex subscriptions, ClientIdGenerator ids, Executor threads,
                      Ownership ownership, ChannelDemand demand, Supplier<RedisClient> redis, int nodeId,
                      Deque<AutoCloseable> closeOrder, List<ScriptVersions> reloadable) {

    /** Starts every service; a bad entry script stops the start naming {@code services[i].entry}. */
    Map<String, ServiceNode> start() throws StartException {
        Map<String, ServiceNode> started = new LinkedHashMap<>();
        List<ServiceConfig> all = config.services();
        for (int i = 0; i < all.size(); i++) {
            ServiceConfig cfg = all.get(i);
            ServiceScript script;
            try {
                script = ServiceScript.start(cfg.name(), Path.of(cfg.entry()), cfg.entry(),
                        config.script().withCpuBudget(cfg.cpuBudget()),
                        baseServices.withOptions(cfg.options()), stalls, errors.forServer(-1));
            } catch (ScriptException e) {
                throw new StartException("services[" + i + "].entry: " + e.getMessage(), e);
            }
            reloadable.add(script.versions());
            if (!cfg.byteCodeExpires().isZero()) {
                closeOrder.push(ScriptWatcher.start(script.versions(), cfg.byteCodeExpires()));
            }
            ServiceNode node = new ServiceNode(cfg, script, threads, subscriptions, ids, ownership, demand, redis,
                    "node" + nodeId);
            closeOrder.push(node);
            node.start();
            started.put(cfg.name(), node);
        }
        return started;
    }
}
