package io.mixgate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the node's scripts, and the config file's hot keys (see {@link HotConfig}), on SIGHUP,
 * the Unix habit for "re-read your files". Uses
 * {@code sun.misc.Signal}, which not every JVM or platform offers (Windows has no HUP): there it
 * logs that SIGHUP is unavailable and the node runs on; {@code POST /v1/scripts/reload} works
 * everywhere.
 *
 * <p>Thread safety: {@link #install} is called once from {@code Main}; the handler runs on the
 * JVM's signal thread and only starts an asynchronous reload.
 */
final class ReloadSignal {
    private static final Logger log = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {
    }

    /** @return whether the handler was installed */
    static boolean install(Gateway gateway) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                log.info("SIGHUP: reloading scripts and the config file's hot keys");
                gateway.scripts().reload();
                Thread.ofVirtual().name("config-reload").start(() -> gateway.reloadConfig("SIGHUP"));
            });
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            log.info("SIGHUP is not available here ({}); reload scripts with POST /v1/scripts/reload", e.toString());
            return false;
        }
    }
}
