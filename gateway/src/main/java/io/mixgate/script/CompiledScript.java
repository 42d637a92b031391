package io.mixgate.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

/**
 * One compiled version of an entry script: the prototype every VM instantiates, so the source
 * is parsed once however many VMs run it. Immutable and thread-safe (LuaJ prototypes are not
 * changed by execution).
 */
final class CompiledScript {
    private final String name;
    private final Prototype prototype;

    private CompiledScript(String name, Prototype prototype) {
        this.name = name;
        this.prototype = prototype;
    }

    /** @param name the chunk name errors will show, normally the path as configured */
    static CompiledScript compile(Path file, String name) throws ScriptException {
        Globals compiler = new Globals();
        LuaC.install(compiler);
        try (InputStream in = Files.newInputStream(file)) {
            return new CompiledScript(name, compiler.compilePrototype(in, name));
        } catch (LuaError e) {
            throw new ScriptException("cannot compile " + name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ScriptException("cannot read script " + name + ": " + e, e);
        }
    }

    String name() {
        return name;
    }

    Prototype prototype() {
        return prototype;
    }
}
