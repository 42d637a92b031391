package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code mix.market.merge_diffs(a, b)} called from a real script on a real node. */
class MarketMergeDiffsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoSuccessiveDiffsMergeIntoOneAndADiffThatDoesNotFollowIsRefused() throws Exception {
        try (TestNode node = TestNode.withScript("probe.lua"); WsClient c = WsClient.connect(node.wsUri())) {
            JsonNode reply = JSON.readTree(c.ask("""
                    local book = mix.market.book("BTCUSDT")
                    book:apply_snapshot({bids = {{"100", "1"}, {"99", "2"}}, asks = {{"101", "1"}}})
                    local d1 = book:diff(1)
                    book:apply({b = {{"99", "0"}, {"98", "5"}}, a = {{"102", "1"}}})
                    local d2 = book:diff(2)
                    book:apply({b = {{"98", "0"}}, a = {}})
                    local d3 = book:diff(3)
                    local m = mix.market.merge_diffs(mix.market.merge_diffs(d1, d2), d3)
                    local none, err = mix.market.merge_diffs(d1, d3)
                    local _, bad = mix.market.merge_diffs(d1, {U = 2, u = 2, pu = 1, b = {{"1x", "1"}}})
                    return mix.json_encode({m = m, none = none == nil, err = err, bad = bad})
                    """));
            assertTrue(reply.get("ok").asBoolean(), "lua raised: " + reply.get("r"));
            JsonNode r = JSON.readTree(reply.get("r").asText());
            assertEquals("{\"E\":3,\"U\":1,\"a\":[[\"101\",\"1\"],[\"102\",\"1\"]],\"b\":[[\"100\",\"1\"],[\"99\",\"0\"],"
                    + "[\"98\",\"0\"]],\"e\":\"depthUpdate\",\"pu\":0,\"s\":\"BTCUSDT\",\"u\":3}", r.get("m").toString(),
                    "U of the first, u and E of the last; 98 added then removed stays as 0 (a client without it ignores it)");
            assertTrue(r.get("none").asBoolean());
            assertEquals("mix.market.merge_diffs: merge: diff 3..3 does not follow diff 1..1", r.get("err").asText());
            assertTrue(r.get("bad").asText().contains("second.b[1].price: \"1x\""), r.get("bad").asText());
        }
    }
}
