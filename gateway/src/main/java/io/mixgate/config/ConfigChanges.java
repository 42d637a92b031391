package io.mixgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which keys differ between two configurations, as key paths ({@code servers[0].port},
 * {@code redis.uri}); a list that changed length is named as a whole. Used by hot config to say
 * what a change left waiting for a restart. Values are never returned, so passwords stay out of
 * logs.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigChanges {

    private static final ObjectMapper MAPPER = ConfigMapper.create();

    private ConfigChanges() {
    }

    /** The key paths whose values differ, in the config's order. */
    public static List<String> between(GatewayConfig before, GatewayConfig after) {
        List<String> out = new ArrayList<>();
        diff(MAPPER.valueToTree(before), MAPPER.valueToTree(after), KeyPath.ROOT, out);
        return out;
    }

    private static void diff(JsonNode a, JsonNode b, KeyPath at, List<String> out) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                diff(a.path(key), b.path(key), at.child(key), out);
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(a.get(i), b.get(i), at.child(i), out);
            }
        } else {
            out.add(at.toString());
        }
    }
}
