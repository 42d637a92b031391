package io.mixgate.script;

import io.mixgate.api.MessageType;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Lua strings are byte strings: these helpers move their bytes in and out without re-encoding. */
final class LuaBytes {
    private LuaBytes() {
    }

    /** A copy of the string's raw bytes. */
    static byte[] of(LuaString s) {
        byte[] out = new byte[s.rawlen()];
        s.copyInto(0, out, 0, out.length);
        return out;
    }

    /** The optional {@code type} argument at {@code index}: "text" (default) or "binary". */
    static MessageType messageType(Varargs args, int index) {
        LuaValue arg = args.arg(index);
        if (arg.isnil()) {
            return MessageType.TEXT;
        }
        MessageType type = MessageType.fromWireName(arg.checkjstring());
        if (type == null) {
            LuaValue.argerror(index, "expected \"text\" or \"binary\", got \"" + arg.tojstring() + "\"");
        }
        return type;
    }
}
