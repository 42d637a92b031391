package io.mixgate.script;

import io.mixgate.core.MessageType;
import io.mixgate.core.RateLimitedLog;
import io.mixgate.session.MessageEncoder;
import java.util.concurrent.locks.ReentrantLock;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket server's {@code protocol_encode(str, type)}: turns each outgoing message (published,
 * {@code mix.mesh.send}, the API's send) into the bytes its clients expect, once per message for
 * all of the server's connections. {@code str} is the message; {@code type} ({@code "text"} or
 * {@code "binary"}) is a mixgate extra that CONNMIX scripts ignore. The result must be a non-empty
 * string; anything else, an error or a spent budget fails that message for every connection.
 *
 * <p>It runs on a VM of its own per script version, outside the server's pool: callers may be
 * callbacks that already hold one of the pool's permits ({@code mix.mesh.send} inside
 * {@code on_message}), and waiting for a second permit could deadlock a busy server. One lock
 * guards that VM, so encodings of one server run one at a time; a {@code protocol_encode} that
 * itself sends a message (and so would wait for its own lock) gets that message refused. Globals
 * of the encoder VM are its own, as any VM's are. {@code mix.socket.tcp()} is nil there: the
 * message is encoded once for many connections.
 *
 * <p>Thread-safe.
 */
public final class ScriptEncoder implements MessageEncoder {
    private static final Logger log = LoggerFactory.getLogger(ScriptEncoder.class);
    private static final RateLimitedLog failures = new RateLimitedLog(log::warn);

    private final ScriptVersions versions;
    private final ReentrantLock lock = new ReentrantLock();
    private long vmVersion; // guarded by lock
    private LuaVm vm;       // guarded by lock; null until first use, or after an abort

    public ScriptEncoder(ScriptHost host) {
        this.versions = host.versions();
    }

    @Override
    public byte[] encode(byte[] data, MessageType type) {
        if (lock.isHeldByCurrentThread()) {
            failures.log("script {}: protocol_encode sent a message itself; that message is refused", versions.entryName());
            return null;
        }
        lock.lock();
        try {
            return encodeLocked(data, type);
        } finally {
            lock.unlock();
        }
    }

    private byte[] encodeLocked(byte[] data, MessageType type) {
        ScriptVersion version = versions.current();
        String script = version.bundle().entry().name();
        if (vm == null || vmVersion != version.id()) {
            try {
                vm = versions.loadSpare(version);
                vmVersion = version.id();
            } catch (LuaError | InstructionBudget.BudgetExceeded | StackOverflowError e) {
                vm = null;
                failures.log("script {} version {}: cannot start the encoder's Lua VM: {}", script, version.id(), e.getMessage());
                return null;
            }
        }
        LuaVm running = vm;
        running.enter(null);
        try {
            LuaValue f = running.callback("protocol_encode");
            if (f == null) {
                failures.log("script {} defines no protocol_encode: messages to its connections are refused", script);
                return null;
            }
            LuaValue out = f.call(LuaString.valueUsing(data), LuaValue.valueOf(type.wireName()));
            if (out.type() != LuaValue.TSTRING || out.checkstring().length() == 0) {
                failures.log("script {} protocol_encode returned {} (expected a non-empty string): message refused",
                        script, out.isnil() ? "nil" : out.type() == LuaValue.TSTRING ? "an empty string" : out.typename());
                return null;
            }
            return LuaText.bytes(out.checkstring());
        } catch (LuaError e) {
            failures.log("script error in {} protocol_encode: {}", script, e.getMessage());
            return null;
        } catch (InstructionBudget.BudgetExceeded | StackOverflowError | OutOfMemoryError e) {
            vm = null; // its state may be half-updated
            failures.log("script {} at {} protocol_encode aborted: {}", script, running.where(),
                    e instanceof StackOverflowError ? "stack overflow" : e instanceof OutOfMemoryError ? "out of memory" : e.getMessage());
            return null;
        } finally {
            running.leave();
        }
    }
}
