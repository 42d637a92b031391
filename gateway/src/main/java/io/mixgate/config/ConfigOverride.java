package io.mixgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/**
 * One {@code --set key.path=value} given on the command line, applied to the parsed
 * YAML tree before binding so that it meets the same validation as the file.
 * Immutable.
 *
 * @param origin where it came from, for messages: {@code --set} or {@code environment}
 * @param text  the override as the user wrote it, for messages
 * @param path  where it sets a value, e.g. {@code servers[0].options.path}
 * @param value the value, parsed as a YAML scalar; null (or an empty value) means "the default"
 */
record ConfigOverride(String origin, String text, KeyPath path, JsonNode value) {

    /** How messages name this override, e.g. {@code --set servers[0].port=x}. */
    String describe() {
        return origin + " " + text;
    }


    /**
     * Parses {@code text}, reading the value with {@code yaml}.
     *
     * @throws ConfigException if it is not {@code key=value} with a valid key path
     */
    static ConfigOverride parse(String text, ObjectMapper yaml) throws ConfigException {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--set " + text + ": expected key=value");
        }
        String key = text.substring(0, eq).strip();
        try {
            return new ConfigOverride("--set", text, KeyPath.parse(key), scalar(text.substring(eq + 1).strip(), yaml));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--set " + text + ": " + Require.quote(key)
                    + " (expected: a key path such as servers[0].port)", e);
        }
    }

    /**
     * Sets the value in {@code root}, creating missing sections, and a list element
     * when the index is the next free one (e.g. {@code servers[1]} when there is one server).
     *
     * @return the path of the outermost node this created, or {@link #path()} if it created none;
     *         problems found later at or below it are blamed on this override
     * @throws ConfigException if the path runs through a plain value or skips list indexes
     */
    KeyPath applyTo(ObjectNode root) throws ConfigException {
        KeyPath created = null;
        JsonNode node = root;
        KeyPath here = KeyPath.ROOT;
        List<KeyPath.Step> steps = path.steps();
        for (int i = 0; i < steps.size(); i++) {
            KeyPath.Step step = steps.get(i);
            boolean last = i == steps.size() - 1;
            boolean nextIsIndex = !last && !steps.get(i + 1).isKey();
            if (step.isKey() && node instanceof ObjectNode section) {
                JsonNode next = section.get(step.name());
                if (last) {
                    section.set(step.name(), value);
                    break;
                } else if (next == null || next.isNull()) {
                    created = created != null ? created : here.child(step.name());
                    next = nextIsIndex ? section.putArray(step.name()) : section.putObject(step.name());
                }
                node = next;
            } else if (!step.isKey() && node instanceof ArrayNode list) {
                if (step.index() > list.size()) {
                    throw new ConfigException(describe() + ": " + here.child(step.index())
                            + ": no such entry (expected: an index from 0 to " + list.size() + ")");
                }
                if (step.index() == list.size()) {
                    created = created != null ? created : here.child(step.index());
                    list.add(nextIsIndex ? list.arrayNode() : list.objectNode());
                }
                if (last) {
                    list.set(step.index(), value);
                    break;
                }
                node = list.get(step.index());
            } else {
                String want = step.isKey() ? "key " + step.name() : "index [" + step.index() + "]";
                throw new ConfigException(describe() + ": " + (here.isRoot() ? "the top level" : here.toString())
                        + " is " + ConfigErrors.show(node) + ", which has no " + want);
            }
            here = step.isKey() ? here.child(step.name()) : here.child(step.index());
        }
        return created != null ? created : path;
    }

    // YAML typing (7 is a number, true a boolean) unless the text reads as a comment or a structure.
    static JsonNode scalar(String raw, ObjectMapper yaml) {
        if (raw.isEmpty()) {
            return NullNode.getInstance();
        }
        try {
            JsonNode parsed = yaml.readTree(raw);
            if (parsed != null && parsed.isValueNode()) {
                return parsed;
            }
        } catch (java.io.IOException e) {
            // not valid YAML on its own, e.g. "a: b: c": take it as text
        }
        return TextNode.valueOf(raw);
    }
}
