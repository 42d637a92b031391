package io.mixgate.script;

import io.mixgate.core.MeshOperations;
import io.mixgate.core.MessageType;
import io.mixgate.core.OutcomeUnknownException;
import io.mixgate.core.PublishResult;
import io.mixgate.core.SendOutcome;
import java.util.concurrent.CompletionException;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code mix.mesh.publish(channel, data[, type])} returning {@code ok, fail} and
 * {@code mix.mesh.send(client_id, data[, type])} returning {@code err}. They wait for the broker
 * on the callback's virtual thread, which parks only that thread. An error whose outcome is not
 * known (Redis or the owning node did not answer in time: it may still happen) starts with
 * {@code "outcome unknown: "}; any other error means it certainly did not happen.
 */
final class MixMeshLib {
    private MixMeshLib() {
    }

    static void install(LuaTable mix, MeshOperations mesh) {
        LuaTable table = new LuaTable();
        table.set("publish", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                String channel = args.checkjstring(1);
                byte[] data = LuaText.bytes(args.checkstring(2));
                MessageType type = MessageTypeArg.at(args, 3);
                try {
                    PublishResult r = mesh.publish(channel, data, type).toCompletableFuture().join();
                    return varargsOf(valueOf(r.delivered()), valueOf(r.failed()));
                } catch (CompletionException e) {
                    return varargsOf(valueOf(0), valueOf(0), valueOf(causeMessage(e)));
                }
            }
        });
        table.set("send", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue idArg = args.arg(1);
                long clientId;
                try {
                    clientId = Long.parseLong(idArg.checkjstring().trim());
                } catch (NumberFormatException e) {
                    return valueOf("invalid client id: " + idArg.tojstring());
                }
                byte[] data = LuaText.bytes(args.checkstring(2));
                MessageType type = MessageTypeArg.at(args, 3);
                try {
                    SendOutcome outcome = mesh.send(clientId, data, type).toCompletableFuture().join();
                    return switch (outcome) {
                        case SENT -> NIL;
                        case UNKNOWN_CLIENT -> valueOf("client " + clientId + " is not connected");
                        case FAILED -> valueOf("client " + clientId + " could not take the message");
                    };
                } catch (CompletionException e) {
                    return valueOf(causeMessage(e));
                }
            }
        });
        mix.set("mesh", table);
    }

    /** The error for Lua; an outcome that may have happened says "outcome unknown" first, never just "failed". */
    private static String causeMessage(CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String message = String.valueOf(cause.getMessage());
        return cause instanceof OutcomeUnknownException ? "outcome unknown: " + message : message;
    }
}
