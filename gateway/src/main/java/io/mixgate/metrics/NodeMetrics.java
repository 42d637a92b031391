package io.mixgate.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mixgate.core.MetricsScrape;
import io.mixgate.queue.TopicLoad;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One node's meters, in one Prometheus registry: CONNMIX's {@code connmix_engine_servers_*} names
 * and labels, mixgate's own {@code mixgate_*}, and the JVM's (memory, GC, threads, CPU). The
 * node's parts count with plain {@code LongAdder}s of their own; this class only registers
 * function counters and gauges that read them when scraped, so no meter is touched on the
 * delivery or callback path.
 *
 * <p>Thread safety: registration happens while the node starts, from one thread; {@link #scrape()}
 * from any thread. Owns the registry and the GC listener: {@link #close()} releases both.
 */
public final class NodeMetrics implements MetricsScrape, AutoCloseable {
    /** CONNMIX's only protocol label value: every client speaks WebSocket. */
    static final String PROTOCOL = "websocket";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /**
     * Micrometer holds a gauge's or function counter's state weakly; the suppliers given here are
     * method references nothing else keeps, so they are kept here for the registry's life.
     */
    private final List<Object> suppliers = new CopyOnWriteArrayList<>();
    /** Reads that run when scraped (queue depths), not between scrapes. */
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

    public NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** {@code connmix_engine_servers_clients}: open client connections of the node. */
    public void clients(LongSupplier open) {
        Gauge.builder("connmix.engine.servers.clients", held(open), LongSupplier::getAsLong)
                .tags("protocol", PROTOCOL).description("open client connections").register(registry);
    }

    /** {@code mixgate_connections{server}}: open connections of {@code servers[index]}. */
    public void serverConnections(int index, LongSupplier open) {
        Gauge.builder("mixgate.connections", held(open), LongSupplier::getAsLong)
                .tags("server", Integer.toString(index)).description("open client connections by server")
                .register(registry);
    }

    /**
     * Fan-out on this node ({@code scenario="local"} of CONNMIX's send counters, and
     * {@code mixgate_deliveries_total}, {@code mixgate_delivery_failures_total}).
     */
    public void delivery(LongSupplier messages, LongSupplier delivered, LongSupplier failed) {
        Tags local = Tags.of("protocol", PROTOCOL, "scenario", "local");
        counter("connmix.engine.servers.send.messages", local, delivered, "messages written to client connections");
        counter("connmix.engine.servers.send.errors", local, failed, "messages a client connection could not take");
        counter("mixgate.published.messages", Tags.empty(), messages, "published messages with a subscriber on this node");
        counter("mixgate.deliveries", Tags.empty(), delivered, "subscriber connections messages were handed to");
        counter("mixgate.delivery.failures", Tags.empty(), failed,
                "subscriber connections that could not take a message (closing, or outbound buffer full)");
    }

    /**
     * Channel history in a mesh: {@code mixgate_history_reads_total}, recovering subscribes by
     * outcome ({@code mixgate_history_recoveries_total{recovered}}) and catch-ups that filled a gap
     * or found it gone ({@code mixgate_history_gaps_total{outcome="filled"|"unrecoverable"}}).
     */
    public void history(LongSupplier reads, LongSupplier recovered, LongSupplier notRecovered, LongSupplier filled,
                        LongSupplier unrecoverable) {
        counter("mixgate.history.reads", Tags.empty(), reads, "reads of channel history from Redis");
        counter("mixgate.history.recoveries", Tags.of("recovered", "true"), recovered,
                "subscribes with since that got every missed publication");
        counter("mixgate.history.recoveries", Tags.of("recovered", "false"), notRecovered,
                "subscribes with since answered recovered=false");
        counter("mixgate.history.gaps", Tags.of("outcome", "filled"), filled,
                "publications a node missed on the wire and read from Redis");
        counter("mixgate.history.gaps", Tags.of("outcome", "unrecoverable"), unrecoverable,
                "gaps Redis no longer held: subscribers got a gap notice");
    }

    /** One server's script: callbacks, errors, budget aborts, and (CONNMIX's) messages read from clients. */
    public void script(int index, LongSupplier callbacks, LongSupplier errors, LongSupplier aborts, LongSupplier read) {
        Tags server = Tags.of("server", Integer.toString(index));
        counter("connmix.engine.servers.read.messages", Tags.of("protocol", PROTOCOL, "server", Integer.toString(index)),
                read, "messages read from clients");
        counter("mixgate.script.callbacks", server, callbacks, "script callbacks run");
        counter("mixgate.script.errors", server, errors, "script callbacks that ended in an uncaught error");
        counter("mixgate.script.budget.aborts", server, aborts, "script callbacks aborted by a time or size budget");
    }

    /** {@code mixgate_script_lane_backlog}: callbacks queued or running on every connection's lane. */
    public void laneBacklog(LongSupplier queued) {
        Gauge.builder("mixgate.script.lane.backlog", held(queued), LongSupplier::getAsLong)
                .description("script callbacks queued or running, all connections").register(registry);
    }

    /** The Redis link: {@code mixgate_redis_link_up} (1 or 0) and {@code mixgate_redis_reconnects_total}. */
    public void redisLink(BooleanSupplier up, LongSupplier reconnects) {
        Gauge.builder("mixgate.redis.link.up", held(up), u -> u.getAsBoolean() ? 1 : 0)
                .description("1 while the link to Redis works").register(registry);
        counter("mixgate.redis.reconnects", Tags.empty(), reconnects, "times the link to Redis came back");
    }

    /** A timer for API publish/send handling time, CONNMIX's {@code connmix_engine_servers_send_duration_seconds}. */
    Timer sendDuration(String scenario, String method) {
        return Timer.builder("connmix.engine.servers.send.duration")
                .tags("protocol", PROTOCOL, "scenario", scenario, "method", method)
                .description("API publish and send handling time, until the node answered")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /** {@code mix.http.request} latency by outcome. */
    Timer scriptHttp(String outcome) {
        return Timer.builder("mixgate.script.http.request").tags("outcome", outcome)
                .description("mix.http.request time until the response or the failure")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /** {@code mixgate_slow_consumer_closes_total{server}}: connections closed because they did not read. */
    public void slowConsumerCloses(int index, LongSupplier closes) {
        counter("mixgate.slow.consumer.closes", Tags.of("server", Integer.toString(index)), closes,
                "connections closed because their outbound buffer stayed full past writeTimeout");
    }

    /** {@code mixgate_compressed_messages_total{server}}: permessage-deflate compressions, once per message and window. */
    public void compressedMessages(int index, LongSupplier compressions) {
        counter("mixgate.compressed.messages", Tags.of("server", Integer.toString(index)), compressions,
                "messages compressed with permessage-deflate, once per message and window whatever the subscribers");
    }

    /**
     * {@code mixgate_queue_depth{topic}} and {@code mixgate_queue_consumers{topic}}, read at scrape
     * time (see {@link QueueMetrics}): a scrape waits for the read at most 200 ms.
     */
    public void queues(Supplier<CompletionStage<Map<String, TopicLoad>>> loads) {
        beforeScrape.add(new QueueMetrics(registry, loads, Duration.ofMillis(200))::refresh);
    }

    /** {@code mixgate_script_encoded_messages_total{server}}: a socket server's protocol_encode calls, once per message. */
    public void scriptEncodedMessages(int index, LongSupplier encodes) {
        counter("mixgate.script.encoded.messages", Tags.of("server", Integer.toString(index)), encodes,
                "messages a socket server's protocol_encode encoded, once per message whatever the subscribers");
    }

    /**
     * One upstream feed: {@code mixgate_upstream_messages_total{upstream}} (provider messages in),
     * {@code mixgate_upstream_reconnects_total{upstream}} and {@code mixgate_upstream_stale_channels{upstream}}
     * (channels without data for longer than its {@code staleAfter}).
     */
    public void upstream(String name, LongSupplier messagesIn, LongSupplier reconnects, LongSupplier staleChannels) {
        Tags upstream = Tags.of("upstream", name);
        counter("mixgate.upstream.messages", upstream, messagesIn, "messages received from the upstream provider");
        counter("mixgate.upstream.reconnects", upstream, reconnects, "upstream connections reopened after a loss");
        Gauge.builder("mixgate.upstream.stale.channels", held(staleChannels), LongSupplier::getAsLong).tags(upstream)
                .description("channels of the upstream whose last data is older than staleAfter").register(registry);
    }

    /** A service's channel ingest and restarts. */
    public void service(String name, LongSupplier received, LongSupplier droppedFull, LongSupplier droppedUnsubscribed,
                        LongSupplier abortRestarts) {
        Tags service = Tags.of("service", name);
        counter("mixgate.service.messages", service, received, "channel messages handed to the service");
        counter("mixgate.service.messages.dropped", service.and("reason", "full"), droppedFull,
                "channel messages dropped: the service's queue was full (services[].maxQueuedMessages)");
        counter("mixgate.service.messages.dropped", service.and("reason", "unsubscribed"), droppedUnsubscribed,
                "channel messages that found the service no longer subscribed to their channel");
        counter("mixgate.service.restarts", service, abortRestarts,
                "restarts on a fresh VM after a callback ran past its budget (the service's state was lost)");
    }

    private void counter(String name, Tags tags, LongSupplier value, String description) {
        FunctionCounter.builder(name, held(value), LongSupplier::getAsLong).tags(tags).description(description)
                .register(registry);
    }

    private <T> T held(T supplier) {
        suppliers.add(supplier);
        return supplier;
    }

    @Override
    public String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    @Override
    public String scrape() {
        beforeScrape.forEach(Runnable::run);
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
