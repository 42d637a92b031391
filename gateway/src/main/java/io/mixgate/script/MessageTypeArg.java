package io.mixgate.script;

import io.mixgate.core.MessageType;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** The optional {@code type} argument of {@code conn:send}, {@code mix.mesh.*}: "text" (default) or "binary". */
final class MessageTypeArg {
    private MessageTypeArg() {
    }

    static MessageType at(Varargs args, int index) {
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
