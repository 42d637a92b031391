package io.mixgate;

import io.mixgate.broker.Broker;
import io.mixgate.broker.BrokerListener;
import io.mixgate.broker.RedisBroker;
import io.mixgate.broker.StandaloneLink;
import io.mixgate.config.ConfigLoader;
import io.mixgate.config.RedisConfig;
import io.mixgate.redis.RedisEndpoints;
import io.mixgate.redis.RedisResources;
import io.mixgate.transport.RedisFlushConsolidation;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The broker contract on a real Redis that this test starts. */
class RedisBrokerContractTest extends BrokerContract {
    private static RedisServer redis;
    private RedisResources resources;
    private ScheduledExecutorService timer;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.launch();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Override
    Broker create(BrokerListener listener) throws Exception {
        RedisConfig config = ConfigLoader.parse("redis:\n  uri: " + redis.uri() + "\n", "test", List.of()).redis();
        resources = new RedisResources(config, new RedisFlushConsolidation());
        timer = Executors.newSingleThreadScheduledExecutor();
        StandaloneLink link = StandaloneLink.connect(RedisEndpoints.single(config), resources);
        return new RedisBroker(link, config, 1, listener, (payload, replies) -> { }, subscribed::contains,
                () -> List.copyOf(subscribed), timer);
    }

    @Override
    void awaitSubscription(String channel, boolean present) throws Exception {
        Await.until("node subscription of " + channel + (present ? "" : " gone"), WAIT,
                () -> redis.subscribers("mixgate:c:" + channel, false), n -> n == (present ? 1 : 0));
    }

    /**
     * Replaces the contract's own {@code @AfterEach}: JUnit runs a subclass's {@code @AfterEach}
     * before its superclass's, which closed Lettuce's event loops before the broker's connections,
     * and closing a connection whose loop is gone can wait forever (it hung the suite once).
     */
    @AfterEach
    @Override
    void closeBroker() {
        super.closeBroker();
        timer.shutdownNow();
        resources.close();
    }
}
