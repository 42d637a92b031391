package io.mixgate.tls;

import io.mixgate.config.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a listener's key material when its files change: every {@code tls.reloadInterval} it
 * compares each file's real path (certbot's {@code live/} links move to new files), modification
 * time and size with the last ones seen; on a change it loads the files again and hands the new
 * material to the listener. A file that fails to load (half-written, mismatched, gone) is logged
 * once and the listener keeps what it has; the next change tries again.
 *
 * <p>Owns one daemon thread; {@link #close()} stops it. Thread-safe.
 */
public final class KeyMaterialWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyMaterialWatch.class);

    private final TlsConfig tls;
    private final String keyPrefix;
    private final Consumer<KeyMaterial> listener;
    private final ScheduledExecutorService timer;
    private List<String> lastSeen; // touched only by the timer thread after start

    private KeyMaterialWatch(TlsConfig tls, String keyPrefix, Consumer<KeyMaterial> listener) {
        this.tls = tls;
        this.keyPrefix = keyPrefix;
        this.listener = listener;
        this.lastSeen = stamps();
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tls-reload " + keyPrefix);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts watching the files of {@code tls} (call after loading them once); {@code listener} gets
     * each newly loaded material on the watch's thread. Returns null when there is nothing to watch
     * ({@code selfSigned}, or {@code reloadInterval} 0).
     */
    public static KeyMaterialWatch start(TlsConfig tls, String keyPrefix, Consumer<KeyMaterial> listener) {
        if (tls.watchedFiles().isEmpty() || tls.reloadInterval().isZero()) {
            return null;
        }
        KeyMaterialWatch watch = new KeyMaterialWatch(tls, keyPrefix, listener);
        long every = tls.reloadInterval().toMillis();
        watch.timer.scheduleWithFixedDelay(watch::check, every, every, TimeUnit.MILLISECONDS);
        return watch;
    }

    /** Checks the files now (the timer's job; public for tests that do not want to wait for it). */
    synchronized void check() {
        List<String> now = stamps();
        if (now.equals(lastSeen)) {
            return;
        }
        lastSeen = now;
        try {
            KeyMaterial material = KeyMaterialLoader.load(tls, keyPrefix);
            listener.accept(material);
            log.info("{}: reloaded the certificate of {} (new connections use it)", keyPrefix, material.subject());
        } catch (TlsSetupException e) {
            log.error("{} (the certificate in use stays until the files change again)", e.getMessage());
        } catch (RuntimeException e) {
            log.error("{}: the new files cannot be used ({}); the certificate in use stays", keyPrefix, e.toString());
        }
    }

    private List<String> stamps() {
        List<String> out = new ArrayList<>();
        for (String file : tls.watchedFiles()) {
            Path path = Path.of(file);
            try {
                out.add(path.toRealPath() + "|" + Files.getLastModifiedTime(path).toMillis() + "|" + Files.size(path));
            } catch (IOException e) {
                out.add(file + "|missing");
            }
        }
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
