package io.mixgate.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A route path with {@code {name}} segments, e.g. {@code /api/ohlcv/{pair}}: a placeholder matches
 * exactly one non-empty segment, every other segment itself. Immutable; thread-safe.
 */
final class PathTemplate {
    private final String[] segments;

    PathTemplate(String template) {
        this.segments = template.split("/", -1);
    }

    /** The placeholders' values (URL-decoded) when {@code path} matches, else null. */
    Map<String, String> match(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != segments.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String s = segments[i];
            if (s.length() > 2 && s.startsWith("{") && s.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                try {
                    params.put(s.substring(1, s.length() - 1), URLDecoder.decode(parts[i], StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            } else if (!s.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }
}
