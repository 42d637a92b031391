package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessConfigTest {

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml", List.of())).getMessage();
    }

    private static String users(String... lines) {
        return "access:\n  users:\n" + String.join("\n", lines) + "\n";
    }

    @Test
    void theShippedConfigHasNoUsersAndServesLoopbackOnly() throws Exception {
        AccessConfig access = ConfigLoader.load(Path.of("config/gateway.yaml"), List.of()).access();
        assertEquals(AccessConfig.defaults(), access);
        assertEquals("loopback", access.unauthenticated());
    }

    @Test
    void loadsUsersAndDefaultsTheirHostToAnywhere() throws Exception {
        GatewayConfig config = ConfigLoader.parse(users(
                "    - {username: ops, password: pw, roles: [read, write], host: '172.*.*.*'}",
                "    - {username: viewer, password: pw2, roles: [read]}"), "gw.yaml", List.of());
        assertEquals(List.of(new AccessUserConfig("ops", "pw", List.of("read", "write"), "172.*.*.*"),
                new AccessUserConfig("viewer", "pw2", List.of("read"), "*")), config.access().users());
    }

    @Test
    void namesAnUnknownRole() {
        assertEquals("gw.yaml: access.users[1].roles[0]: \"admin\" (expected: read or write)", error(users(
                "    - {username: a, password: pw, roles: [read]}",
                "    - {username: b, password: pw, roles: [admin]}")));
    }

    @Test
    void refusesAUserWithoutRoles() {
        assertEquals("gw.yaml: access.users[0].roles: null (expected: a list of read and/or write)",
                error(users("    - {username: a, password: pw}")));
        assertEquals("gw.yaml: access.users[0].roles: [] (expected: a list of read and/or write)",
                error(users("    - {username: a, password: pw, roles: []}")));
    }

    @Test
    void namesADuplicateUsername() {
        assertEquals("gw.yaml: access.users[2].username: \"a\" (expected: a username not already used by users[0])",
                error(users("    - {username: a, password: pw, roles: [read]}",
                        "    - {username: b, password: pw, roles: [read]}",
                        "    - {username: a, password: other, roles: [write]}")));
    }

    @Test
    void refusesAnEmptyPasswordAndABrokenHashWithoutShowingIt() {
        assertEquals("gw.yaml: access.users[0].password: \"\" (expected: a non-empty password)",
                error(users("    - {username: a, password: '', roles: [read]}")));
        String broken = error(users("    - {username: a, password: '$2a$10$tooShortToBeAHash', roles: [read]}"));
        assertEquals("gw.yaml: access.users[0].password: (not shown) (expected: a bcrypt hash of 60 characters "
                + "($2a$NN$ + 53 of ./A-Za-z0-9))", broken);
        assertFalse(broken.contains("tooShort"));
    }

    @Test
    void namesABadHostGlob() {
        assertEquals("gw.yaml: access.users[0].host: \"10.*\" (expected: *, an IP address, or an IPv4 glob such as 172.*.*.*)",
                error(users("    - {username: a, password: pw, roles: [read], host: '10.*'}")));
    }

    @Test
    void refusesAUsernameWithAColonAndAnUnknownMode() {
        assertEquals("gw.yaml: access.users[0].username: \"a:b\" (expected: a name without \":\")",
                error(users("    - {username: 'a:b', password: pw, roles: [read]}")));
        assertEquals("gw.yaml: access.unauthenticated: \"none\" (expected: loopback or all)",
                error("access:\n  unauthenticated: none\n"));
    }

    @Test
    void acceptsAllInAnyCase() throws Exception {
        assertEquals("all", ConfigLoader.parse("access:\n  unauthenticated: ALL\n", "gw.yaml", List.of()).access().unauthenticated());
    }
}
