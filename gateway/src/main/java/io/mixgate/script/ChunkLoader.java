package io.mixgate.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.ResourceFinder;

/**
 * Where one VM's {@code require}, {@code dofile} and {@code loadfile} get their code: only from
 * its version's {@link ScriptBundle}, already compiled. A name that is absolute, climbs out with
 * {@code ..}, or is not a {@code .lua} file of the bundle is "not found", so nothing outside the
 * scripts folder can be loaded. Source strings ({@code load}, {@code loadstring}) are compiled as
 * usual; binary chunks are refused, since hand-made bytecode is not checked by LuaJ.
 *
 * <p>Thread-safe: immutable; the bundle is immutable.
 */
final class ChunkLoader implements ResourceFinder, Globals.Compiler, Globals.Undumper {
    private static final int LUA_SIGNATURE = 0x1b;

    private final ScriptBundle bundle;

    ChunkLoader(ScriptBundle bundle) {
        this.bundle = bundle;
    }

    /** Makes {@code globals} load files and chunks through this loader. */
    void install(Globals globals) {
        globals.finder = this;
        globals.compiler = this;
        globals.undumper = this;
    }

    @Override
    public InputStream findResource(String name) {
        try {
            Path path = Path.of(name).normalize();
            if (path.isAbsolute() || path.startsWith("..") || path.toString().isEmpty()) {
                return null;
            }
            Prototype chunk = bundle.chunk(path.toString().replace('\\', '/'));
            return chunk == null ? null : new Precompiled(chunk);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    @Override
    public Prototype compile(InputStream stream, String chunkname) throws IOException {
        if (stream instanceof Precompiled p) {
            return p.chunk;
        }
        return LuaC.instance.compile(stream, chunkname);
    }

    @Override
    public Prototype undump(InputStream stream, String chunkname) throws IOException {
        if (stream instanceof Precompiled p) {
            return p.chunk;
        }
        if (stream.read() == LUA_SIGNATURE) {
            throw new LuaError("binary chunks are not allowed in mixgate scripts: " + chunkname);
        }
        return null; // the caller resets the stream and compiles it as source
    }

    /** A file found in the bundle, handed through LuaJ's loading path without being re-read. */
    private static final class Precompiled extends InputStream {
        private final Prototype chunk;

        Precompiled(Prototype chunk) {
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return -1;
        }

        @Override
        public boolean markSupported() {
            return true;
        }

        @Override
        public synchronized void mark(int limit) {
        }

        @Override
        public synchronized void reset() {
        }
    }
}
