package io.mixgate.quotes;

import static io.mixgate.quotes.QuotesNode.price;
import static io.mixgate.quotes.QuotesNode.rfq;
import static io.mixgate.quotes.QuotesNode.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/**
 * RFQ sessions of the quotes example on a real node: offers priced from the polled price with an
 * exact 1% commission (checked with BigDecimal), updates, accepting a valid offer, refusing an
 * expired one, and the session's connection timers ending with stopSession and with the connection.
 */
class QuoteRfqTest {
    private static final String START = "{\"rfq\":{\"action\":\"startSession\",\"currFrom\":\"BTC\",\"currTo\":\"ETH\","
            + "\"amountFrom\":\"%s\"}}";

    /** amountTo = amountFrom * price * 0.99 rounded down to 8 decimals; fee = the rest of amountFrom * price. */
    private static void assertExactOffer(JsonNode offer, String amount, String price) {
        BigDecimal gross = new BigDecimal(amount).multiply(new BigDecimal(price));
        BigDecimal net = gross.multiply(new BigDecimal("0.99")).setScale(8, RoundingMode.FLOOR).stripTrailingZeros();
        JsonNode r = offer.get("rfq");
        assertEquals(amount, r.get("amountFrom").asText(), offer.toString());
        assertEquals(price, r.get("price").asText(), offer.toString());
        assertEquals("0.01", r.get("commission").asText());
        assertEquals(0, net.compareTo(new BigDecimal(r.get("amountTo").asText())), "amountTo of " + offer);
        assertEquals(0, gross.subtract(net).compareTo(new BigDecimal(r.get("fee").asText())), "fee of " + offer);
        assertTrue(r.get("amountTo").isTextual() && r.get("fee").isTextual(), "amounts are strings: " + offer);
    }

    @Test
    void offersCarryAnExact1PercentCommissionFollowUpdatesAndAValidOfferIsAccepted() throws Exception {
        try (FakePriceSource source = new FakePriceSource();
             QuotesNode node = QuotesNode.start(source, "services[0].options.poll_interval_ms=100",
                     "servers[0].options.rfq_interval_ms=150", "servers[0].options.rfq_offer_ttl_ms=10000");
             QuotesNode.Client a = node.client()) {
            source.price("BTC-ETH", "0.1"); // 3 * 0.1 * 0.99 in doubles is 0.29700000000000004
            a.send(START.formatted("3"));
            JsonNode started = a.next("sessionStarted", rfq("sessionStarted"));
            assertEquals("3", started.get("rfq").get("amountFrom").asText());
            JsonNode offer = a.next("an offer", rfq("offer"));
            assertExactOffer(offer, "3", "0.1");
            assertEquals("0.297", offer.get("rfq").get("amountTo").asText());
            assertEquals("0.003", offer.get("rfq").get("fee").asText());

            source.price("BTC-ETH", "12345.6789");
            JsonNode repriced = a.next("an offer at the new price", m -> rfq("offer").test(m)
                    && m.get("rfq").get("price").asText().equals("12345.6789"));
            assertExactOffer(repriced, "3", "12345.6789");

            a.send("{\"rfq\":{\"action\":\"updateSession\",\"amountFrom\":\"0.00012345\"}}");
            JsonNode updated = a.next("sessionUpdated", rfq("sessionUpdated"));
            assertEquals("0.00012345", updated.get("rfq").get("amountFrom").asText());
            JsonNode small = a.next("an offer for the new amount", m -> rfq("offer").test(m)
                    && m.get("rfq").get("amountFrom").asText().equals("0.00012345"));
            assertExactOffer(small, "0.00012345", "12345.6789");
            String offerId = small.get("rfq").get("offerId").asText();

            a.send("{\"rfq\":{\"action\":\"acceptOffer\",\"offerId\":\"" + offerId + "\"}}");
            JsonNode done = a.next("orderSuccess", m -> m.has("rfq") && m.get("rfq").get("event").asText().startsWith("order"));
            assertEquals("orderSuccess", done.get("rfq").get("event").asText(), done.toString());
            assertEquals(offerId, done.get("rfq").get("offerId").asText());
            assertEquals(small.get("rfq").get("amountTo"), done.get("rfq").get("amountTo"));
            // the session ended with the accept: the same offer cannot be taken twice, its timers end
            a.send("{\"rfq\":{\"action\":\"acceptOffer\",\"offerId\":\"" + offerId + "\"}}");
            JsonNode again = a.next("the answer to a second accept", m -> m.has("error") || rfq("orderFailed").test(m));
            assertEquals(11, again.path("error").path("code").asInt(), again.toString());
            until("the session's offer timer ended", () -> node.gateway.liveTimers(0) <= 1);

            JsonNode bad = a.ask(START.formatted("-1").replace("\"BTC\"", "\"BTC\""));
            assertEquals(10, bad.path("error").path("code").asInt(), bad.toString());
            JsonNode badPair = a.ask("{\"rfq\":{\"action\":\"startSession\",\"currFrom\":\"BTC\",\"currTo\":\"BTC\"}}");
            assertEquals(10, badPair.path("error").path("code").asInt(), badPair.toString());
            JsonNode unknown = a.ask("{\"rfq\":{\"action\":\"getRich\"}}");
            assertEquals(10, unknown.path("error").path("code").asInt(), unknown.toString());
        }
    }

