package io.mixgate.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Config keys given as environment variables, as containers expect: {@code MIXGATE_} followed by
 * the key path in upper case with {@code .} and {@code [i]} written as {@code _}, e.g.
 * {@code MIXGATE_SERVERS_0_PORT=7000}, {@code MIXGATE_REDIS_URI=redis://redis:6379},
 * {@code MIXGATE_SERVERS_0_MAXFRAMESIZE=131072}. Names are matched against the config records
 * case-insensitively, so a camelCase key is written without separators. Below a free-form mapping
 * ({@code servers[i].options}, {@code demoAuth.tokens}) the rest of the name is the entry's name in
 * lower case, underscores kept ({@code MIXGATE_SERVERS_0_OPTIONS_AUTH_URL}).
 *
 * <p>{@link #RESERVED} names belong to the launcher and are skipped. Stateless and thread-safe.
 */
final class ConfigEnvironment {

    static final String PREFIX = "MIXGATE_";
    /** Variables read by bin/mixgate and mx, not config keys. */
    static final Set<String> RESERVED = Set.of("MIXGATE_JAVA_OPTS", "MIXGATE_HOME");

    private ConfigEnvironment() {
    }

    /**
     * The overrides named by {@code env}, in key-path order (so {@code SERVERS_0} comes before
     * {@code SERVERS_1} and {@code SERVERS_10}).
     *
     * @throws ConfigException naming the variable and its value when a name matches no config key
     */
    static List<ConfigOverride> overrides(Map<String, String> env, ObjectMapper yaml) throws ConfigException {
        List<ConfigOverride> found = new ArrayList<>();
        for (Map.Entry<String, String> entry : env.entrySet()) {
            String name = entry.getKey();
            if (!name.startsWith(PREFIX) || RESERVED.contains(name)) {
                continue;
            }
            KeyPath path = resolve(name.substring(PREFIX.length()));
            String text = name + "=" + entry.getValue();
            if (path == null) {
                throw new ConfigException("environment " + text + ": " + name + " names no config key"
                        + " (expected: MIXGATE_ and a key path in upper case, . and [i] as _, e.g. MIXGATE_SERVERS_0_PORT;"
                        + " see mixgate defaults for the keys)");
            }
            found.add(new ConfigOverride("environment", text, path, ConfigOverride.scalar(entry.getValue().strip(), yaml)));
        }
        found.sort(Comparator.comparing(o -> sortKey(o.path())));
        return found;
    }

    /** The key path {@code name} (without the prefix) names, or null. */
    static KeyPath resolve(String name) {
        String[] tokens = name.split("_", -1);
        KeyPath path = KeyPath.ROOT;
        Type type = GatewayConfig.class;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            Class<?> raw = ConfigSchema.raw(type);
            if (raw == null || token.isEmpty()) {
                return null;
            }
            if (raw.isRecord()) {
                RecordComponent match = null;
                for (RecordComponent component : raw.getRecordComponents()) {
                    if (component.getName().equalsIgnoreCase(token)) {
                        match = component;
                    }
                }
                if (match == null) {
                    return null;
                }
                path = path.child(match.getName());
                type = match.getGenericType();
            } else if (List.class.isAssignableFrom(raw)) {
                if (!token.chars().allMatch(Character::isDigit) || token.length() > 9) {
                    return null;
                }
                path = path.child(Integer.parseInt(token));
                type = ConfigSchema.typeAt(path);
            } else if (Map.class.isAssignableFrom(raw)) {
                String key = String.join("_", List.of(tokens).subList(i, tokens.length)).toLowerCase(Locale.ROOT);
                return path.child(key);
            } else {
                return null; // a plain value has no keys below it
            }
        }
        Class<?> last = ConfigSchema.raw(type);
        return last != null && (last.isRecord() || Map.class.isAssignableFrom(last)) ? null : path;
    }

    private static String sortKey(KeyPath path) {
        StringBuilder key = new StringBuilder();
        for (KeyPath.Step step : path.steps()) {
            key.append(step.isKey() ? "." + step.name() : String.format("[%09d]", step.index()));
        }
        return key.toString();
    }
}
