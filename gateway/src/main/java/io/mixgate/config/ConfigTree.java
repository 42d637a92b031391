package io.mixgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Edits of the parsed YAML tree made before it is bound to the records: turning
 * CONNMIX's list-form {@code options} into a mapping, and filling in defaults.
 * Not thread-safe; each load works on its own tree.
 */
final class ConfigTree {

    private static final List<String> OPTION_KEYS = List.of("name", "value");

    private ConfigTree() {
    }

    /**
     * Fills every missing or null key of {@code node} from {@code defaults}, guided
     * by {@code type}: sections (records) are filled key by key, list elements from the
     * first default element, and mappings (options, tokens) are taken whole. A missing,
     * null or empty list becomes the default list.
     *
     * @return the filled node, which is {@code node} itself unless it was missing or null
     */
    static JsonNode fillDefaults(JsonNode node, JsonNode defaults, Type type) {
        if (defaults == null || defaults.isNull()) {
            return node; // nothing to fill from: the elements of a list whose default is empty (access.users)
        }
        if (node == null || node.isNull()) {
            return defaults.deepCopy();
        }
        Class<?> raw = ConfigSchema.raw(type);
        if (raw != null && raw.isRecord() && node instanceof ObjectNode section) {
            for (RecordComponent component : raw.getRecordComponents()) {
                String key = component.getName();
                section.set(key, fillDefaults(section.get(key), defaults.get(key), component.getGenericType()));
            }
        } else if (raw == List.class && node instanceof ArrayNode list && type instanceof ParameterizedType p) {
            if (list.isEmpty()) {
                return defaults.deepCopy();
            }
            for (int i = 0; i < list.size(); i++) {
                list.set(i, fillDefaults(list.get(i), defaults.get(0), p.getActualTypeArguments()[0]));
            }
        }
        return node;
    }

    /**
     * Rewrites each {@code servers[i].options} given in CONNMIX's list form
     * ({@code - name: path / value: /chat}) as a plain mapping.
     */
    static void normalizeOptions(ObjectNode root) throws ConfigProblem {
        if (!(root.get("servers") instanceof ArrayNode servers)) {
            return;
        }
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i) instanceof ObjectNode server && server.get("options") instanceof ArrayNode list) {
                KeyPath path = KeyPath.ROOT.child("servers").child(i).child("options");
                server.set("options", optionsMap(list, path));
            }
        }
    }

    private static ObjectNode optionsMap(ArrayNode list, KeyPath path) throws ConfigProblem {
        ObjectNode map = list.objectNode();
        for (int j = 0; j < list.size(); j++) {
            KeyPath at = path.child(j);
            JsonNode item = list.get(j);
            JsonNode name = item.get("name");
            if (!item.isObject() || name == null || !name.isValueNode() || name.asText().isEmpty()
                    || !item.has("value")) {
                throw new ConfigProblem(at, ConfigErrors.show(item) + " (expected: a mapping with name and value)");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                String key = it.next().getKey();
                if (!OPTION_KEYS.contains(key)) {
                    throw new ConfigProblem(at.child(key), ConfigErrors.unknownKey(OPTION_KEYS));
                }
            }
            if (map.has(name.asText())) {
                throw new ConfigProblem(at.child("name"),
                        ConfigErrors.show(name) + " (expected: a name not already used in " + path + ")");
            }
            map.set(name.asText(), item.get("value"));
        }
        return map;
    }
}
