package io.mixgate.quotes;

import static io.mixgate.quotes.QuotesNode.price;
import static io.mixgate.quotes.QuotesNode.status;
import static io.mixgate.quotes.QuotesNode.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quotes example's prices on a real node (the shipped example config) against a fake price
 * source: pushed on change only, one poll chain per pair whoever subscribes, none without
 * subscribers, {@code current} at once, a source outage told and recovered from.
 */
class QuotePricesTest {
    private static final long INTERVAL_MS = 100;

    @Test
    void subscribersShareOnePollPerIntervalGetChangesOnlyAndPollingStopsWithTheLastOne() throws Exception {
        try (FakePriceSource source = new FakePriceSource();
             QuotesNode node = QuotesNode.start(source, "services[0].options.poll_interval_ms=" + INTERVAL_MS);
             QuotesNode.Client a = node.client();
             QuotesNode.Client b = node.client()) {
            source.price("BTC-ETH", "15.2");
            assertEquals("{\"subscribed\":[\"BTC-ETH\"]}", a.ask("{\"subscribe\":\"BTC-ETH\"}").toString());
            JsonNode first = a.next("a price", price("BTC-ETH"));
            assertEquals("15.2", first.get("price").asText());
            assertTrue(first.get("ts").asLong() > 1_600_000_000L, first.toString());

            // a second subscriber gets the current price at once (no poll of its own)
            assertEquals("{\"subscribed\":[\"BTC-ETH\"]}", b.ask("{\"subscribe\":[\"BTC-ETH\"]}").toString());
            JsonNode current = b.next("the current price", price("BTC-ETH"));
            assertEquals("15.2", current.get("price").asText());

            // several intervals with two subscribers: polls never come closer than one interval apart
            int before = source.polls("BTC-ETH");
            until("5 more polls", () -> source.polls("BTC-ETH") >= before + 5);
            List<Long> times = source.times("BTC-ETH");
            for (int i = 1; i < times.size(); i++) {
                long gapMs = (times.get(i) - times.get(i - 1)) / 1_000_000;
                assertTrue(gapMs >= INTERVAL_MS * 8 / 10, "two polls " + gapMs + " ms apart: " + times.size() + " polls");
            }

            // the price stayed 15.2 through those polls: the next push is the change, not a repeat
            source.price("BTC-ETH", "15.30");
            List<JsonNode> skipped = new ArrayList<>();
            assertEquals("15.3", a.next("the changed price", price("BTC-ETH"), skipped).get("price").asText());
            assertEquals(List.of(), skipped.stream().filter(price("BTC-ETH")).toList(), "nothing pushed while unchanged");
            assertEquals("15.3", b.next("the changed price", price("BTC-ETH")).get("price").asText());

            // the last subscriber leaves: the service's poll timer ends, and no poll follows
            assertEquals("{\"unsubscribed\":[\"BTC-ETH\"]}", a.ask("{\"unsubscribe\":\"BTC-ETH\"}").toString());
            assertTrue(node.serviceTimers() == 1, "b still subscribed: still polled");
            b.closeGracefully();
            until("the service stopped polling BTC-ETH", () -> node.serviceTimers() == 0);
            int stopped = source.polls("BTC-ETH");
            // time passes, measured in polls of another pair at the same interval
            source.price("ETH-USD", "3000");
            a.send("{\"subscribe\":\"ETH-USD\"}");
            a.next("the ETH-USD price", price("ETH-USD"));
            int other = source.polls("ETH-USD");
            until("5 polls of ETH-USD", () -> source.polls("ETH-USD") >= other + 5);
            assertEquals(stopped, source.polls("BTC-ETH"), "BTC-ETH polled without subscribers");

            // current: the kept price, marked not live now that nobody polls it
            a.send("{\"current\":\"BTC-ETH\"}");
            JsonNode kept = a.next("current BTC-ETH", m -> price("BTC-ETH").test(m) && m.has("live"));
            assertEquals("15.3", kept.get("price").asText(), kept.toString());
            assertEquals(false, kept.get("live").asBoolean(), kept.toString());
        }
    }

