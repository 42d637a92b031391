package io.mixgate.script;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

/**
 * One version's compiled Lua: the entry script and every other {@code .lua} file of the same
 * snapshot of the scripts folder, compiled once and shared by all VMs of the version (LuaJ
 * prototypes are not changed by running them). {@code require}, {@code dofile} and
 * {@code loadfile} are served from here, so modules always match the entry they were read with.
 *
 * <p>Immutable and thread-safe.
 */
final class ScriptBundle {
    private final CompiledScript entry;
    private final Map<String, Prototype> chunks;
    private final String digest;

    private ScriptBundle(CompiledScript entry, Map<String, Prototype> chunks, String digest) {
        this.entry = entry;
        this.chunks = chunks;
        this.digest = digest;
    }

    /**
     * Compiles every file of {@code sources}.
     *
     * @param entryFile  the entry's path relative to the scripts folder
     * @param namePrefix what goes before a relative path in chunk names (and so in every error
     *                   and log line), e.g. {@code scripts/}, so files are named as configured
     * @throws ScriptException naming the file and line of the first syntax error, or a missing entry
     */
    static ScriptBundle compile(ScriptSources sources, String entryFile, String namePrefix) throws ScriptException {
        if (!sources.files().containsKey(entryFile)) {
            throw new ScriptException("entry script " + namePrefix + entryFile + " not found", null);
        }
        Map<String, Prototype> chunks = new HashMap<>();
        for (Map.Entry<String, byte[]> file : sources.files().entrySet()) {
            String name = namePrefix + file.getKey();
            try {
                chunks.put(file.getKey(), LuaC.instance.compile(new ByteArrayInputStream(file.getValue()), name));
            } catch (LuaError e) {
                // LuaJ names a chunk without "@" as [string "name"]; give the plain file name
                String message = String.valueOf(e.getMessage()).replace("[string \"" + name + "\"]", name);
                throw new ScriptException("cannot compile " + message, e);
            } catch (IOException | RuntimeException e) {
                throw new ScriptException("cannot compile " + name + ": " + e, e);
            }
        }
        CompiledScript entry = new CompiledScript(namePrefix + entryFile, chunks.get(entryFile));
        return new ScriptBundle(entry, Map.copyOf(chunks), sources.digest());
    }

    CompiledScript entry() {
        return entry;
    }

    /** The compiled file at {@code relativePath} ({@code /}-separated, already normalised), or null. */
    Prototype chunk(String relativePath) {
        return chunks.get(relativePath);
    }

    int size() {
        return chunks.size();
    }

    /** The digest of the sources this was compiled from. */
    String digest() {
        return digest;
    }
}
