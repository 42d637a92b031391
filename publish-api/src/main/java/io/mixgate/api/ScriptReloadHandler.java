package io.mixgate.api;

import io.mixgate.core.RateLimitedLog;
import io.mixgate.core.ScriptReloads;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/scripts/reload} (no body needed): recompiles the node's Lua scripts and answers
 * {@code {"E":null,"r":{"servers":[{"script":"scripts/entry.websocket.lua","version":2}]}}}, or
 * HTTP 422 with {@link ApiError#SCRIPT_RELOAD_FAILED} and the compile error (file and line) as
 * the message, the old version still running.
 *
 * <p>Thread safety: immutable; one instance serves every request. Never blocks the I/O thread:
 * the reply is written when the node's reload completes.
 */
final class ScriptReloadHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(ScriptReloadHandler.class);
    /** Repeating warnings: at most a few lines a minute per call site, then a count (one budget per call site, like the logger). */
    private static final RateLimitedLog unexpected = new RateLimitedLog(log::error);

    private final ScriptReloads scripts;
    private final ApiReplies replies;

    ScriptReloadHandler(ScriptReloads scripts, ApiReplies replies) {
        this.scripts = scripts;
        this.replies = replies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        CompletionStage<List<ScriptReloads.ScriptVersionInfo>> reload = scripts.reload();
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> reload.whenComplete((versions, failure) ->
                exchange.getIoThread().execute(() -> answer(exchange, versions, failure))));
    }

    private void answer(HttpServerExchange exchange, List<ScriptReloads.ScriptVersionInfo> versions, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ScriptReloads.ScriptReloadFailure) {
            replies.error(exchange, ApiError.SCRIPT_RELOAD_FAILED, cause.getMessage(), null);
        } else if (cause != null) {
            unexpected.log("script reload failed unexpectedly", cause);
            replies.error(exchange, ApiError.INTERNAL, "script reload failed: " + cause, null);
        } else {
            ObjectNode result = replies.object();
            ArrayNode servers = result.putArray("servers");
            versions.forEach(v -> servers.addObject().put("script", v.script()).put("version", v.version()));
            replies.ok(exchange, result, null);
        }
    }
}