    @Test
    void currentAnswersAtOnceAndBadCommandsGetClearErrors() throws Exception {
        try (FakePriceSource source = new FakePriceSource();
             QuotesNode node = QuotesNode.start(source, "services[0].options.poll_interval_ms=" + INTERVAL_MS);
             QuotesNode.Client a = node.client()) {
            assertEquals("{\"channel\":\"XRP-EUR\",\"price\":null}", a.ask("{\"current\":\"XRP-EUR\"}").toString());
            assertEquals(0, source.polls("XRP-EUR"), "current alone polls nothing");
            source.price("BTC-ETH", "3.47e-05");
            a.send("{\"subscribe\":\"BTC-ETH\"}");
            assertEquals("0.0000347", a.next("a price", price("BTC-ETH")).get("price").asText(), "exponent written out");
            a.next("status ok", status("BTC-ETH", "ok"));
            a.send("{\"current\":[\"BTC-ETH\",\"XRP-EUR\"]}");
            JsonNode one = a.next("current BTC-ETH", m -> m.has("live") || m.path("channel").asText().equals("XRP-EUR"));
            assertEquals("0.0000347", one.get("price").asText(), one.toString());
            assertEquals(true, one.get("live").asBoolean(), one.toString());
            assertEquals("{\"channel\":\"XRP-EUR\",\"price\":null}", a.next().toString());

            assertEquals(1, a.ask("not json").path("error").path("code").asInt());
            assertEquals(1, a.ask("[1,2]").path("error").path("code").asInt());
            assertEquals(2, a.ask("{\"hello\":1}").path("error").path("code").asInt());
            JsonNode bad = a.ask("{\"subscribe\":\"btc/eth\"}");
            assertEquals(3, bad.path("error").path("code").asInt(), bad.toString());
            assertTrue(bad.path("error").path("message").asText().contains("\"btc/eth\""), bad.toString());
            StringBuilder many = new StringBuilder("{\"subscribe\":[");
            for (int i = 0; i < 21; i++) {
                many.append(i == 0 ? "" : ",").append("\"A").append(i).append("-B\"");
            }
            JsonNode tooMany = a.ask(many.append("]}").toString());
            assertEquals(5, tooMany.path("error").path("code").asInt(), tooMany.toString());
            assertEquals("{\"subscribed\":[\"XRP-EUR\"]}", a.ask("{\"subscribe\":\"XRP-EUR\"}").toString(),
                    "the connection still works");
        }
    }

    @Test
    void aSourceOutageIsToldToSubscribersAndPollingRecoversWithBackoff() throws Exception {
        try (FakePriceSource source = new FakePriceSource();
             QuotesNode node = QuotesNode.start(source, "services[0].options.poll_interval_ms=" + INTERVAL_MS,
                     "services[0].options.max_backoff_ms=400");
             QuotesNode.Client a = node.client()) {
            source.price("BTC-ETH", "15.2");
            a.send("{\"subscribe\":\"BTC-ETH\"}");
            a.next("a price", price("BTC-ETH"));
            source.fail("BTC-ETH", 500, "down");
            JsonNode error = a.next("an error status", status("BTC-ETH", "error"));
            assertEquals("source answered HTTP 500", error.get("error").asText(), error.toString());
            assertEquals(200, error.get("retryInMs").asInt(), error.toString());
            JsonNode second = a.next("the second error status", status("BTC-ETH", "error"));
            assertEquals(400, second.get("retryInMs").asInt(), "doubled: " + second);
            assertEquals(400, a.next("the third", status("BTC-ETH", "error")).get("retryInMs").asInt(), "capped");
            source.fail("BTC-ETH", 200, "{\"Response\":\"Error\",\"Message\":\"rate limit\"}");
            JsonNode sourceError = a.next("the source's own error", m -> status("BTC-ETH", "error").test(m)
                    && m.get("error").asText().contains("rate limit"));
            assertEquals("source error: rate limit", sourceError.get("error").asText());
            source.price("BTC-ETH", "16");
            List<JsonNode> skipped = new ArrayList<>();
            assertEquals("16", a.next("the price after the outage", price("BTC-ETH"), skipped).get("price").asText());
            a.next("status ok", status("BTC-ETH", "ok"));
            assertEquals(false, node.gateway.services().get("quotes").state().join()[0] == 0, "the service runs");
        }
    }

    @Test
    void aBadOptionStopsTheNodeFromStartingWithKeyAndValue() throws Exception {
        try (FakePriceSource source = new FakePriceSource()) {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () ->
                    QuotesNode.start(source, "servers[0].options.rfq_interval_ms=5").close());
            String all = String.valueOf(e) + " " + String.valueOf(e.getCause());
            assertTrue(all.contains("rfq_interval_ms: 5 (expected: an integer 100..3600000)"), all);
        }
    }
}
