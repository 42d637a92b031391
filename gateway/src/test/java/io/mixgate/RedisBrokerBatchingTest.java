package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.api.PublishResult;
import io.mixgate.broker.RedisBroker;
import io.mixgate.broker.StandaloneLink;
import io.mixgate.config.ConfigLoader;
import io.mixgate.config.RedisConfig;
import io.mixgate.redis.RedisEndpoints;
import io.mixgate.redis.RedisResources;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Thousands of channels changing at once (a node start, a reconnect storm) cost a few Redis commands. */
class RedisBrokerBatchingTest {
    private static final Pattern CALLS = Pattern.compile("cmdstat_(un)?subscribe:calls=(\\d+)");

    @Test
    void aStormOfFirstAndLastSubscribersBecomesAFewBatchedCommands() throws Exception {
        Set<String> local = ConcurrentHashMap.newKeySet();
        try (RedisServer redis = RedisServer.launch()) {
            RedisConfig config = ConfigLoader.parse("redis:\n  uri: " + redis.uri() + "\n", "test", List.of()).redis();
            RedisResources resources = new RedisResources(config);
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
}
