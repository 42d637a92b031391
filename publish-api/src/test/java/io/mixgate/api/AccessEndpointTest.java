package io.mixgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.mixgate.api.ApiAccess.Role;
import io.mixgate.api.access.AccessPolicy;
import io.mixgate.api.access.ApiUser;
import io.mixgate.api.access.BasicCredentials;
import io.mixgate.api.access.HostPattern;
import io.mixgate.api.access.Password;
import io.mixgate.api.access.Unauthenticated;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The access policy in front of a real API on loopback, called by a real HTTP client. */
class AccessEndpointTest {

    private static final String PUBLISH = "{\"c\":\"room:1\",\"d\":\"aGk=\",\"t\":\"text\"}";

    private final AccessPolicy policy = new AccessPolicy(List.of(
            user("admin", "adminpw", "*", Role.READ, Role.WRITE),
            user("reader", "readpw", "*", Role.READ),
            user("lan", "lanpw", "10.*.*.*", Role.READ, Role.WRITE),
            user("local", "localpw", "127.*.*.*", Role.READ, Role.WRITE),
            user("hashed", new String(BCrypt.withDefaults().hash(10, "hashpw".getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.US_ASCII), "*", Role.READ, Role.WRITE)),
            Unauthenticated.LOOPBACK);
    private final RunningApi api = new RunningApi(policy);

    private static ApiUser user(String name, String password, String host, Role... roles) {
        return new ApiUser(name, Password.of(password), Set.of(roles), HostPattern.parse(host));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private RunningApi.Reply publishAs(String header) throws Exception {
        HttpRequest.Builder request = api.request("/v1/mesh/publish").POST(HttpRequest.BodyPublishers.ofString(PUBLISH));
        if (header != null) {
            request.header("Authorization", header);
        }
        return api.send(request.build());
    }

    private RunningApi.Reply nodesAs(String header) throws Exception {
        return api.send(api.request("/v1/nodes").header("Authorization", header).GET().build());
    }

    @Test
    void noCredentialsGet401WithAChallenge() throws Exception {
        RunningApi.Reply reply = publishAs(null);

        assertEquals(401, reply.status());
        assertEquals(102, reply.errorCode());
        assertEquals("missing or wrong credentials", reply.errorMessage());
        assertEquals("Basic realm=\"mixgate\", charset=\"UTF-8\"", reply.raw().headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("application/json", reply.contentType());
        assertTrue(api.mesh.published.isEmpty(), "the handler did not run");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameReply() throws Exception {
        RunningApi.Reply wrong = publishAs(BasicCredentials.header("admin", "nope"));
        RunningApi.Reply unknown = publishAs(BasicCredentials.header("nobody", "adminpw"));

        assertEquals(401, wrong.status());
        assertEquals(401, unknown.status());
        assertEquals(wrong.raw().body(), unknown.raw().body());
        assertTrue(api.mesh.published.isEmpty());
    }

    @Test
    void theRightUserPublishes() throws Exception {
        assertEquals(200, publishAs(BasicCredentials.header("admin", "adminpw")).status());
        assertEquals("room:1", api.mesh.published.poll().channel());
    }

    @Test
    void aReadUserListsNodesButCannotPublish() throws Exception {
        assertEquals(200, nodesAs(BasicCredentials.header("reader", "readpw")).status());

        RunningApi.Reply publish = publishAs(BasicCredentials.header("reader", "readpw"));
        assertEquals(403, publish.status());
        assertEquals(103, publish.errorCode());
        assertTrue(publish.raw().headers().firstValue("WWW-Authenticate").isEmpty());
        assertTrue(api.mesh.published.isEmpty());
    }

    @Test
    void aUserFromAHostOutsideItsGlobIsRefused() throws Exception {
        RunningApi.Reply lan = publishAs(BasicCredentials.header("lan", "lanpw"));
        assertEquals(403, lan.status());
        assertEquals("this user may not use the API from this address", lan.errorMessage());

        assertEquals(200, publishAs(BasicCredentials.header("local", "localpw")).status());
    }

    @Test
    void aBcryptPasswordIsAcceptedAndAWrongOneIsNot() throws Exception {
        String header = BasicCredentials.header("hashed", "hashpw");
        assertTrue(policy.costly(header), "not verified yet: the check runs on a worker");
        assertEquals(200, publishAs(header).status());
        assertEquals(200, nodesAs(header).status(), "the second request is served from the cache");
        assertEquals(401, publishAs(BasicCredentials.header("hashed", "hashpw2")).status());
    }

    @Test
    void healthAndVersionStayPublic() throws Exception {
        assertEquals(200, api.get("/health").status());
        assertEquals(200, api.get("/version").status());
    }

    @Test
    void withoutUsersLoopbackGetsInAndUsersReplacedAtRunTimeApplyAtOnce() throws Exception {
        policy.replace(List.of(), Unauthenticated.LOOPBACK);
        assertEquals(200, publishAs(null).status());

        policy.replace(List.of(user("fresh", "pw", "*", Role.WRITE)), Unauthenticated.LOOPBACK);
        assertEquals(401, publishAs(null).status());
        assertEquals(401, publishAs(BasicCredentials.header("admin", "adminpw")).status());
        assertEquals(200, publishAs(BasicCredentials.header("fresh", "pw")).status());
    }
}
