package io.mixgate.core;

import java.util.List;

/**
 * A result gathered from every node of the mesh, and the nodes that did not answer in time. When
 * {@code missing} is not empty the result is partial: counts are lower bounds, lists may lack the
 * missing nodes' connections, and an action (a close) may or may not have happened there.
 *
 * <p>Immutable.
 *
 * @param value   what the nodes that answered said
 * @param missing ids of the live nodes that did not answer, sorted
 */
public record Gathered<T>(T value, List<String> missing) {
    public Gathered {
        missing = List.copyOf(missing);
    }

    public static <T> Gathered<T> complete(T value) {
        return new Gathered<>(value, List.of());
    }

    public boolean partial() {
        return !missing.isEmpty();
    }
}
