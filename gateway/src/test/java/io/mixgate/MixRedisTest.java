package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code mix.redis.connection(name)} and {@code r:command(...)} from a real script against a real Redis. */
class MixRedisTest {
    private static RedisServer redis;
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.launch();
        node = TestNode.withScript("probe.lua", "redis.pools[0].addr=" + redis.hostPort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        redis.close();
    }

    private static JsonNode eval(String lua) throws Exception {
        try (WsClient client = WsClient.connect(node.wsUri())) {
            return Probe.eval(client, "local r = assert(mix.redis.connection('default')) " + lua);
        }
    }

    @Test
    void setAndGetAString() throws Exception {
        assertEquals("[\"OK\",\"v 1\"]", eval("local ok = r:command('set', 'k1', 'v 1') return {ok, r:command('get', 'k1')}").toString());
    }

    @Test
    void integersComeBackAsNumbers() throws Exception {
        assertEquals("[1,2]", eval("return {r:command('incr', 'n'), r:command('incr', 'n')}").toString());
    }

    @Test
    void aMissingKeyIsNil() throws Exception {
        assertEquals("nil-and-no-error", eval("local v, err = r:command('get', 'missing') "
                + "if v == nil and err == nil then return 'nil-and-no-error' end return {v, err}").asText());
    }

    @Test
    void arraysBecomeTablesAndNestedArraysNestedTables() throws Exception {
        assertEquals("[\"a\",\"b\",\"c\"]", eval("r:command('rpush', 'l', 'a', 'b', 'c') return r:command('lrange', 'l', 0, -1)").toString());
        assertEquals("table", eval("r:command('set', 'scanme', 1) local t = r:command('scan', '0') return type(t[2])").asText());
    }

    @Test
    void anErrorReplyIsNilAndTheMessage() throws Exception {
        JsonNode r = eval("r:command('set', 'text', 'abc') local v, err = r:command('incr', 'text') return {tostring(v), err}");
        assertEquals("nil", r.get(0).asText());
        assertTrue(r.get(1).asText().contains("not an integer"), r.toString());
    }

    @Test
    void anUnknownPoolIsNilAndAnError() throws Exception {
        try (WsClient client = WsClient.connect(node.wsUri())) {
            JsonNode r = Probe.eval(client, "local c, err = mix.redis.connection('nope') return {tostring(c), err}");
            assertEquals("nil", r.get(0).asText());
            assertTrue(r.get(1).asText().contains("no redis connection named nope"), r.toString());
        }
    }

    @Test
    void theValueReallyIsInRedis() throws Exception {
        eval("return r:command('set', 'seen-from-outside', 'yes')");
        assertEquals("$3", redis.command("GET seen-from-outside"));
    }
}
