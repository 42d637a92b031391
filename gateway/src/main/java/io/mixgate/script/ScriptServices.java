package io.mixgate.script;

import io.mixgate.http.ScriptHttpClient;
import io.mixgate.core.MeshOperations;
import io.mixgate.market.CandleStore;
import io.mixgate.pubsub.ChannelHistory;
import io.mixgate.pubsub.MemoryHistory;
import io.mixgate.pubsub.SubscriptionIndex;
import java.time.Duration;
import java.util.Map;

/**
 * What the Lua bindings may reach in the node. Immutable; every part is thread-safe.
 *
 * @param subscriptions  the node's subscription index, for {@code conn:subscribe}
 * @param mesh           publish and send, for {@code mix.mesh.*}
 * @param http           the client behind {@code mix.http.request}
 * @param httpTimeout    the default timeout of {@code mix.http.request}
 * @param serverOptions  the server's {@code options}, for {@code mix.server.option}
 * @param maxSubscriptions most channels one connection of this server may subscribe to
 * @param redis          the named pools behind {@code mix.redis.connection}
 * @param queues         where {@code mix.queue.push} puts items
 * @param history        channel history, for {@code conn:subscribe}'s options, {@code mix.history}, {@code mix.current}
 * @param maxEnvelopeBytes longest envelope template {@code conn:subscribe} accepts
 * @param timers         what {@code mix.timer.*} runs on and its bounds ({@link TimerLimits#NONE}: no timers)
 * @param candles        the candle history behind {@code mix.candles}; null = none ({@code mix.candles.*} answers nil, err)
 */
public record ScriptServices(SubscriptionIndex subscriptions, MeshOperations mesh, ScriptHttpClient http,
                             Duration httpTimeout, Map<String, String> serverOptions, int maxSubscriptions,
                             ScriptRedis redis, ScriptQueues queues, ChannelHistory history, int maxEnvelopeBytes,
                             TimerLimits timers, CandleStore candles) {
    public ScriptServices {
        serverOptions = Map.copyOf(serverOptions);
        timers = timers == null ? TimerLimits.NONE : timers;
    }

    /** Services without candle history. */
    public ScriptServices(SubscriptionIndex subscriptions, MeshOperations mesh, ScriptHttpClient http,
                          Duration httpTimeout, Map<String, String> serverOptions, int maxSubscriptions,
                          ScriptRedis redis, ScriptQueues queues, ChannelHistory history, int maxEnvelopeBytes,
                          TimerLimits timers) {
        this(subscriptions, mesh, http, httpTimeout, serverOptions, maxSubscriptions, redis, queues, history,
                maxEnvelopeBytes, timers, null);
    }

    /** These services with {@code candles} behind {@code mix.candles}. */
    public ScriptServices withCandles(CandleStore candles) {
        return new ScriptServices(subscriptions, mesh, http, httpTimeout, serverOptions, maxSubscriptions, redis, queues,
                history, maxEnvelopeBytes, timers, candles);
    }

    /** Services without timers ({@code mix.timer.*} answers nil, err). */
    public ScriptServices(SubscriptionIndex subscriptions, MeshOperations mesh, ScriptHttpClient http,
                          Duration httpTimeout, Map<String, String> serverOptions, int maxSubscriptions,
                          ScriptRedis redis, ScriptQueues queues, ChannelHistory history, int maxEnvelopeBytes) {
        this(subscriptions, mesh, http, httpTimeout, serverOptions, maxSubscriptions, redis, queues, history,
                maxEnvelopeBytes, TimerLimits.NONE);
    }

    /** These services with {@code timers}. */
    public ScriptServices withTimers(TimerLimits timers) {
        return new ScriptServices(subscriptions, mesh, http, httpTimeout, serverOptions, maxSubscriptions, redis, queues,
                history, maxEnvelopeBytes, timers, candles);
    }

    /** These services with another {@code options} map (a service's options for {@code mix.server.option}). */
    public ScriptServices withOptions(Map<String, String> options) {
        return new ScriptServices(subscriptions, mesh, http, httpTimeout, options, maxSubscriptions, redis, queues,
                history, maxEnvelopeBytes, timers, candles);
    }

    /** Services without queues: {@code mix.queue.push} returns nil, err. */
    public ScriptServices(SubscriptionIndex subscriptions, MeshOperations mesh, ScriptHttpClient http,
                          Duration httpTimeout, Map<String, String> serverOptions, int maxSubscriptions,
                          ScriptRedis redis) {
        this(subscriptions, mesh, http, httpTimeout, serverOptions, maxSubscriptions, redis, ScriptQueues.NONE);
    }

    /** Services without channel history: every channel takes the plain path. */
    public ScriptServices(SubscriptionIndex subscriptions, MeshOperations mesh, ScriptHttpClient http,
                          Duration httpTimeout, Map<String, String> serverOptions, int maxSubscriptions,
                          ScriptRedis redis, ScriptQueues queues) {
        this(subscriptions, mesh, http, httpTimeout, serverOptions, maxSubscriptions, redis, queues,
                MemoryHistory.disabled(subscriptions), 1024);
    }
}
