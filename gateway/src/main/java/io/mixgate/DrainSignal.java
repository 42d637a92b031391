package io.mixgate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM drains the node (see {@link Gateway#drain()}) and exits 0; a second SIGTERM exits at once
 * with 143 (128 + 15, as if killed by the signal); a drain still running at {@code drain.timeout}
 * is cut short with exit 1.
 *
 * <p>Why {@code sun.misc.Signal} and not a shutdown hook: once a hook runs, the JVM is already
 * exiting — it exits 143 rather than 0, and a second SIGTERM cannot cut it short (it waits for the
 * hooks). A handler keeps the JVM running while it drains and decides the exit status. Where the
 * signal cannot be handled (Windows), the shutdown hook in {@code Main} closes the node at once,
 * as before. SIGINT (Ctrl-C at a terminal) keeps that immediate close.
 *
 * <p>Thread safety: {@link #install} is called once from {@code Main}; the handler runs on the
 * JVM's signal thread and only starts the drain on a thread of its own.
 */
final class DrainSignal {
    private static final Logger log = LoggerFactory.getLogger(DrainSignal.class);
    static final int EXIT_FORCED = 143;
    static final int EXIT_OUT_OF_TIME = 1;

    private DrainSignal() {
    }

    /** @return whether the handler was installed */
    static boolean install(Gateway gateway, Duration timeout) {
        AtomicBoolean started = new AtomicBoolean();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
                if (!started.compareAndSet(false, true)) {
                    log.warn("second SIGTERM: exiting now, without draining");
                    Runtime.getRuntime().halt(EXIT_FORCED);
                }
                log.info("SIGTERM: draining (a second SIGTERM exits at once)");
                Thread watchdog = Thread.ofPlatform().name("drain-deadline").daemon().unstarted(() -> {
                    try {
                        Thread.sleep(timeout);
                    } catch (InterruptedException e) {
                        return;
                    }
                    log.warn("drain.timeout ({}) reached: exiting now", timeout);
                    Runtime.getRuntime().halt(EXIT_OUT_OF_TIME);
                });
                watchdog.start();
                Thread.ofPlatform().name("drain").start(() -> drainAndExit(gateway));
            });
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            log.info("SIGTERM cannot be handled here ({}); it closes the node at once, without draining", e.toString());
            return false;
        }
    }

    private static void drainAndExit(Gateway gateway) {
        int status = 0;
        try {
            List<String> left = gateway.drain();
            if (!left.isEmpty()) {
                status = EXIT_OUT_OF_TIME;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = EXIT_OUT_OF_TIME;
        } catch (RuntimeException e) {
            log.error("drain failed: {}", e.toString(), e);
            status = EXIT_OUT_OF_TIME;
        }
        System.exit(status); // the shutdown hook closes what is left of the node
    }
}
