package io.mixgate.node;

import io.mixgate.core.ScriptReloads;
import io.mixgate.script.ScriptException;
import io.mixgate.script.ScriptVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Reloads the scripts of every server of the node on request ({@code POST /v1/scripts/reload},
 * SIGHUP). Each server's reload stands alone: one whose new scripts fail keeps its version, the
 * others still swap; the first failure's message is reported.
 *
 * <p>Thread-safe; {@link #reload()} never blocks: the work runs on the given executor.
 */
public final class ScriptReloader implements ScriptReloads {
    private final List<ScriptVersions> servers;
    private final Executor executor;

    public ScriptReloader(List<ScriptVersions> servers, Executor executor) {
        this.servers = List.copyOf(servers);
        this.executor = executor;
    }

    @Override
    public CompletionStage<List<ScriptVersionInfo>> reload() {
        return CompletableFuture.supplyAsync(this::reloadAll, executor);
    }

    private List<ScriptVersionInfo> reloadAll() {
        List<ScriptVersionInfo> versions = new ArrayList<>();
        String firstFailure = null;
        for (ScriptVersions server : servers) {
            try {
                versions.add(new ScriptVersionInfo(server.entryName(), server.reload()));
            } catch (ScriptException e) {
                firstFailure = firstFailure != null ? firstFailure : e.getMessage();
            }
        }
        if (firstFailure != null) {
            throw new CompletionException(new ScriptReloadFailure(firstFailure));
        }
        return versions;
    }
}
