package io.mixgate.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.List;

/**
 * Turns Jackson's binding exceptions into messages that name the full key path, the
 * value the user wrote and what was expected, e.g.
 * {@code apiServer.port: "abc" (expected: an integer)}.
 */
final class ConfigErrors {

    private static final int MAX_SHOWN = 60;

    private ConfigErrors() {
    }

    /** The problem that {@code e} reports, with values looked up in {@code tree} (the bound input). */
    static ConfigProblem translate(JsonMappingException e, JsonNode tree) {
        KeyPath path = KeyPath.of(e);
        InvalidValueException invalid = invalidValueIn(e);
        if (invalid != null) {
            KeyPath full = path.resolve(invalid.key());
            return new ConfigProblem(full, invalid.shownValue() + " (expected: " + invalid.expected() + ")");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new ConfigProblem(path, unknownKey(knownKeys(unknown)));
        }
        JsonNode value = valueAt(tree, path);
        return new ConfigProblem(path, show(value) + " (expected: " + ConfigSchema.expected(ConfigSchema.typeAt(path), value) + ")");
    }

    /** The detail for a key that is not accepted: {@code unknown key (expected one of: a, b)}. */
    static String unknownKey(Collection<?> known) {
        return "unknown key (expected one of: " + String.join(", ", known.stream().map(String::valueOf).toList()) + ")";
    }

    /** {@code node} as shown in messages: strings quoted, structures as short flow-style text. */
    static String show(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "(missing)";
        }
        if (node.isTextual()) {
            return Require.quote(node.textValue());
        }
        String text = node.toString();
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
    }

    private static List<String> knownKeys(UnrecognizedPropertyException e) {
        Class<?> owner = e.getReferringClass();
        if (owner != null && owner.isRecord()) {
            return ConfigSchema.keysOf(owner);
        }
        return e.getKnownPropertyIds() == null ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
    }

    private static InvalidValueException invalidValueIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidValueException invalid) {
                return invalid;
            }
        }
        return null;
    }

    private static JsonNode valueAt(JsonNode tree, KeyPath path) {
        JsonNode node = tree;
        for (KeyPath.Step step : path.steps()) {
            node = step.isKey() ? node.path(step.name()) : node.path(step.index());
        }
        return node;
    }
}
