package io.mixgate.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.luaj.vm2.LuaError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current version of one server's scripts, and the only place that makes new ones: reads the
 * scripts folder (the entry's folder), compiles every file, loads a first VM to run the main
 * chunk, and only if all of that succeeded swaps the new version in with one atomic write and
 * retires the old one. A version that fails leaves the running one in place; the failure is
 * logged with file and line and thrown to the caller. Every swap is logged with its version id.
 *
 * <p>Reloads run on the caller's thread (never a connection's: compiling takes milliseconds to
 * seconds) and one at a time. Thread-safe.
 */
public final class ScriptVersions {
    private static final Logger log = LoggerFactory.getLogger(ScriptVersions.class);

    private final Path folder;
    private final String entryFile;
    private final String namePrefix;
    private final LuaGlobalsFactory factory;
    private final Semaphore permits;
    private final ScriptStallWatch stalls;
    private final AtomicReference<ScriptVersion> current = new AtomicReference<>();
    private final Object reloading = new Object();
    private long lastId; // guarded by reloading
    private final java.util.List<Runnable> swapListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ScriptVersions(Path entry, String entryName, LuaGlobalsFactory factory, int maxVms,
                           ScriptStallWatch stalls) {
        this.stalls = stalls;
        this.folder = entry.toAbsolutePath().normalize().getParent();
        this.entryFile = entry.getFileName().toString();
        this.namePrefix = entryName.endsWith(entryFile)
                ? entryName.substring(0, entryName.length() - entryFile.length()) : "";
        this.factory = factory;
        this.permits = new Semaphore(maxVms, true);
    }

    /**
     * Builds version 1; a script that does not compile or load stops the start.
     *
     * @param entryName how logs and errors name the entry, e.g. {@code scripts/entry.websocket.lua};
     *                  other files are named relative to it
     */
    static ScriptVersions start(Path entry, String entryName, LuaGlobalsFactory factory, int maxVms)
            throws ScriptException {
        return start(entry, entryName, factory, maxVms, ScriptStallWatch.vmWaitsOnly());
    }

    /** As above, telling {@code stalls} about callbacks that wait for a VM. */
    static ScriptVersions start(Path entry, String entryName, LuaGlobalsFactory factory, int maxVms,
                                ScriptStallWatch stalls) throws ScriptException {
        if (!Files.isRegularFile(entry)) {
            throw new ScriptException("entry script " + entryName + " not found (" + entry.toAbsolutePath() + ")", null);
        }
        ScriptVersions versions = new ScriptVersions(entry, entryName, factory, maxVms, stalls);
        versions.reload();
        return versions;
    }

    /** The version new callbacks run on. */
    ScriptVersion current() {
        return current.get();
    }

    /**
     * A new VM of {@code version} outside its pool and its permits (the script's encoder, which
     * callbacks holding a permit may need); the caller owns it.
     */
    LuaVm loadSpare(ScriptVersion version) {
        return LuaVm.load(version.bundle(), factory);
    }

    /** Adds {@code listener}, run on the reloading thread after each new version was swapped in (not the first). */
    public void onSwap(Runnable listener) {
        swapListeners.add(listener);
    }

    /** The id of the current version. */
    public long currentId() {
        return current.get().id();
    }

    /** The entry as logs name it. */
    public String entryName() {
        return namePrefix + entryFile;
    }

    /** The scripts folder: the entry's folder, whose {@code .lua} files make up each version. */
    public Path folder() {
        return folder;
    }

    /**
     * Compiles and loads the folder as it is now and swaps it in, even if nothing changed.
     *
     * @return the id of the version now current
     * @throws ScriptException (already logged) when the new version fails; the old one stays
     */
    public long reload() throws ScriptException {
        synchronized (reloading) {
            return swapIn(read());
        }
    }

    /**
     * Like {@link #reload()}, but only when the folder's {@code .lua} files differ from the
     * current version's.
     *
     * @return the id of the version now current, new or not
     */
    public long reloadIfChanged() throws ScriptException {
        synchronized (reloading) {
            ScriptSources sources = read();
            ScriptVersion now = current.get();
            if (now != null && now.bundle().digest().equals(sources.digest())) {
                return now.id();
            }
            return swapIn(sources);
        }
    }

    private ScriptSources read() throws ScriptException {
        try {
            return ScriptSources.read(folder);
        } catch (IOException e) {
            throw failed(new ScriptException("cannot read the scripts folder " + folder + ": " + e, e));
        }
    }

    private long swapIn(ScriptSources sources) throws ScriptException {
        long started = System.nanoTime();
        ScriptBundle bundle;
        try {
            bundle = ScriptBundle.compile(sources, entryFile, namePrefix);
        } catch (ScriptException e) {
            throw failed(e);
        }
        LuaVm first;
        try {
            first = LuaVm.load(bundle, factory);
        } catch (LuaError e) {
            throw failed(new ScriptException("cannot load " + entryName() + ": " + e.getMessage(), e));
        } catch (InstructionBudget.BudgetExceeded e) {
            throw failed(new ScriptException("cannot load " + entryName() + ": " + e.getMessage(), e));
        } catch (StackOverflowError e) {
            throw failed(new ScriptException("cannot load " + entryName() + ": stack overflow", e));
        }
        LuaVmPool pool = new LuaVmPool(permits, () -> LuaVm.load(bundle, factory), stalls);
        pool.offer(first);
        ScriptVersion next = new ScriptVersion(++lastId, bundle, pool);
        ScriptVersion previous = current.getAndSet(next);
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (previous == null) {
            log.info("script {} version {} loaded ({} files, {} ms)", entryName(), next.id(), bundle.size(), ms);
        } else {
            previous.pool().retire();
            log.info("script {} version {} swapped in, replacing version {} ({} files, {} ms)",
                    entryName(), next.id(), previous.id(), bundle.size(), ms);
            swapListeners.forEach(Runnable::run);
        }
        return next.id();
    }

    private ScriptException failed(ScriptException e) {
        ScriptVersion now = current.get();
        if (now != null) {
            log.error("script reload failed, version {} keeps running: {}", now.id(), e.getMessage());
        }
        return e;
    }
}
