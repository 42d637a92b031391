package io.mixgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One upstream feed ({@code upstreams[i]} in the YAML): a WebSocket connection (or several) that
 * the node holds to a data provider, driven by a Lua script, subscribed on demand. Every key but
 * {@code name} and {@code entry} may be left out; a missing key takes its default.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param name              how logs, metrics and {@code GET /v1/upstreams} name it; letters,
 *                          digits, {@code _ - .}, unique
 * @param entry             the provider script, e.g. {@code scripts/upstreams/binance.lua}
 * @param options           free-form options the script reads with {@code mix.server.option(name)}
 * @param maxSubscriptionsPerConnection upstream subscriptions on one connection; more open more
 *                          connections, {@code 1..100000}, default 200
 * @param reconnect         the backoff between attempts to reopen a lost connection
 * @param trafficTimeout    no message on a connection for this long: it is closed and reopened,
 *                          default 30s, {@code 0s} = never
 * @param heartbeatInterval how often {@code heartbeat(up)} runs on each open connection,
 *                          default 0s = never
 * @param rateLimit         messages per second sent to the provider over all of this upstream's
 *                          connections; more wait their turn, {@code 1..100000}, default 5
 * @param linger            how long an upstream subscription stays after the last downstream
 *                          subscriber left, default 30s ({@code 0s..1h})
 * @param staleAfter        a channel with no data for this long is reported stale, default 60s,
 *                          {@code 0s} = never
 * @param requestTimeout    the default timeout of {@code up:request}, default 10s ({@code 1ms..10m})
 * @param maxQueuedMessages provider messages waiting for the script; at this many the node stops
 *                          reading from that connection (TCP pushes back on the provider) until
 *                          half are handled, {@code 1..1000000}, default 10000
 * @param maxMessageSize    largest message taken from the provider in bytes, {@code 1 KiB..64 MiB},
 *                          default 4 MiB; a larger one closes (and reopens) the connection
 * @param byteCodeExpires   hot reload of the script as for {@code servers[]}, default 10s,
 *                          {@code 0s} = off
 * @param subscriptions     upstream subscription keys held whatever the demand (always-on feeds)
 */
public record UpstreamConfig(String name, String entry, Map<String, String> options,
        Integer maxSubscriptionsPerConnection, UpstreamBackoffConfig reconnect, Duration trafficTimeout,
        Duration heartbeatInterval, Integer rateLimit, Duration linger, Duration staleAfter, Duration requestTimeout,
        Integer maxQueuedMessages, Integer maxMessageSize, Duration byteCodeExpires, List<String> subscriptions) {

    /** Fills in the defaults of the keys left out and validates every value. */
    public UpstreamConfig {
        Require.nonBlank("name", name);
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new InvalidValueException("name", Require.show(name), "1..64 letters, digits, '_', '-' or '.'");
        }
        Require.nonBlank("entry", entry);
        options = options == null ? Map.of() : Require.entries("options", options, "a string");
        maxSubscriptionsPerConnection = Require.range("maxSubscriptionsPerConnection",
                orElse(maxSubscriptionsPerConnection, 200), 1, 100_000);
        reconnect = reconnect == null ? UpstreamBackoffConfig.defaults() : reconnect;
        trafficTimeout = Require.notNegative("trafficTimeout", orElse(trafficTimeout, Duration.ofSeconds(30)));
        heartbeatInterval = Require.notNegative("heartbeatInterval", orElse(heartbeatInterval, Duration.ZERO));
        rateLimit = Require.range("rateLimit", orElse(rateLimit, 5), 1, 100_000);
        linger = Require.durationRange("linger", orElse(linger, Duration.ofSeconds(30)), Duration.ZERO,
                Duration.ofHours(1));
        staleAfter = Require.notNegative("staleAfter", orElse(staleAfter, Duration.ofSeconds(60)));
        requestTimeout = Require.durationRange("requestTimeout", orElse(requestTimeout, Duration.ofSeconds(10)),
                Duration.ofMillis(1), Duration.ofMinutes(10));
        maxQueuedMessages = Require.range("maxQueuedMessages", orElse(maxQueuedMessages, 10_000), 1, 1_000_000);
        maxMessageSize = Require.range("maxMessageSize", orElse(maxMessageSize, 4 << 20), 1024, 64 << 20);
        byteCodeExpires = Require.notNegative("byteCodeExpires", orElse(byteCodeExpires, Duration.ofSeconds(10)));
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        for (int i = 0; i < subscriptions.size(); i++) {
            Require.nonBlank("subscriptions[" + i + "]", subscriptions.get(i));
        }
    }

    /** An upstream with every default, for tests. */
    public static UpstreamConfig of(String name, String entry) {
        return new UpstreamConfig(name, entry, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static <T> T orElse(T value, T otherwise) {
        return value == null ? otherwise : value;
    }
}
