package io.mixgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A scripts folder of a test's own (under a JUnit {@code @TempDir}), whose files are replaced
 * atomically, as an editor or a deploy would, so a watcher never sees half a file.
 */
final class ScriptDir {
    final Path root;

    ScriptDir(Path root) {
        this.root = root;
    }

    ScriptDir write(String name, String lua) throws IOException {
        Path target = root.resolve(name);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(temp, lua);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return this;
    }

    /** The override that makes {@code servers[0]} run {@code name} from this folder. */
    String entry(String name) {
        return "servers[0].entry=" + root.resolve(name);
    }
}
