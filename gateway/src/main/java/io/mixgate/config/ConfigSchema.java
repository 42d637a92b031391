package io.mixgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the config records expect at each key path, read from the records
 * themselves so that it can never drift from them: the Java type at a path, the
 * keys a section accepts, and how to say what a type expects.
 */
final class ConfigSchema {

    private ConfigSchema() {
    }

    /** The declared type at {@code path} below {@link GatewayConfig}, or null when there is no such key. */
    static Type typeAt(KeyPath path) {
        Type type = GatewayConfig.class;
        for (KeyPath.Step step : path.steps()) {
            type = step.isKey() ? keyType(type, step.name()) : elementType(type);
            if (type == null) {
                return null;
            }
        }
        return type;
    }

    /** The keys a record accepts, in declaration order. */
    static List<String> keysOf(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    /** What a value of {@code type} looks like, in words; {@code value} is what the user gave. */
    static String expected(Type type, JsonNode value) {
        Class<?> raw = raw(type);
        if (raw == int.class || raw == Integer.class) {
            return value != null && value.isIntegralNumber() ? "a 32-bit integer" : "an integer";
        }
        if (raw == long.class || raw == Long.class) {
            return "an integer";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == String.class) {
            return "a string";
        }
        if (raw == Duration.class) {
            return GoDuration.EXPECTED;
        }
        if (raw != null && List.class.isAssignableFrom(raw)) {
            return "a list";
        }
        if (raw != null && raw.isRecord()) {
            return "a mapping with keys " + String.join(", ", keysOf(raw));
        }
        return "a mapping";
    }

    /** The class of {@code type} without its type arguments, or null. */
    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static Type keyType(Type type, String key) {
        Class<?> raw = raw(type);
        if (raw != null && raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                if (component.getName().equals(key)) {
                    return component.getGenericType();
                }
            }
            return null;
        }
        if (raw != null && Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[1];
        }
        return null;
    }

    private static Type elementType(Type type) {
        Class<?> raw = raw(type);
        if (raw != null && List.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[0];
        }
        return null;
    }
}
