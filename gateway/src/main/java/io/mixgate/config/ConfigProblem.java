package io.mixgate.config;

/**
 * A problem at a key path inside the config tree, before {@link ConfigLoader} says
 * where it came from (the file or a {@code --set}).
 */
final class ConfigProblem extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient KeyPath path;

    /** A problem at {@code path}; {@code detail} follows the path and a colon in the message. */
    ConfigProblem(KeyPath path, String detail) {
        super(path.isRoot() ? detail : path + ": " + detail);
        this.path = path;
    }

    /** Where in the tree the problem is. */
    KeyPath path() {
        return path;
    }
}