    @Test
    void anExpiredOfferIsRefusedAndStopSessionAndDisconnectEndTheSessionsTimers() throws Exception {
        try (FakePriceSource source = new FakePriceSource();
             QuotesNode node = QuotesNode.start(source, "services[0].options.poll_interval_ms=100",
                     "servers[0].options.rfq_interval_ms=3600000", "servers[0].options.rfq_offer_ttl_ms=150");
             QuotesNode.Client a = node.client()) {
            source.price("BTC-ETH", "15.2");
            a.send("{\"subscribe\":\"BTC-ETH\"}");
            a.next("a live price", m -> QuotesNode.status("BTC-ETH", "ok").test(m));
            a.send(START.formatted("2"));
            JsonNode offer = a.next("the first offer", rfq("offer"));
            assertExactOffer(offer, "2", "15.2");
            assertEquals(150, offer.get("rfq").get("validForMs").asInt());
            assertEquals(2, node.gateway.liveTimers(0), "the session's timer and the offer's expiry");
            until("the offer's expiry fired", () -> node.gateway.liveTimers(0) == 1);
            a.send("{\"rfq\":{\"action\":\"acceptOffer\",\"offerId\":\"" + offer.get("rfq").get("offerId").asText() + "\"}}");
            JsonNode refused = a.next("orderFailed", rfq("orderFailed"));
            assertEquals("offer expired", refused.get("rfq").get("reason").asText());
            a.send("{\"rfq\":{\"action\":\"acceptOffer\",\"offerId\":\"nope\"}}");
            assertEquals("unknown or withdrawn offer", a.next("orderFailed", rfq("orderFailed")).get("rfq").get("reason").asText());

            a.send("{\"rfq\":{\"action\":\"stopSession\"}}");
            a.next("sessionStopped", rfq("sessionStopped"));
            // the stop ran on the VM that made the timer (one connection's callbacks here): cancelled at once
            until("the stopped session's timer ended", () -> node.gateway.liveTimers(0) == 0);

            // a session on a connection that goes away: its timers go with it
            QuotesNode.Client b = node.client();
            b.send(START.formatted("1"));
            b.next("an offer", rfq("offer"));
            assertNotEquals(0, node.gateway.liveTimers(0));
            b.closeGracefully();
            until("the closed connection's session timers ended", () -> node.gateway.liveTimers(0) == 0);
            assertEquals(1, a.ask("{\"current\":\"BTC-ETH\"}").path("live").asBoolean() ? 1 : 0, "a still served");
        }
    }
}
