package io.mixgate;

import io.mixgate.config.ConfigChanges;
import io.mixgate.config.ConfigException;
import io.mixgate.config.ConfigLoader;
import io.mixgate.config.GatewayConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the node's config file with the command line's {@code --set} overrides and applies
 * what is hot: {@code access} (the API's users, at once) and {@code logging.level}. Any other
 * key that differs from what the node started with is logged once at INFO as needing a restart,
 * and left as it is. A file that no longer loads is logged with the key and value at fault, and
 * the running settings stay.
 *
 * <p>Thread-safe: {@link #reload} is synchronized (the file watcher and SIGHUP may both call it).
 */
final class HotConfig {
    private static final Logger log = LoggerFactory.getLogger(HotConfig.class);

    private final Path file;
    private final Map<String, String> environment;
    private final List<String> overrides;
    private final GatewayConfig started;
    private final ApiAccessControl access;
    private GatewayConfig hot;
    private List<String> waitingForRestart = List.of();

    HotConfig(Path file, Map<String, String> environment, List<String> overrides, GatewayConfig started,
            ApiAccessControl access) {
        this.environment = Map.copyOf(environment);
        this.file = file;
        this.overrides = List.copyOf(overrides);
        this.started = started;
        this.access = access;
        this.hot = started;
    }

    /** Loads the file again and applies what changed; {@code why} goes into the log. */
    synchronized void reload(String why) {
        GatewayConfig next;
        try {
            next = ConfigLoader.load(file, environment, overrides);
        } catch (ConfigException e) {
            log.error("config not reloaded after {}: {}; the running settings stay", why, e.getMessage());
            return;
        }
        if (!next.access().equals(hot.access())) {
            access.apply(next.access());
        }
        if (!next.logging().level().equals(hot.logging().level())) {
            LogLevels.apply(next.logging().level());
            log.info("logging.level is now {}", next.logging().level());
        }
        hot = next;
        List<String> cold = ConfigChanges.between(started, next).stream()
                .filter(key -> !key.equals("access") && !key.startsWith("access.") && !key.equals("logging.level"))
                .toList();
        if (!cold.equals(waitingForRestart)) {
            waitingForRestart = cold;
            if (!cold.isEmpty()) {
                log.info("config {} changed; needs a restart: {}", file, String.join(", ", cold));
            }
        }
    }
}
