package io.mixgate.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Lua files of a scripts folder as read at one moment: every regular {@code *.lua} file
 * under the folder (not hidden, at most {@link #MAX_DEPTH} folders deep, never reached through a
 * link that leads outside), keyed by its path relative to the folder with {@code /} separators.
 * A script version is compiled from one snapshot, so the entry and the modules it requires
 * always come from the same moment.
 *
 * <p>Immutable and thread-safe (the arrays are never handed out for writing).
 *
 * @param files  relative path → content, sorted by path
 * @param digest SHA-256 over paths and contents, to tell whether anything changed
 */
record ScriptSources(Map<String, byte[]> files, String digest) {
    static final int MAX_DEPTH = 8;
    static final int MAX_FILES = 2_000;

    /** Reads the folder; fails when it cannot be listed or holds more than {@link #MAX_FILES} Lua files. */
    static ScriptSources read(Path folder) throws IOException {
        Path root = folder.toRealPath();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
            paths = walk.filter(p -> p.getFileName().toString().endsWith(".lua"))
                    .filter(p -> !isHidden(root.relativize(p)))
                    .filter(Files::isRegularFile)
                    .limit(MAX_FILES + 1L)
                    .toList();
        }
        if (paths.size() > MAX_FILES) {
            throw new IOException("more than " + MAX_FILES + " .lua files under " + root);
        }
        Map<String, byte[]> files = new TreeMap<>();
        for (Path p : paths) {
            if (!p.toRealPath().startsWith(root)) {
                continue; // a link out of the scripts folder
            }
            files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
        return new ScriptSources(Collections.unmodifiableMap(files), digest(files));
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String digest(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.forEach((name, content) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Integer.toString(content.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) 0);
                sha.update(content);
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
