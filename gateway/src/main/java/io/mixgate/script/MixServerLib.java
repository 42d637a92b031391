package io.mixgate.script;

import java.util.Map;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;

/** {@code mix.server.option(name)}: a value from this server's {@code options}, or nil. */
final class MixServerLib {
    private MixServerLib() {
    }

    static void install(LuaTable mix, Map<String, String> options) {
        LuaTable server = new LuaTable();
        server.set("option", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue name) {
                String value = options.get(name.checkjstring());
                return value == null ? NIL : valueOf(value);
            }
        });
        mix.set("server", server);
    }
}
