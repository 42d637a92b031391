package io.mixgate;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when the config file's content changes: file events on its folder (a
 * {@link WatchService}; editors and config-map updates replace the file, so the folder is
 * watched), debounced until the folder is quiet for {@link #SETTLE}, and a comparison every
 * {@link #POLL} anyway for file systems whose events do not arrive. Only a change of content
 * calls back, so touching the file or editing its neighbours does nothing.
 *
 * <p>Runs on one daemon thread of its own. Thread-safe; {@link #close()} is idempotent.
 */
final class ConfigFileWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigFileWatcher.class);
    static final Duration SETTLE = Duration.ofMillis(200);
    static final Duration POLL = Duration.ofSeconds(5);

    private final Path file;
    private final Consumer<String> onChange;
    private final WatchService watch; // null when the platform offers none
    private final CountDownLatch closed = new CountDownLatch(1);
    private byte[] lastDigest;

    private ConfigFileWatcher(Path file, Consumer<String> onChange, WatchService watch) {
        this.file = file;
        this.onChange = onChange;
        this.watch = watch;
        this.lastDigest = digest(file);
    }

    /** Starts watching {@code file}; {@code onChange} gets why ("file change" or "periodic check"). */
    static ConfigFileWatcher start(Path file, Consumer<String> onChange) {
        Path absolute = file.toAbsolutePath();
        WatchService watch = null;
        try {
            watch = FileSystems.getDefault().newWatchService();
            absolute.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("cannot watch {} for changes ({}); checking it every {}s instead", absolute, e, POLL.toSeconds());
            closeQuietly(watch);
            watch = null;
        }
        ConfigFileWatcher watcher = new ConfigFileWatcher(absolute, onChange, watch);
        Thread.ofPlatform().daemon().name("config-watcher").start(watcher::run);
        log.info("watching {} for changes to access and logging.level", absolute);
        return watcher;
    }

    private void run() {
        try {
            while (closed.getCount() > 0) {
                boolean fileEvent = watch != null ? awaitEvents() : closed.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (closed.getCount() == 0) {
                    return;
                }
                byte[] now = digest(file);
                if (now != null && !Arrays.equals(now, lastDigest)) {
                    lastDigest = now;
                    try {
                        onChange.accept(fileEvent ? "a file change" : "a periodic check");
                    } catch (RuntimeException e) {
                        log.error("applying a config change failed", e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** Waits up to {@link #POLL} for events, then until they settle; true when some came. */
    private boolean awaitEvents() throws InterruptedException {
        WatchKey key = watch.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        if (key == null) {
            return false;
        }
        while (key != null) {
            key.pollEvents();
            key.reset();
            key = watch.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** The file's SHA-256, or null while it cannot be read (mid-replace, deleted). */
    private static byte[] digest(Path file) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        closeQuietly(watch);
    }

    private static void closeQuietly(WatchService watch) {
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                log.debug("closing a watch service", e);
            }
        }
    }
}
