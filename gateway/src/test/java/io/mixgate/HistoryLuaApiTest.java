package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code mix.history}, {@code mix.current} and {@code conn:subscribe}'s options, from a real script on a real node. */
class HistoryLuaApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.withScript("probe.lua", "history.rules[0].match=h:*", "history.rules[0].size=3");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static JsonNode eval(WsClient client, String lua) throws Exception {
        JsonNode reply = JSON.readTree(client.ask(lua));
        assertTrue(reply.get("ok").asBoolean(), "lua raised: " + reply.get("r"));
        return reply.get("r");
    }

    private static void publish(String channel, String data) throws Exception {
        assertEquals(200, ApiClient.post(node.api("/v1/mesh/publish"),
                "{\"c\":\"" + channel + "\",\"d\":\"" + data + "\"}").status());
    }

    @Test
    void historyAndCurrent() throws Exception {
        for (int i = 1; i <= 4; i++) {
            publish("h:read", "m" + i);
        }
        try (WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("true 4 2:3,m3 4,m4", eval(c, """
                    local h = mix.history('h:read', {limit = 2})
                    local s = tostring(h.recovered) .. ' ' .. string.format('%d', h.offset) .. ' ' .. table.getn(h.publications) .. ':'
                    for i, p in ipairs(h.publications) do s = s .. (i > 1 and ' ' or '') .. string.format('%d', p.offset) .. ',' .. p.data end
                    return s""").asText());
            String epoch = eval(c, "return mix.current('h:read').epoch").asText();
            assertEquals("m4 4 text", eval(c, "local p = mix.current('h:read') return p.data .. ' ' .. string.format('%d', p.offset) .. ' ' .. p.type").asText());
            assertEquals("false 0", eval(c, "local h = mix.history('h:read', {since = {offset = 0, epoch = '" + epoch + "'}}) "
                    + "return tostring(h.recovered) .. ' ' .. table.getn(h.publications)").asText(), "offset 1 fell out of size 3");
            assertEquals("true m3", eval(c, "local h = mix.history('h:read', {since = {offset = 2, epoch = '" + epoch + "'}, limit = 1}) "
                    + "return tostring(h.recovered) .. ' ' .. h.publications[1].data").asText());
            assertEquals("nil", eval(c, "return mix.current('h:empty')").asText());
            assertEquals("no history for channel: other", eval(c, "local p, err = mix.current('other') return err").asText());
            assertEquals("no history for channel: other", eval(c, "local p, err = mix.history('other') return err").asText());
            assertEquals("true false", eval(c, "return tostring(mix.has_history('h:read')) .. ' ' .. tostring(mix.has_history('other'))").asText(),
                    "mix.has_history answers from the rules");
            assertEquals("mix.history: limit must be a positive integer", eval(c, "local p, err = mix.history('h:read', {limit = 0}) return err").asText());
        }
    }

    @Test
    void subscribeWithOptionsReturnsErrRecoveredMissedPosition() throws Exception {
        publish("h:sub", "a");
        publish("h:sub", "b");
        try (WsClient c = WsClient.connect(node.wsUri())) {
            String epoch = eval(c, "return mix.current('h:sub').epoch").asText();
            c.send("local err, recovered, missed, pos = conn:subscribe('h:sub', {since = {offset = 1, epoch = '" + epoch
                    + "'}, envelope = '${offset}:${data}'}) return tostring(err) .. ' ' .. tostring(recovered) .. ' ' .. missed .. ' ' "
                    + ".. string.format('%d', pos.offset) .. ' ' .. tostring(pos.epoch == '" + epoch + "')");
            assertEquals("2:b", c.nextText(), "the missed publication, enveloped, before the callback's reply");
            JsonNode reply = JSON.readTree(c.nextText());
            assertEquals("nil true 1 2 true", reply.get("r").asText());
            publish("h:sub", "c");
            assertEquals("3:c", c.nextText());
            assertEquals("nil false 0 nil", eval(c, "local err, r, m, pos = conn:subscribe('plain', {since = {offset = 1, epoch = 'x'}}) "
                    + "return tostring(err) .. ' ' .. tostring(r) .. ' ' .. m .. ' ' .. tostring(pos)").asText(), "no history: a plain subscribe");
            assertEquals("since.offset must be a non-negative integer",
                    eval(c, "return conn:subscribe('h:x', {since = {offset = -1, epoch = 'e'}})").asText());
            assertEquals("envelope: unknown placeholder ${nope} (expected: ${offset}, ${epoch}, ${channel} or ${data})",
                    eval(c, "return conn:subscribe('h:x', {envelope = '${nope}'})").asText());
            assertEquals("invalid channel name: h: x", eval(c, "return conn:subscribe('h: x', {})").asText());
        }
    }
}
