package io.mixgate.core;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Asks the node to reload its Lua scripts, for {@code POST /v1/scripts/reload}. The node
 * implements it; the API never sees Lua.
 *
 * <p>Thread safety: safe to call from any thread, including I/O threads: it never blocks, the
 * compiling happens elsewhere.
 */
public interface ScriptReloads {

    /**
     * Recompiles every server's scripts and swaps the new versions in. Completes with the version
     * each server runs now, or exceptionally with a {@link ScriptReloadFailure} whose message is
     * the compile or load error (file and line); servers whose reload failed keep their version.
     */
    CompletionStage<List<ScriptVersionInfo>> reload();

    /** The version one server's entry script runs after a reload. */
    record ScriptVersionInfo(String script, long version) {
    }

    /** A reload failed: the message names the script, file and line; the old version still runs. */
    final class ScriptReloadFailure extends Exception {
        public ScriptReloadFailure(String message) {
            super(message, null, false, false);
        }
    }
}
