package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every {@code mix.*} and {@code conn:*} function, called from a real script on a real node. */
class LuaApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AuthStub auth;
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        auth = new AuthStub().user("t", 7);
        node = TestNode.withScript("probe.lua", "servers[0].options.auth_url=" + auth.url(),
                "servers[0].options.greeting=hi there");
    }

    @AfterAll
    static void stop() {
        node.close();
        auth.close();
    }

    /** Runs {@code lua} in the probe's on_message and returns its result, failing if it raised. */
    private static JsonNode eval(WsClient client, String lua) throws Exception {
        JsonNode reply = JSON.readTree(client.ask(lua));
        assertTrue(reply.get("ok").asBoolean(), "lua raised: " + reply.get("r"));
        return reply.get("r");
    }

    @Test
    void jsonEncodeAndDecode() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("{\"a\":[1,2,3]}", eval(c, "return mix.json_encode({a={1,2,3}})").asText());
            assertEquals("x", eval(c, "local t = mix.json_decode('{\"k\":[\"x\"]}') return t.k[1]").asText());
            assertEquals("bad", eval(c, "local t, err = mix.json_decode('{nope') if t == nil and err then return 'bad' end").asText());
        }
    }

    @Test
    void codecsAndHashes() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("aGVsbG8=", eval(c, "return mix.base64_encode('hello')").asText());
            assertEquals("hello", eval(c, "return mix.base64_decode('aGVsbG8=')").asText());
            assertEquals("5d41402abc4b2a76b9719d911017c592", eval(c, "return mix.md5('hello')").asText());
            assertEquals("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", eval(c, "return mix.sha1('hello')").asText());
            assertEquals(16, eval(c, "return #mix.md5_bin('hello')").asInt());
            assertEquals(20, eval(c, "return #mix.sha1_bin('hello')").asInt());
        }
    }

    @Test
    void stringHelpers() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("2:BTCUSDT:depth", eval(c,
                    "local t = mix.str_split('BTCUSDT@depth', '@') return table.getn(t) .. ':' .. t[1] .. ':' .. t[2]").asText());
            assertEquals("abc", eval(c, "return mix.parse_url('/chat?token=abc&x=1').query.token").asText());
            assertEquals("1", eval(c, "return mix.url_parse('/chat?token=abc&x=1').query.x").asText());
            assertEquals("2", eval(c, "return mix.parse_str('a=1&b=2').query.b").asText());
            assertEquals("hi", eval(c, "return mix.bytes_tostring({104, 105})").asText());
        }
    }

    @Test
    void lua51Flavour() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals(3, eval(c, "return table.getn({1,2,3})").asInt());
            assertEquals(5, eval(c, "local a, b = unpack({2, 3}) return a + b").asInt());
            assertEquals(2, eval(c, "return bit.band(6, 3)").asInt());
            assertEquals("ffffffff", eval(c, "return bit.tohex(-1)").asText());
            assertEquals("1001@balance", eval(c,
                    "local t = mix.json_decode('{\"uid\":1001}') return string.format('%d@%s', t.uid, 'balance')").asText());
        }
    }

    @Test
    void logFunctionsAcceptEveryLevel() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("done", eval(c, "mix.log(mix.DEBUG, 'd') mix.log(mix.INFO, 'i') mix.log(mix.WARN, 'w') "
                    + "mix.log(mix.ERROR, 'e') mix_log(mix_DEBUG, 'old style') mix_log(mix_INFO, 'x') "
                    + "mix_log(mix_WARN, 'x') mix_log(mix_ERROR, 'x') return 'done'").asText());
        }
    }

    @Test
    void serverOptionReadsTheConfig() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("hi there", eval(c, "return mix.server.option('greeting')").asText());
            assertEquals("/exchange-stream", eval(c, "return mix.server.option('path')").asText());
            assertEquals("none", eval(c, "return mix.server.option('nope') or 'none'").asText());
        }
    }

    @Test
    void httpRequestReachesARealServer() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            JsonNode r = eval(c, "local resp, err = mix.http.request('POST', mix.server.option('auth_url'), "
                    + "{body='{\"token\":\"t\"}', headers={['Content-Type']='application/json'}}) "
                    + "return {status=resp.status_code, body=resp.body, size=resp.body_size, "
                    + "ct=resp.headers['Content-Type'], url=resp.url}");
            assertEquals(200, r.get("status").asInt());
            assertEquals("{\"uid\":7}", r.get("body").asText());
            assertEquals(9, r.get("size").asInt());
            assertEquals("application/json", r.get("ct").asText());
            assertEquals(auth.url(), r.get("url").asText());
            assertEquals("refused", eval(c, "local resp, err = mix.http.request('GET', 'http://127.0.0.1:1/') "
                    + "if resp == nil and string.find(err, 'refused') then return 'refused' end return err").asText());
        }
    }

    @Test
    void connIdentityAndHandshake() throws Exception {
        try (WsClient c = WsClient.connect(URI.create(node.wsUri() + "?token=abc"))) {
            String id = eval(c, "return conn:client_id()").asText();
            assertTrue(id.matches("[1-9][0-9]{14,18}"), id);
            assertEquals(node.gateway.nodeId(), io.mixgate.session.ClientIdGenerator.nodeOf(Long.parseLong(id)));
            assertTrue(eval(c, "return conn:remote_addr()").asText().startsWith("127.0.0.1:"));
            JsonNode hs = eval(c, "return conn:context_value('handshake')");
            assertEquals(id, hs.get("id").asText());
            assertEquals("/exchange-stream?token=abc", hs.get("uri").asText());
            assertEquals("GET", hs.get("method").asText());
            assertEquals("HTTP/1.1", hs.get("proto").asText());
            assertTrue(hs.get("remote").asText().startsWith("127.0.0.1:"));
            assertEquals("abc", eval(c, "return mix.parse_url(conn:context_value('handshake').uri).query.token").asText());
        }
    }

    @Test
    void contextValuesPersistAcrossMessages() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            eval(c, "conn:set_context_value('uid', 1001) conn:set_context_value('name', 'ann') return 1");
            assertEquals(1001, eval(c, "return conn:context_value('uid')").asInt());
            assertEquals("ann", eval(c, "return conn:context().name").asText());
            eval(c, "conn:set_context({a = 'x', n = {1, 2}}) return 1");
            JsonNode ctx = eval(c, "return conn:context()");
            assertEquals("x", ctx.get("a").asText());
            assertEquals(2, ctx.get("n").size());
            assertTrue(ctx.path("uid").isMissingNode(), "set_context replaces: " + ctx);
            assertEquals("gone", eval(c, "conn:set_context_value('a', nil) return conn:context_value('a') or 'gone'").asText());
        }
    }

    @Test
    void subscribePublishUnsubscribeThroughLua() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri()); WsClient other = WsClient.connect(node.wsUri())) {
            assertEquals("ok", eval(c, "local err = conn:subscribe('room:1', 'room:2') return err or 'ok'").asText());
            eval(other, "conn:subscribe('room:2') return 1");
            other.send("local ok, fail = mix.mesh.publish('room:2', 'hello room') return {ok, fail}");
            assertEquals("hello room", other.nextText()); // its own subscription delivers before the reply
            JsonNode counts = JSON.readTree(other.nextText()).get("r");
            assertEquals(2, counts.get(0).asInt());
            assertEquals(0, counts.get(1).asInt());
            assertEquals("hello room", c.nextText());
            eval(c, "conn:unsubscribe('room:1', 'room:2') return 1");
            other.send("local ok, fail = mix.mesh.publish('room:2', 'again') return {ok, fail}");
            assertEquals("again", other.nextText());
            assertEquals(1, JSON.readTree(other.nextText()).get("r").get(0).asInt());
            assertTrue(eval(c, "return conn:subscribe('has space')").asText().contains("invalid channel"));
        }
    }

    @Test
    void meshSendReachesAnotherConnection() throws Exception {
        try (WsClient a = WsClient.connect(node.wsUri()); WsClient b = WsClient.connect(node.wsUri())) {
            String bId = eval(b, "return conn:client_id()").asText();
            assertEquals("sent", eval(a, "local err = mix.mesh.send('" + bId + "', 'psst') return err or 'sent'").asText());
            assertEquals("psst", b.nextText());
            assertTrue(eval(a, "return mix.mesh.send('12345', 'x')").asText().contains("not connected"));
            ApiClient.Reply api = ApiClient.post(node.api("/v1/mesh/send"), "{\"c\":\"" + bId + "\",\"d\":\"via api\"}");
            assertEquals("{\"E\":null,\"r\":{\"s\":true}}", api.body());
            assertEquals("via api", b.nextText());
        }
    }

    @Test
    void sendBinaryAndEchoBinary() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            c.send("conn:send('\\1\\2\\3', 'binary')");
            assertArrayEquals(new byte[] {1, 2, 3}, c.next().binary());
            c.nextText(); // the probe's own reply
            byte[] raw = {0, (byte) 0xff, 10};
            c.sendBinary(raw);
            assertArrayEquals(raw, c.next().binary());
            ApiClient.post(node.api("/v1/mesh/send"), "{\"c\":\"" + eval(c, "return conn:client_id()").asText()
                    + "\",\"d\":\"AP8K\",\"t\":\"binary\"}");
            assertArrayEquals(raw, c.next().binary());
        }
    }

    @Test
    void closeEndsTheConnectionAndRunsOnClose() throws Exception {
        try (WsClient watcher = WsClient.connect(node.wsUri()); WsClient c = WsClient.connect(node.wsUri())) {
            eval(watcher, "conn:subscribe('closed') return 1");
            String id = eval(c, "return conn:client_id()").asText();
            c.send("conn:close()");
            assertEquals(1000, c.awaitClose().code());
            assertEquals(id + " nil", watcher.nextText());
        }
    }

    @Test
    void requireLoadsModulesFromTheScriptsFolder() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("hello you", eval(c, "return require('probe_helper').greet('you')").asText());
            JsonNode r = JSON.readTree(c.ask("return require('../../../../../pom')"));
            assertEquals(false, r.get("ok").asBoolean());
        }
    }

    @Test
    void handshakeRefusedByScriptClosesWithPolicyViolation() throws Exception {
        try (WsClient c = WsClient.connect(URI.create(node.wsUri() + "?refuse=1"))) {
            assertEquals(1008, c.awaitClose().code());
        }
    }

    @Test
    void scriptErrorLeavesConnectionAndNodeWorking() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri()); WsClient other = WsClient.connect(node.wsUri())) {
            c.send("!raise boom");
            assertEquals(2, eval(c, "return 1 + 1").asInt());
            assertEquals(3, eval(other, "return 1 + 2").asInt());
        }
    }

    @Test
    void forbiddenLibrariesRaiseAndTimeFunctionsStay() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            JsonNode r = JSON.readTree(c.ask("return os.execute('true')"));
            assertEquals(false, r.get("ok").asBoolean());
            assertTrue(r.get("r").asText().contains("os.execute is not available in mixgate scripts"), r.toString());
            assertTrue(eval(c, "return os.time()").asLong() > 0);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
