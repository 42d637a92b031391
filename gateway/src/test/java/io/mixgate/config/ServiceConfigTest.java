package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** services[], routes[] and timers: errors name the key and the value. */
class ServiceConfigTest {
    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml", List.of())).getMessage();
    }

    private static final String BASE = "servers: [{}]\n";

    @Test
    void badValuesAreNamedWithTheirKeys() {
        assertContains(error(BASE + "services: [{name: a, entry: a.lua, mode: sometimes}]\n"),
                "services[0].mode: \"sometimes\" (expected: every or one)");
        assertContains(error(BASE + "services: [{name: a, entry: a.lua}, {name: a, entry: b.lua}]\n"),
                "services[1].name: \"a\" (expected: a name not already used by services[0])");
        assertContains(error(BASE + "services: [{name: a, entry: a.lua}]\nroutes: [{method: GET, path: /x, service: b, function: f}]\n"),
                "routes[0].service: \"b\" (expected: the name of a services[] entry)");
        assertContains(error(BASE + "services: [{name: a, entry: a.lua}]\nroutes: [{method: GET, path: /x, service: a, function: f, role: admin}]\n"),
                "routes[0].role: \"admin\" (expected: public, read or write)");
        assertContains(error(BASE + "services: [{name: a, entry: a.lua}]\nroutes: [{method: GET, path: /v1/mine, service: a, function: f}]\n"),
                "routes[0].path: \"/v1/mine\"");
        assertContains(error(BASE + "timers: {minInterval: 0s}\n"), "timers.minInterval: 0s");
        assertContains(error(BASE + "timers: {maxPerConnection: -1}\n"), "timers.maxPerConnection: -1");
    }

    @Test
    void aRouteWithoutRoleNeedsTheWriteRole() {
        assertEquals("write", new RouteConfig("get", "/api/x", "a", "f", null, null).role());
        assertEquals("GET", new RouteConfig("get", "/api/x", "a", "f", null, null).method());
    }

    private static void assertContains(String message, String part) {
        if (!message.contains(part)) {
            throw new AssertionError("expected '" + part + "' in: " + message);
        }
    }
}
