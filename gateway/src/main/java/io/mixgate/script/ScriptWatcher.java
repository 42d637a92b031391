package io.mixgate.script;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads one server's scripts when their folder changes (CONNMIX's {@code byteCodeExpires}):
 * file events from a {@link WatchService} on the folder and its subfolders trigger a reload as
 * soon as the folder has been quiet for {@link #SETTLE} (editors write in several steps), and
 * every {@code pollEvery} the folder is compared with the running version anyway, for file
 * systems whose events do not arrive (network and some container mounts). Either way the reload
 * only happens when a {@code .lua} file's content changed, and a version that fails to compile
 * leaves the running one in place.
 *
 * <p>Runs on one daemon thread of its own, never on a connection's. Thread-safe; {@link #close()}
 * is idempotent.
 */
public final class ScriptWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScriptWatcher.class);
    static final Duration SETTLE = Duration.ofMillis(100);

    private final ScriptVersions versions;
    private final Duration pollEvery;
    private final WatchService watch; // null when the platform offers none
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    private ScriptWatcher(ScriptVersions versions, Duration pollEvery, WatchService watch) {
        this.versions = versions;
        this.pollEvery = pollEvery;
        this.watch = watch;
        this.thread = Thread.ofPlatform().daemon().name("script-watcher").unstarted(this::run);
    }

    /** Starts watching {@code versions}' folder; {@code pollEvery} must be positive. */
    public static ScriptWatcher start(ScriptVersions versions, Duration pollEvery) {
        return start(versions, pollEvery, true);
    }

    /** @param fileEvents false to rely on the periodic check alone (tests of the fallback) */
    static ScriptWatcher start(ScriptVersions versions, Duration pollEvery, boolean fileEvents) {
        WatchService watch = null;
        if (fileEvents) {
            try {
                watch = FileSystems.getDefault().newWatchService();
                registerTree(watch, versions.folder());
            } catch (IOException | UnsupportedOperationException e) {
                log.warn("cannot watch {} for changes ({}); checking it every {} instead", versions.folder(), e, pollEvery);
                closeQuietly(watch);
                watch = null;
            }
        }
        ScriptWatcher watcher = new ScriptWatcher(versions, pollEvery, watch);
        watcher.thread.start();
        log.info("watching {} for script changes (and checking every {})", versions.folder(),
                pollEvery.toString().substring(2).toLowerCase());
        return watcher;
    }

    private void run() {
        try {
            while (closed.getCount() > 0) {
                boolean fileEvent = watch != null ? awaitEvents() : closed.await(pollEvery.toMillis(), TimeUnit.MILLISECONDS);
                if (closed.getCount() == 0) {
                    return;
                }
                reloadIfChanged(fileEvent ? "file change" : "periodic check");
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** Waits up to {@code pollEvery} for events, then until they settle; true when some came. */
    private boolean awaitEvents() throws InterruptedException {
        WatchKey key = watch.poll(pollEvery.toMillis(), TimeUnit.MILLISECONDS);
        if (key == null) {
            return false;
        }
        while (key != null) {
            Path dir = (Path) key.watchable();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && event.context() instanceof Path name
                        && Files.isDirectory(dir.resolve(name))) {
                    try {
                        registerTree(watch, dir.resolve(name));
                    } catch (IOException e) {
                        log.warn("cannot watch new folder {}: {}", dir.resolve(name), e.toString());
                    }
                }
            }
            key.reset();
            key = watch.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    private void reloadIfChanged(String why) {
        long before = versions.currentId();
        try {
            long now = versions.reloadIfChanged();
            if (now != before) {
                log.info("script {} reloaded after a {}", versions.entryName(), why);
            }
        } catch (ScriptException e) {
            // logged by ScriptVersions with file and line; the running version stays
        } catch (RuntimeException e) {
            log.error("script {} reload failed unexpectedly", versions.entryName(), e);
        }
    }

    private static void registerTree(WatchService watch, Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root, ScriptSources.MAX_DEPTH)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
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
