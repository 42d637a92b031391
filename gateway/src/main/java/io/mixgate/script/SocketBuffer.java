package io.mixgate.script;

import io.mixgate.session.InboundBuffer;
import java.util.Arrays;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code buf} a socket server's {@code protocol_input(buf)} gets: the bytes the connection has
 * sent and the script has not yet cut into packets, as they were when the call began, with
 * CONNMIX's methods {@code buf:tostring()} (all of them), {@code buf:read(n)} (the next {@code n}
 * bytes from the read position, which then advances; {@code nil, "EOF"} when fewer remain, without
 * advancing), {@code buf:position()} (bytes read so far: what a script returns as the packet's
 * end once it has read a whole packet) and {@code buf:length()} (all bytes, read or not); and one
 * mixgate extra, {@code buf:find(s)}: where the plain string {@code s} first starts (1-based), or
 * nil, without copying the buffer as {@code string.find(buf:tostring(), s, 1, true)} would.
 *
 * <p>It reads the connection's buffer in place (no copy per call, which made many small packets in
 * one read cost the square of the read), so it only works during the {@code protocol_input} call
 * it was made for: afterwards every method raises an error. Strings it returns are copies.
 *
 * <p>Not thread-safe: made for one call of one VM.
 */
final class SocketBuffer {
    private final InboundBuffer.View bytes;
    private int position;
    private boolean live = true;

    private SocketBuffer(InboundBuffer.View bytes) {
        this.bytes = bytes;
    }

    /** The methods, shared by every buffer of one server; scripts cannot reach or change them. */
    static LuaTable metatable() {
        LuaTable methods = new LuaTable();
        methods.set("tostring", NamedFunction.of("tostring", a -> self(a).all()));
        methods.set("length", NamedFunction.of("length", a -> LuaValue.valueOf(self(a).bytes.length())));
        methods.set("position", NamedFunction.of("position", a -> LuaValue.valueOf(self(a).position)));
        methods.set("read", NamedFunction.of("read", a -> self(a).read(a.checkint(2))));
        methods.set("find", NamedFunction.of("find", a -> self(a).find(a.checkstring(2))));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, methods);
        meta.set("__metatable", LuaValue.valueOf("buffer"));
        meta.set(LuaValue.LEN, NamedFunction.of("len", a -> LuaValue.valueOf(self(a).bytes.length())));
        return meta;
    }

    /** A buffer over {@code bytes} for one call, which must end before the buffer is appended to. */
    static SocketBuffer of(InboundBuffer.View bytes) {
        return new SocketBuffer(bytes);
    }

    LuaUserdata toLua(LuaTable metatable) {
        return new LuaUserdata(this, metatable);
    }

    /** The call is over: the bytes may change from now on. */
    void end() {
        live = false;
    }

    private LuaString all() {
        return copy(0, bytes.length());
    }

    private LuaString copy(int from, int n) {
        int at = bytes.offset() + from;
        return LuaString.valueUsing(Arrays.copyOfRange(bytes.array(), at, at + n));
    }

    private Varargs read(int n) {
        if (n < 0) {
            throw new LuaError("bad argument #1 to 'read' (expected a count >= 0, got " + n + ")");
        }
        if (n > bytes.length() - position) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("EOF"));
        }
        LuaString chunk = copy(position, n);
        position += n;
        return chunk;
    }

    private LuaValue find(LuaString needle) {
        byte[] array = bytes.array();
        int n = needle.length();
        int last = bytes.offset() + bytes.length() - n;
        outer:
        for (int i = bytes.offset(); i <= last; i++) {
            for (int j = 0; j < n; j++) {
                if (array[i + j] != needle.luaByte(j)) {
                    continue outer;
                }
            }
            return LuaValue.valueOf(i - bytes.offset() + 1);
        }
        return LuaValue.NIL;
    }

    private static SocketBuffer self(Varargs args) {
        LuaValue self = args.arg1();
        if (self instanceof LuaUserdata u && u.userdata() instanceof SocketBuffer b) {
            if (!b.live) {
                throw new LuaError("buffer used after its protocol_input call returned");
            }
            return b;
        }
        throw new LuaError("bad self: call buffer methods with ':' (buf:read(2)), got " + self.typename());
    }
}
