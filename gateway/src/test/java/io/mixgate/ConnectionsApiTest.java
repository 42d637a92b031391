package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mixgate.api.access.BasicCredentials;
import io.mixgate.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real node with access users, real WebSocket clients carrying context values, a real HTTP
 * client: {@code /v1/connections} lists with each filter and stable paging, one connection's info,
 * closes with the client seeing the code and reason, channel counts, and READ vs WRITE roles.
 */
class ConnectionsApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path folder;
    private Gateway gateway;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path file = folder.resolve("gateway.yaml");
        Files.writeString(file, """
                servers:
                  - port: 0
                    bind: 127.0.0.1
                    entry: gateway/src/test/resources/lua/probe.lua
                    byteCodeExpires: 0s
                apiServer:
                  port: 0
                  bind: 127.0.0.1
                access:
                  users:
                    - {username: ops, password: one, roles: [read, write]}
                    - {username: viewer, password: two, roles: [read]}
                """);
        gateway = Gateway.start(ConfigLoader.load(file, List.of()), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        if (gateway != null) {
            gateway.close();
        }
    }

    private WsClient client(Object uid, String... channels) throws Exception {
        WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + gateway.serverPort(0) + "/"));
        clients.add(client);
        String value = uid instanceof String s ? "'" + s + "'" : String.valueOf(uid);
        Probe.eval(client, "mix.websocket():set_context_value('uid', " + value + ") return 1");
        for (String channel : channels) {
            Probe.eval(client, "return mix.websocket():subscribe('" + channel + "')");
        }
        return client;
    }

    private static String id(WsClient client) throws Exception {
        return Probe.eval(client, "return mix.websocket():client_id()").asText();
    }

    private ApiClient.Reply call(String method, String path, String body, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.apiPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", BasicCredentials.header(user, password));
        }
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new ApiClient.Reply(r.statusCode(), r.body());
    }

    private JsonNode get(String path) throws Exception {
        ApiClient.Reply reply = call("GET", path, null, "viewer", "two");
        assertEquals(200, reply.status(), reply.body());
        return Probe.JSON.readTree(reply.body());
    }

    private JsonNode post(String path, String body) throws Exception {
        ApiClient.Reply reply = call("POST", path, body, "ops", "one");
        assertEquals(200, reply.status(), reply.body());
        return Probe.JSON.readTree(reply.body());
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("connections").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    @Test
    void listsWithEachFilterAndPagesInIdOrder() throws Exception {
        WsClient a = client(1001, "room");
        WsClient b = client("1001");
        WsClient c = client(7, "room", "other");
        List<String> all = new ArrayList<>(List.of(id(a), id(b), id(c)));
        all.sort((x, y) -> Long.compare(Long.parseLong(x), Long.parseLong(y)));

        JsonNode everyone = get("/v1/connections");
        assertEquals(all, ids(everyone));
        assertFalse(everyone.path("partial").asBoolean());
        assertTrue(everyone.path("next_cursor").isNull());
        assertEquals(List.of(id(a), id(b)).stream().sorted().toList(), ids(get("/v1/connections?key=uid&value=1001")).stream().sorted().toList(),
                "a number and a string both read as 1001");
        assertEquals(List.of(id(a), id(c)).stream().sorted().toList(), ids(get("/v1/connections?channel=room")).stream().sorted().toList());
        assertEquals(List.of(id(c)), ids(get("/v1/connections?channel=room&key=uid&value=7")));
        assertEquals(all, ids(get("/v1/connections?server=0")));
        assertEquals(List.of(), ids(get("/v1/connections?server=1")));
        JsonNode row = get("/v1/connections?key=uid&value=7").path("connections").get(0);
        assertEquals(2, row.path("channels").asInt());
        assertEquals(7, row.path("context").path("uid").asInt());

        JsonNode first = get("/v1/connections?limit=2");
        assertEquals(all.subList(0, 2), ids(first));
        String cursor = first.path("next_cursor").asText();
        assertEquals(all.get(1), cursor);
        client(5); // a newer connection: sorts after the cursor, never shifts a page already read
        JsonNode second = get("/v1/connections?limit=2&cursor=" + cursor);
        assertEquals(all.get(2), ids(second).get(0));
        assertEquals(2, ids(second).size());
        assertTrue(second.path("next_cursor").isNull(), second.toString());

        assertEquals(400, call("GET", "/v1/connections?limit=0", null, "viewer", "two").status());
        assertEquals(400, call("GET", "/v1/connections?key=uid", null, "viewer", "two").status());
        assertEquals(400, call("GET", "/v1/connections?cursor=abc", null, "viewer", "two").status());
    }

    @Test
    void infoShowsOneConnection() throws Exception {
        long before = System.currentTimeMillis();
        WsClient a = client(1001, "room", "alpha");
        JsonNode info = get("/v1/connections/" + id(a));
        assertEquals(id(a), info.path("id").asText());
        assertEquals(Integer.toString(gateway.nodeId()), info.path("node").asText());
        assertTrue(info.path("remote").asText().startsWith("127.0.0.1:"), info.toString());
        long since = info.path("connected_at").asLong();
        assertTrue(since >= before - 1000 && since <= System.currentTimeMillis(), info.toString());
        assertEquals("[\"alpha\",\"room\"]", info.path("channels").toString());
        assertEquals(1001, info.path("context").path("uid").asInt());
        assertTrue(info.path("outbound_bytes").asLong() >= 0, info.toString());

        ApiClient.Reply unknown = call("GET", "/v1/connections/12345", null, "viewer", "two");
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals(400, call("GET", "/v1/connections/abc", null, "viewer", "two").status());
    }

    @Test
    void closesOneConnectionWithCodeAndReason() throws Exception {
        WsClient a = client(1001);
        WsClient b = client(1001);
        assertEquals(400, call("POST", "/v1/connections/" + id(a) + "/close", "{\"code\":2000}", "ops", "one").status());
        assertEquals(400, call("POST", "/v1/connections/" + id(a) + "/close", "{\"reason\":\"" + "x".repeat(124) + "\"}",
                "ops", "one").status());

        assertEquals(1, post("/v1/connections/" + id(a) + "/close", "{\"code\":4000,\"reason\":\"bye\"}").path("closed").asInt());
        WsClient.Closed closed = a.awaitClose();
        assertEquals(4000, closed.code());
        assertEquals("bye", closed.reason());
        Eventually.until("the closed connection leaves the list", () -> ids(get("/v1/connections")).size() == 1);
        assertEquals(404, call("POST", "/v1/connections/12345/close", "{}", "ops", "one").status());

        assertEquals(1, post("/v1/connections/" + id(b) + "/close", "").path("closed").asInt());
        assertEquals(1000, b.awaitClose().code(), "1000 by default");
    }

    @Test
    void closesAllConnectionsOfAUser() throws Exception {
        WsClient a = client(1001);
        WsClient b = client("1001");
        WsClient other = client(1002);
        JsonNode reply = post("/v1/connections/close", "{\"key\":\"uid\",\"value\":\"1001\",\"code\":4001,\"reason\":\"kicked\"}");
        assertEquals(2, reply.path("closed").asInt(), reply.toString());
        assertFalse(reply.path("partial").asBoolean());
        assertEquals(new WsClient.Closed(4001, "kicked"), a.awaitClose());
        assertEquals(new WsClient.Closed(4001, "kicked"), b.awaitClose());
        assertEquals("1", Probe.eval(other, "return 1").asText(), "the other user stays connected");
        assertEquals(400, call("POST", "/v1/connections/close", "{\"value\":\"1001\"}", "ops", "one").status());
    }

    @Test
    void countsChannelSubscribers() throws Exception {
        client(1, "room", "alpha");
        client(2, "room");
        client(3, "rox");
        JsonNode channels = get("/v1/channels?prefix=ro");
        assertEquals("[{\"name\":\"room\",\"subscribers\":2},{\"name\":\"rox\",\"subscribers\":1}]",
                channels.path("channels").toString());
        JsonNode page = get("/v1/channels?limit=1");
        assertEquals("alpha", page.path("channels").get(0).path("name").asText());
        assertEquals("alpha", page.path("next_cursor").asText());
        assertEquals("room", get("/v1/channels?limit=1&cursor=alpha").path("channels").get(0).path("name").asText());
        assertEquals(2, get("/v1/channels/room").path("subscribers").asInt());
        assertEquals(0, get("/v1/channels/nobody").path("subscribers").asInt());
    }

    @Test
    void readRoleLooksWriteRoleActs() throws Exception {
        WsClient a = client(1001);
        assertEquals(401, call("GET", "/v1/connections", null, null, null).status());
        assertEquals(401, call("GET", "/v1/channels", null, "viewer", "wrong").status());
        assertEquals(200, call("GET", "/v1/connections/" + id(a), null, "viewer", "two").status());
        assertEquals(403, call("POST", "/v1/connections/" + id(a) + "/close", "{}", "viewer", "two").status());
        assertEquals(403, call("POST", "/v1/connections/close", "{\"key\":\"uid\",\"value\":1001}", "viewer", "two").status());
        assertEquals("1", Probe.eval(a, "return 1").asText(), "a refused close closes nothing");
        assertEquals(200, call("POST", "/v1/connections/close", "{\"key\":\"uid\",\"value\":1001}", "ops", "one").status());
        assertEquals(1000, a.awaitClose().code());
    }
}
