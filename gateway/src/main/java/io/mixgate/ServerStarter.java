package io.mixgate;

import io.mixgate.config.GatewayConfig;
import io.mixgate.config.ServerConfig;
import io.mixgate.core.MeshOperations;
import io.mixgate.http.ScriptHttpClient;
import io.mixgate.node.ConnectionLifecycle;
import io.mixgate.pubsub.ChannelHistory;
import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.redis.CommandPools;
import io.mixgate.script.ScriptEncoder;
import io.mixgate.script.ScriptErrorLog;
import io.mixgate.script.ScriptException;
import io.mixgate.script.ScriptHost;
import io.mixgate.script.ScriptQueues;
import io.mixgate.script.ScriptServices;
import io.mixgate.script.TimerLimits;
import io.mixgate.script.ScriptStallWatch;
import io.mixgate.script.ScriptWatcher;
import io.mixgate.script.SocketScript;
import io.mixgate.session.ClientIdGenerator;
import io.mixgate.session.ConnectionScript;
import io.mixgate.session.SessionRegistry;
import io.mixgate.transport.ClientServer;
import io.mixgate.transport.EventLoops;
import io.mixgate.transport.ServerTls;
import io.mixgate.transport.TcpServer;
import io.mixgate.transport.WebSocketServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Deque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one {@code servers[]} entry with everything it needs: its script (and the watcher that
 * reloads it), the lifecycle that joins its connections to the script, its TLS, and its listener
 * (WebSocket, or raw TCP framed by the script). What it starts goes onto {@code closeOrder}.
 * Only {@link Gateway} uses it, at start, from one thread.
 *
 * @param closeOrder what the node closes on stop, last started first
 */
record ServerStarter(GatewayConfig config, SubscriptionIndex subscriptions, MeshOperations mesh, ScriptHttpClient http,
                     CommandPools redisPools, ScriptQueues queues, ChannelHistory history, ScriptStallWatch stalls,
                     ScriptErrorLog errors,
                     SessionRegistry registry, ClientIdGenerator ids, Executor laneExecutor, Clock clock, EventLoops loops,
                     TimerLimits timers, Deque<AutoCloseable> closeOrder) {
    private static final Logger log = LoggerFactory.getLogger(ServerStarter.class);

    /** A started server and the script it runs. */
    record Started(ClientServer server, ScriptHost script) {
    }

    /** Starts {@code servers[index]}; a bad entry script or a taken port stops the start naming the key. */
    Started start(int index) throws Exception {
        ServerConfig server = config.servers().get(index);
        ScriptServices services = new ScriptServices(subscriptions, mesh, http, config.script().httpTimeout(),
                server.options(), server.maxSubscriptions(), redisPools, queues, history,
                config.history().maxEnvelopeBytes(), timers);
        ScriptHost script;
        try {
            script = ScriptHost.start(Path.of(server.entry()), server.entry(), config.script(), services, stalls,
                    errors.forServer(index));
        } catch (ScriptException e) {
            throw new StartException("servers[" + index + "].entry: " + e.getMessage(), e);
        }
        if (!server.byteCodeExpires().isZero()) {
            closeOrder.push(ScriptWatcher.start(script.versions(), server.byteCodeExpires()));
        }
        // a socket server's script frames its bytes itself (protocol_input/decode/encode)
        ConnectionScript connections = server.scriptFramed() ? new SocketScript(script, server.maxFrameSize()) : script;
        ConnectionLifecycle lifecycle = new ConnectionLifecycle(connections, registry, subscriptions, ids, laneExecutor,
                server.maxQueuedMessages(), server.maxSubscriptions(), clock, index);
        ServerTls tls = TlsSetup.forServer(server.tls(), index, closeOrder);
        ClientServer listener = server.scriptFramed()
                ? new TcpServer(server, loops, lifecycle, new ScriptEncoder(script), System::nanoTime, tls)
                : new WebSocketServer(server, loops, lifecycle, System::nanoTime, tls);
        try {
            listener.start();
        } catch (Exception e) {
            throw StartException.portInUse(e, "servers[" + index + "].port", server.bind(), server.port());
        }
        closeOrder.push(listener);
        log.info("{} server listening on {}:{}{} running {} ({}, {} transport{})", server.protocol(),
                server.bind(), listener.port(), server.scriptFramed() ? "" : server.path(), server.entry(),
                server.scriptFramed() ? (tls == null ? "tcp" : "tls") : (tls == null ? "ws" : "wss"),
                loops.transportName(), tls == null ? "" : ", TLS by " + tls.providerName());
        return new Started(listener, script);
    }
}
