package io.mixgate.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.luaj.vm2.lib.ResourceFinder;

/**
 * Opens Lua files for {@code require}, {@code dofile} and {@code loadfile}, but only inside the
 * scripts folder: names are resolved against it and anything that lands outside (absolute
 * paths, {@code ..}, symlinks out) is reported as not found. Thread-safe.
 */
final class ScriptFolderFinder implements ResourceFinder {
    private final Path root;

    ScriptFolderFinder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public InputStream findResource(String name) {
        try {
            Path file = root.resolve(name).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return null;
            }
            Path real = file.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                return null;
            }
            return Files.newInputStream(real);
        } catch (InvalidPathException | IOException e) {
            return null;
        }
    }
}
