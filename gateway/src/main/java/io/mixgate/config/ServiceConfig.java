package io.mixgate.config;

import java.time.Duration;
import java.util.Map;

/**
 * One service ({@code services[i]} in the YAML): a Lua script that runs without a client, started
 * with the node and hot-reloaded. Every key but {@code name} and {@code entry} may be left out.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param name              how logs, routes and leases name it; letters, digits, {@code _ - .}, unique
 * @param entry             the script, e.g. {@code scripts/services/depth.lua}
 * @param options           free-form options the script reads with {@code mix.server.option(name)}
 * @param mode              {@code every} (default): runs on every node; {@code one}: on exactly one
 *                          node of the mesh (always on a single node)
 * @param maxQueuedMessages channel messages waiting for {@code on_message}; past it a message is
 *                          dropped and counted, {@code 1..1000000}, default 10000
 * @param maxChannels       channels {@code svc:subscribe} may hold at once, {@code 1..100000}, default 1000
 * @param byteCodeExpires   how often the script folder is checked for changes (hot reload),
 *                          default 10s, {@code 0s} = off
 * @param cpuBudget         wall-clock time one callback of the service may run (as
 *                          {@code script.cpuBudget} for connection scripts), {@code 10ms..1h}, default
 *                          5s: a service's callback may do more than a client's (a 1000-level book),
 *                          and a budget abort restarts the service with a fresh state, so the default
 *                          leaves room for a busy machine's pauses
 */
public record ServiceConfig(String name, String entry, Map<String, String> options, String mode,
                            Integer maxQueuedMessages, Integer maxChannels, Duration byteCodeExpires,
                            Duration cpuBudget) {

    public ServiceConfig {
        Require.nonBlank("name", name);
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new InvalidValueException("name", Require.show(name), "1..64 letters, digits, '_', '-' or '.'");
        }
        Require.nonBlank("entry", entry);
        options = options == null ? Map.of() : Require.entries("options", options, "a string");
        mode = mode == null ? "every" : mode;
        if (!mode.equals("every") && !mode.equals("one")) {
            throw new InvalidValueException("mode", Require.show(mode), "every or one");
        }
        maxQueuedMessages = Require.range("maxQueuedMessages", maxQueuedMessages == null ? 10_000 : maxQueuedMessages,
                1, 1_000_000);
        maxChannels = Require.range("maxChannels", maxChannels == null ? 1000 : maxChannels, 1, 100_000);
        byteCodeExpires = Require.notNegative("byteCodeExpires",
                byteCodeExpires == null ? Duration.ofSeconds(10) : byteCodeExpires);
        cpuBudget = Require.durationRange("cpuBudget", cpuBudget == null ? DEFAULT_CPU_BUDGET : cpuBudget,
                Duration.ofMillis(10), Duration.ofHours(1));
    }

    /** The default of {@code cpuBudget}. */
    public static final Duration DEFAULT_CPU_BUDGET = Duration.ofSeconds(5);

    /** A service with every default, for tests. */
    public static ServiceConfig of(String name, String entry) {
        return new ServiceConfig(name, entry, null, null, null, null, null, null);
    }

    /** Whether it runs on exactly one node of the mesh. */
    public boolean one() {
        return mode.equals("one");
    }
}
