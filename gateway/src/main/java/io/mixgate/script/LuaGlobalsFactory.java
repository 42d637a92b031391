package io.mixgate.script;

import java.nio.file.Path;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.luaj.vm2.lib.jse.JseOsLib;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the globals of one Lua VM: the standard library a CONNMIX script expects (Lua 5.1
 * names on top of LuaJ's 5.2), the {@code mix} table and the {@code conn} methods.
 *
 * <p>Already left out: {@code io}, {@code luajava}, {@code debug}, and every {@code os} function
 * but {@code time}, {@code clock}, {@code date} and {@code difftime}; {@code require},
 * {@code dofile} and {@code loadfile} only see the scripts folder. (The full sandbox, with
 * instruction limits and read-only shared metatables, is its own piece of work.)
 *
 * <p>Thread-safe: each call builds independent globals.
 */
final class LuaGlobalsFactory {
    private static final Logger scriptLog = LoggerFactory.getLogger("mixgate.script");

    private final Path scriptsRoot;
    private final ScriptServices services;
    private final MixHttpLib http;

    LuaGlobalsFactory(Path scriptsRoot, ScriptServices services) {
        this.scriptsRoot = scriptsRoot;
        this.services = services;
        this.http = new MixHttpLib(services.http(), services.httpTimeout());
    }

    Globals create(CallScope scope) {
        Globals g = new Globals();
        g.load(new JseBaseLib());
        g.load(new PackageLib());
        g.load(new Bit32Lib());
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new CoroutineLib());
        g.load(new JseMathLib());
        g.load(new JseOsLib());
        LoadState.install(g);
        LuaC.install(g);
        g.finder = new ScriptFolderFinder(scriptsRoot);
        g.get("package").set("path", LuaValue.valueOf("?.lua;?/init.lua"));
        keepOnly(g.get("os").checktable(), "time", "clock", "date", "difftime");
        Lua51Compat.install(g);
        BitLib.install(g);

        LuaTable mix = new LuaTable();
        MixCodecLib.install(mix);
        MixLogLib.install(mix, g, scriptLog, scope::describe);
        http.install(mix);
        MixMeshLib.install(mix, services.mesh());
        MixRedisLib.install(mix, services.redis());
        ConnectionLib.install(mix, scope, services);
        g.set("mix", mix);
        return g;
    }

    private static void keepOnly(LuaTable table, String... names) {
        java.util.Set<String> keep = java.util.Set.of(names);
        java.util.List<LuaValue> drop = new java.util.ArrayList<>();
        for (LuaValue key = table.next(LuaValue.NIL).arg1(); !key.isnil(); key = table.next(key).arg1()) {
            if (!keep.contains(key.tojstring())) {
                drop.add(key);
            }
        }
        drop.forEach(key -> table.set(key, LuaValue.NIL));
    }
}
