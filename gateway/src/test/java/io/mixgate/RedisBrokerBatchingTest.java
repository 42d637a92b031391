package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.broker.RedisBroker;
import io.mixgate.broker.StandaloneLink;
import io.mixgate.config.ConfigLoader;
import io.mixgate.config.RedisConfig;
import io.mixgate.redis.RedisEndpoints;
import io.mixgate.redis.RedisResources;
import io.mixgate.transport.RedisFlushConsolidation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Thousands of channels changing at once (a node start, a reconnect storm) cost a few Redis
 * commands, and a burst of publishes (a publish batch, many API clients at once) leaves in a few
 * writes instead of one per message.
 */
class RedisBrokerBatchingTest {
    private static final Pattern CALLS = Pattern.compile("cmdstat_(un)?subscribe:calls=(\\d+)");
    private static final Pattern READS = Pattern.compile("total_reads_processed:(\\d+)");
    private static final int BURST = 2000;

    @Test
    void aStormOfFirstAndLastSubscribersBecomesAFewBatchedCommands() throws Exception {
        Set<String> local = ConcurrentHashMap.newKeySet();
        try (RedisServer redis = RedisServer.launch()) {
            RedisConfig config = ConfigLoader.parse("redis:\n  uri: " + redis.uri() + "\n", "test", List.of()).redis();
            RedisResources resources = new RedisResources(config, new RedisFlushConsolidation());
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            RedisBroker broker = new RedisBroker(StandaloneLink.connect(RedisEndpoints.single(config), resources), config,
                    1, (c, d, t) -> PublishResult.NONE, (p, r) -> { }, local::contains, () -> List.copyOf(local), timer);
            try {
                for (int i = 0; i < 5000; i++) {
                    local.add("ch" + i);
                    broker.firstSubscriber("ch" + i);
                }
                Await.until("5000 channels subscribed", Duration.ofSeconds(30),
                        () -> redis.subscribers("mixgate:c:ch4999", false) + redis.subscribers("mixgate:c:ch0", false),
                        n -> n == 2);
                for (int i = 0; i < 5000; i++) {
                    local.remove("ch" + i);
                    broker.lastSubscriberGone("ch" + i);
                }
                Await.until("all unsubscribed", Duration.ofSeconds(30),
                        () -> redis.subscribers("mixgate:c:ch4999", false) + redis.subscribers("mixgate:c:ch0", false),
                        n -> n == 0);
                long calls = 0;
                Matcher m = CALLS.matcher(redis.bulk("INFO commandstats"));
                while (m.find()) {
                    calls += Long.parseLong(m.group(2));
                }
                // one batch per 1000 channels at best; allow for the storm arriving in several flushes
                assertTrue(calls <= 100, "10000 subscription changes took " + calls + " SUBSCRIBE/UNSUBSCRIBE commands");
            } finally {
                broker.close();
                timer.shutdownNow();
                resources.close();
            }
        }
    }

    @Test
    void aBurstOfPublishesReachesRedisInFewWrites() throws Exception {
        try (RedisServer redis = RedisServer.launch()) {
            RedisConfig config = ConfigLoader.parse("redis:\n  uri: " + redis.uri() + "\n", "test", List.of()).redis();
            RedisResources resources = new RedisResources(config, new RedisFlushConsolidation());
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            RedisBroker broker = new RedisBroker(StandaloneLink.connect(RedisEndpoints.single(config), resources), config,
                    1, (c, d, t) -> PublishResult.NONE, (p, r) -> { }, c -> false, List::of, timer);
            try {
                // warm the connection up, then count only the burst's reads
                broker.publish("warm", new byte[] {1}, MessageType.TEXT).toCompletableFuture().get(10, TimeUnit.SECONDS);
                long before = readsProcessed(redis);
                List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
                for (int i = 0; i < BURST; i++) {
                    sent.add(broker.publish("burst", ("m" + i).getBytes(StandardCharsets.UTF_8), MessageType.TEXT)
                            .toCompletableFuture());
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                long reads = readsProcessed(redis) - before;
                // one write per publish would make Redis read about BURST times; INFO itself is one read
                assertTrue(reads <= BURST / 10, BURST + " publishes took " + reads + " reads in Redis");
            } finally {
                broker.close();
                timer.shutdownNow();
                resources.close();
            }
        }
    }

    private static long readsProcessed(RedisServer redis) {
        Matcher m = READS.matcher(redis.bulk("INFO stats"));
        assertTrue(m.find(), "INFO stats has total_reads_processed");
        return Long.parseLong(m.group(1));
    }
}
