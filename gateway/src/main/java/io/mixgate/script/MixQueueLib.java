package io.mixgate.script;

import io.mixgate.core.OutcomeUnknownException;
import io.mixgate.session.Session;
import java.util.concurrent.CompletionException;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * {@code n, err = mix.queue.push(topic, data)}: {@code data} is any Lua value, sent to the
 * consumers as JSON; {@code n} is the topic's backlog after the push. On failure {@code n} is nil
 * and {@code err} says why: the item was certainly not queued, unless {@code err} starts with
 * {@code "outcome unknown"} (the queues did not answer in time; it may have been). Waits for the
 * queues on the callback's virtual thread, which parks only that thread.
 */
final class MixQueueLib {
    private MixQueueLib() {
    }

    static void install(LuaTable mix, ScriptQueues queues, CallScope scope) {
        LuaTable table = new LuaTable();
        table.set("push", NamedFunction.of("push", args -> {
            LuaValue topic = args.arg(1);
            if (topic.type() != LuaValue.TSTRING) {
                return NamedFunction.failure("topic must be a string, got " + topic.typename());
            }
            String json;
            try {
                json = LuaJson.encode(args.arg(2), scope.budget());
            } catch (IllegalArgumentException e) {
                return NamedFunction.failure("data cannot be queued: " + e.getMessage());
            }
            Session session = scope.current();
            String clientId = session == null ? "" : session.idString();
            try {
                long backlog = queues.push(topic.tojstring(), clientId, json).toCompletableFuture().join();
                return LuaValue.valueOf(backlog);
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                String message = String.valueOf(cause.getMessage());
                return NamedFunction.failure(cause instanceof OutcomeUnknownException
                        ? "outcome unknown: " + message : message);
            }
        }));
        mix.set("queue", table);
    }
}
