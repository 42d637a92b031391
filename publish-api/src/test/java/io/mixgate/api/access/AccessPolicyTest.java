package io.mixgate.api.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.mixgate.api.ApiAccess.Decision;
import io.mixgate.api.ApiAccess.Role;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy alone, including clients it cannot meet in a test: non-loopback addresses. */
class AccessPolicyTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 50000);
    private static final InetSocketAddress LOOPBACK6 = new InetSocketAddress("::1", 50000);
    private static final InetSocketAddress OUTSIDE = new InetSocketAddress("192.0.2.1", 50000);

    private static ApiUser user(String name, String password, String host, Role... roles) {
        return new ApiUser(name, Password.of(password), Set.of(roles), HostPattern.parse(host));
    }

    private static String bcrypt(BCrypt.Version version, String password) {
        return new String(BCrypt.with(version).hash(4, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }

    @Test
    void withoutUsersOnlyLoopbackGetsIn() {
        AccessPolicy policy = new AccessPolicy(List.of(), Unauthenticated.LOOPBACK);

        assertTrue(policy.check(LOOPBACK, null, Role.WRITE).allowed());
        assertTrue(policy.check(LOOPBACK6, null, Role.READ).allowed());
        Decision outside = policy.check(OUTSIDE, null, Role.READ);
        assertEquals(403, outside.status());
        assertEquals("the API serves loopback clients only until access.users is configured", outside.message());
        assertEquals(403, policy.check(OUTSIDE, BasicCredentials.header("any", "thing"), Role.READ).status());
    }

    @Test
    void unauthenticatedAllLetsEveryoneInWhileThereAreNoUsers() {
        AccessPolicy policy = new AccessPolicy(List.of(), Unauthenticated.ALL);
        assertTrue(policy.check(OUTSIDE, null, Role.WRITE).allowed());

        policy.replace(List.of(user("ops", "pw", "*", Role.WRITE)), Unauthenticated.ALL);
        assertEquals(401, policy.check(OUTSIDE, null, Role.WRITE).status(), "users configured: credentials needed");
    }

    @Test
    void withUsersLoopbackNeedsCredentialsToo() {
        AccessPolicy policy = new AccessPolicy(List.of(user("ops", "pw", "*", Role.READ)), Unauthenticated.LOOPBACK);

        Decision none = policy.check(LOOPBACK, null, Role.READ);
        Decision wrong = policy.check(LOOPBACK, BasicCredentials.header("ops", "nope"), Role.READ);
        Decision unknown = policy.check(LOOPBACK, BasicCredentials.header("who", "pw"), Role.READ);
        assertEquals(new Decision(401, "missing or wrong credentials"), none);
        assertEquals(none, wrong);
        assertEquals(none, unknown);
        assertTrue(policy.check(LOOPBACK, BasicCredentials.header("ops", "pw"), Role.READ).allowed());
    }

    @Test
    void hostAndRoleAreCheckedAfterThePassword() {
        AccessPolicy policy = new AccessPolicy(List.of(user("lan", "pw", "10.*.*.*", Role.READ, Role.WRITE),
                user("reader", "pw", "*", Role.READ)), Unauthenticated.LOOPBACK);

        assertEquals(401, policy.check(OUTSIDE, BasicCredentials.header("lan", "wrong"), Role.READ).status(),
                "a wrong password never reveals the user's host rule");
        assertEquals(403, policy.check(OUTSIDE, BasicCredentials.header("lan", "pw"), Role.READ).status());
        assertTrue(policy.check(new InetSocketAddress("10.1.2.3", 1), BasicCredentials.header("lan", "pw"), Role.WRITE).allowed());
        Decision noRole = policy.check(OUTSIDE, BasicCredentials.header("reader", "pw"), Role.WRITE);
        assertEquals(403, noRole.status());
        assertTrue(noRole.message().contains("write"), noRole.message());
    }

    @Test
    void writeDoesNotImplyRead() {
        AccessPolicy policy = new AccessPolicy(List.of(user("w", "pw", "*", Role.WRITE)), Unauthenticated.LOOPBACK);
        assertEquals(403, policy.check(LOOPBACK, BasicCredentials.header("w", "pw"), Role.READ).status());
    }

    @Test
    void bcryptHashesOfEveryVersionAreAccepted() {
        for (BCrypt.Version version : List.of(BCrypt.Version.VERSION_2A, BCrypt.Version.VERSION_2B, BCrypt.Version.VERSION_2Y)) {
            String hash = bcrypt(version, "s3cret £");
            AccessPolicy policy = new AccessPolicy(List.of(user("ops", hash, "*", Role.READ)), Unauthenticated.LOOPBACK);
            assertTrue(policy.check(LOOPBACK, BasicCredentials.header("ops", "s3cret £"), Role.READ).allowed(), hash);
            assertEquals(401, policy.check(LOOPBACK, BasicCredentials.header("ops", "s3cret"), Role.READ).status(), hash);
        }
    }

    @Test
    void aVerifiedBcryptHeaderIsCachedUntilTheUsersChange() {
        String header = BasicCredentials.header("ops", "pw");
        AccessPolicy policy = new AccessPolicy(List.of(user("ops", bcrypt(BCrypt.Version.VERSION_2B, "pw"), "*", Role.READ)),
                Unauthenticated.LOOPBACK);
        assertTrue(policy.costly(header));
        assertTrue(policy.costly(BasicCredentials.header("ops", "wrong")));
        assertFalse(policy.costly(BasicCredentials.header("nobody", "pw")));
        assertFalse(policy.costly(null));

        assertTrue(policy.check(LOOPBACK, header, Role.READ).allowed());
        assertFalse(policy.costly(header), "verified once, then cached");
        assertEquals(401, policy.check(LOOPBACK, BasicCredentials.header("ops", "wrong"), Role.READ).status());
        assertTrue(policy.costly(BasicCredentials.header("ops", "wrong")), "failures are not cached");

        policy.replace(List.of(user("ops", bcrypt(BCrypt.Version.VERSION_2B, "new"), "*", Role.READ)), Unauthenticated.LOOPBACK);
        assertTrue(policy.costly(header));
        assertEquals(401, policy.check(LOOPBACK, header, Role.READ).status(), "the old password is not accepted from the cache");
    }

    @Test
    void plainPasswordsAreNeverCostly() {
        AccessPolicy policy = new AccessPolicy(List.of(user("ops", "pw", "*", Role.READ)), Unauthenticated.LOOPBACK);
        assertFalse(policy.costly(BasicCredentials.header("ops", "pw")));
    }

    @Test
    void replaceSwapsTheUsers() {
        AccessPolicy policy = new AccessPolicy(List.of(user("a", "pw", "*", Role.READ)), Unauthenticated.LOOPBACK);
        policy.replace(List.of(user("b", "pw", "*", Role.READ)), Unauthenticated.LOOPBACK);
        assertEquals(401, policy.check(LOOPBACK, BasicCredentials.header("a", "pw"), Role.READ).status());
        assertTrue(policy.check(LOOPBACK, BasicCredentials.header("b", "pw"), Role.READ).allowed());
        assertThrows(IllegalArgumentException.class,
                () -> policy.replace(List.of(user("b", "1", "*"), user("b", "2", "*")), Unauthenticated.LOOPBACK));
        assertTrue(policy.check(LOOPBACK, BasicCredentials.header("b", "pw"), Role.READ).allowed(), "a refused list changes nothing");
    }

    @Test
    void badPasswordsAreRefusedWithoutShowingThem() {
        assertThrows(IllegalArgumentException.class, () -> Password.of(""));
        String hash = bcrypt(BCrypt.Version.VERSION_2A, "pw");
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class, () -> Password.of(hash.substring(0, 50)));
        assertFalse(truncated.getMessage().contains(hash.substring(7, 20)), truncated.getMessage());
        String costly = "$2a$15$" + hash.substring(7);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Password.of(costly)).getMessage().contains("15"));
    }
}
