package io.mixgate.service;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.mixgate.core.RateLimitedLog;
import io.mixgate.script.ServiceScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one Redis Stream for a service ({@code svc:consume_stream}) with a consumer group,
 * at-least-once: each batch goes to {@code on_stream} on the service's lane, and its entries are
 * acknowledged ({@code XACK}) only after the callback returned without error. A batch that failed
 * stays pending and is read again (this consumer's pending entries, {@code XREADGROUP ... 0}),
 * after a pause that doubles from 100 ms to 10 s while it keeps failing; so are the entries left
 * pending by this consumer name before a restart. The group is created (with the stream,
 * {@code MKSTREAM}) at the stream's start when missing.
 *
 * <p>Runs on a virtual thread of its own with a Redis connection of its own ({@code BLOCK} holds
 * the connection). Thread-safe: {@link #close()} from any thread.
 */
final class StreamConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamConsumer.class);
    private static final RateLimitedLog failures = new RateLimitedLog(log::warn);
    private static final Duration BLOCK = Duration.ofMillis(500);

    private final String service;
    private final String key;
    private final String group;
    private final String consumer;
    private final int batch;
    private final StatefulRedisConnection<String, String> connection;
    /** Runs on_stream on the service's lane and waits: true when it returned without error. */
    private final Function<List<ServiceScript.StreamEntry>, Boolean> handler;
    private volatile boolean closed;
    private final Thread thread;

    StreamConsumer(String service, RedisClient client, String key, String group, String consumer, int batch,
                   Function<List<ServiceScript.StreamEntry>, Boolean> handler) {
        this.service = service;
        this.key = key;
        this.group = group;
        this.consumer = consumer;
        this.batch = batch;
        this.handler = handler;
        this.connection = client.connect(StringCodec.UTF8);
        this.thread = Thread.ofVirtual().name("stream-" + service + "-" + key).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        RedisCommands<String, String> redis = connection.sync();
        boolean pending = true; // first read what this consumer left unacknowledged
        long pause = 0;
        while (!closed) {
            try {
                if (pause > 0) {
                    Thread.sleep(pause); // back-off after a failed batch or Redis error: production pacing, not a test wait
                }
                ensureGroup(redis);
                List<StreamMessage<String, String>> read = redis.xreadgroup(Consumer.from(group, consumer),
                        pending ? XReadArgs.Builder.count(batch) : XReadArgs.Builder.count(batch).block(BLOCK),
                        XReadArgs.StreamOffset.from(key, pending ? "0" : ">"));
                if (read.isEmpty()) {
                    pending = false;
                    continue;
                }
                List<ServiceScript.StreamEntry> entries = new ArrayList<>(read.size());
                for (StreamMessage<String, String> m : read) {
                    entries.add(new ServiceScript.StreamEntry(m.getId(), m.getBody() == null ? java.util.Map.of() : m.getBody()));
                }
                if (closed) {
                    return;
                }
                if (Boolean.TRUE.equals(handler.apply(entries))) {
                    redis.xack(key, group, read.stream().map(StreamMessage::getId).toArray(String[]::new));
                    pause = 0;
                } else {
                    pending = true; // read them again
                    pause = pause == 0 ? 100 : Math.min(10_000, pause * 2);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                failures.log("service {}: reading stream {} failed: {}", service, key, e.toString());
                pending = true;
                pause = pause == 0 ? 100 : Math.min(10_000, pause * 2);
            }
        }
    }

    private boolean groupReady;

    private void ensureGroup(RedisCommands<String, String> redis) {
        if (groupReady) {
            return;
        }
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), group, XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException e) {
            // BUSYGROUP: it exists
        } catch (io.lettuce.core.RedisCommandExecutionException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                throw e;
            }
        }
        groupReady = true;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        connection.close();
    }
}
