package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped provider scripts end to end against recorded sessions: a replay exchange plays what
 * was subscribed, the node's upstream feed publishes it, and a WebSocket client of the node's
 * exchange protocol receives it.
 */
class UpstreamReplayTest {
    private static final String OK = "{\"result\":true}";
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Binance: the URL's streams select the recorded frames played, in recorded order. */
    private static ReplayExchange binance(RecordedSession recorded) throws InterruptedException {
        return new ReplayExchange(new ReplayExchange.Behavior() {
            @Override
            public void opened(ReplayExchange.Conn conn) {
                Matcher m = Pattern.compile("streams=([^&]*)").matcher(conn.uri);
                Set<String> streams = m.find() ? Set.of(m.group(1).split("/")) : Set.of();
                for (String frame : recorded.received()) {
                    Matcher s = Pattern.compile("^\\{\"stream\":\"([^\"]*)\"").matcher(frame);
                    if (s.find() && streams.contains(s.group(1))) {
                        conn.send(frame);
                    }
                }
            }
        });
    }

    /** Blockchain.com: each subscribe plays that channel and symbol's recorded frames, seqnum renumbered per connection. */
    private static ReplayExchange blockchain(RecordedSession recorded) throws InterruptedException {
        return new ReplayExchange(new ReplayExchange.Behavior() {
            @Override
            public void received(ReplayExchange.Conn conn, String text) {
                Matcher m = Pattern.compile("\"action\":\"subscribe\",\"channel\":\"(\\w+)\",\"symbol\":\"([A-Z0-9-]+)\"")
                        .matcher(text);
                if (!m.find()) {
                    return;
                }
                String match = "\"channel\":\"" + m.group(1) + "\",\"symbol\":\"" + m.group(2) + "\"";
                for (String frame : recorded.received()) {
                    if (frame.contains(match)) {
                        conn.send(frame.replaceFirst("^\\{\"seqnum\":\\d+", "{\"seqnum\":" + conn.seqnum++));
                    }
                }
            }
        });
    }

    /** Texts from {@code client} until {@code count} of them are not the subscribe reply. */
    private static List<String> collect(WsClient client, int count) throws InterruptedException {
        List<String> got = new ArrayList<>();
        while (got.size() < count) {
            String text = client.nextText();
            if (!text.equals(OK)) {
                got.add(text);
            }
        }
        return got;
    }

    private static String withoutSeqnum(String frame) {
        return frame.replaceFirst("^\\{\"seqnum\":\\d+,", "{");
    }

    @Test
    void binanceDepthSubscriberGetsExactlyTheRecordedUpdatesInOrderAndANewStreamReopensWithAll() throws Exception {
        RecordedSession recorded = RecordedSession.read("BINANCE.ws.1.0");
        List<String> depth = recorded.binancePayloads("nknusdt@depth@100ms");
        List<String> ticker = recorded.binancePayloads("nknusdt@bookTicker");
        assertEquals(150, depth.size());
        try (ReplayExchange exchange = binance(recorded);
             UpstreamNode node = UpstreamNode.start("""
                       - name: binance
                         entry: scripts/upstreams/binance.lua
                         options: { url: "%s" }
                     """.formatted(exchange.url("")));
             WsClient client = WsClient.connect(node.wsUri())) {
            client.send("{\"op\":\"subscribe\",\"channel\":\"NKNUSDT@depth\"}");
            assertEquals(depth, collect(client, depth.size()));
            assertEquals(1, exchange.connections.size());
            assertEquals("/stream?streams=nknusdt@depth@100ms", exchange.connections.get(0).uri);
            Await.until("depth subscribed", WAIT, () -> node.state("binance", "nknusdt@depth@100ms"),
                    "subscribed"::equals);
            assertFalse(node.status("binance").channels().getFirst().stale());

            // a second stream changes the URL: the connection is reopened carrying both
            client.send("{\"op\":\"subscribe\",\"channel\":\"NKNUSDT@book_ticker\"}");
            List<String> all = collect(client, depth.size() + ticker.size());
            assertEquals(ticker, all.stream().filter(ticker::contains).toList());
            assertEquals(depth, all.stream().filter(depth::contains).toList());
            Await.until("the first connection closed", WAIT, () -> exchange.open().size(), n -> n == 1);
            assertEquals(2, exchange.connections.size());
            assertEquals("/stream?streams=nknusdt@bookTicker/nknusdt@depth@100ms", exchange.connections.get(1).uri);
            assertFalse(exchange.connections.get(0).open());
        }
    }

    @Test
    void theSameSetOfStreamsDoesNotReopenTheConnection() throws Exception {
        RecordedSession recorded = RecordedSession.read("BINANCE.ws.1.0");
        List<String> ticker = recorded.binancePayloads("blzeth@bookTicker");
        try (ReplayExchange exchange = binance(recorded);
             UpstreamNode node = UpstreamNode.start("""
                       - name: binance
                         entry: scripts/upstreams/binance.lua
                         options: { url: "%s" }
                         subscriptions: [nknusdt@bookTicker, blzeth@bookTicker]
                     """.formatted(exchange.url("")));
             WsClient client = WsClient.connect(node.wsUri())) {
            Await.until("static subscriptions open", WAIT, () -> node.state("binance", "blzeth@bookTicker"),
                    "subscribed"::equals);
            assertEquals("/stream?streams=blzeth@bookTicker/nknusdt@bookTicker", exchange.connections.get(0).uri);
            // demand for a subscription already held (static): same set, no reconnect
            client.send("{\"op\":\"subscribe\",\"channel\":\"BLZETH@book_ticker\"}");
            assertEquals(OK, reply(client));
            client.send("{\"op\":\"unsubscribe\",\"channel\":\"BLZETH@book_ticker\"}");
            assertEquals(OK, reply(client));
            client.send("{\"op\":\"subscribe\",\"channel\":\"NKNUSDT@book_ticker\"}");
            assertEquals(OK, reply(client));
            assertEquals(1, ticker.size());
            assertEquals(1, exchange.connections.size());
            assertTrue(exchange.connections.get(0).open());
        }
    }

    /**
     * The script's next reply, skipping data: the replay may play a recorded frame of a stream held by a
     * static subscription as soon as the client's subscription exists, before the script's reply.
     */
    private static String reply(WsClient client) throws InterruptedException {
        String message = client.nextText();
        while (!message.startsWith("{\"result\"") && !message.startsWith("{\"code\"")) {
            message = client.nextText();
        }
        return message;
    }

    @Test
    void blockchainL2SubscriberGetsTheRecordedFramesInOrderAndTheAckMarksItSubscribed() throws Exception {
        RecordedSession recorded = RecordedSession.read("BLOCKCHAIN.ws.1.0");
        String match = "\"channel\":\"l2\",\"symbol\":\"ALGO-BTC\"";
        List<String> expected = recorded.received().stream().filter(f -> f.contains(match))
                .filter(f -> !f.contains("\"event\":\"subscribed\"")).map(UpstreamReplayTest::withoutSeqnum).toList();
        assertTrue(expected.size() > 10, "the recording has ALGO-BTC l2 frames");
        try (ReplayExchange exchange = blockchain(recorded);
             UpstreamNode node = UpstreamNode.start("""
                       - name: blockchain
                         entry: scripts/upstreams/blockchain.lua
                         options: { url: "%s" }
                     """.formatted(exchange.url("/mercury-gateway/v1/ws")));
             WsClient client = WsClient.connect(node.wsUri())) {
            client.send("{\"op\":\"subscribe\",\"channel\":\"ALGO-BTC@l2\"}");
            List<String> got = collect(client, expected.size()).stream().map(UpstreamReplayTest::withoutSeqnum).toList();
            assertEquals(expected, got);
            assertEquals("subscribed", node.state("blockchain", "l2:ALGO-BTC"));
            assertEquals(List.of("{\"action\":\"subscribe\",\"channel\":\"l2\",\"symbol\":\"ALGO-BTC\"}"),
                    exchange.connections.get(0).received);
            assertTrue(got.getFirst().contains("\"px\":1.6E-7"), "numbers keep their recorded text");
        }
    }

    @Test
    void seed004sCandleFlowReformatsTheRecordedKline() throws Exception {
        RecordedSession recorded = RecordedSession.read("BINANCE.ws.1.0");
        try (ReplayExchange exchange = binance(recorded);
             UpstreamNode node = UpstreamNode.start("""
                       - name: candles
                         entry: scripts/upstreams/candles.lua
                         options: { url: "%s" }
                     """.formatted(exchange.url("")));
             WsClient client = WsClient.connect(node.wsUri())) {
            client.send("{\"op\":\"subscribe\",\"channel\":\"NKNUSDT@candle\"}");
            assertEquals("{\"close\":0.3528,\"high\":0.3528,\"low\":0.3522,\"open\":0.3527,\"pair\":\"NKNUSDT\","
                    + "\"timestamp\":1633998480000,\"volume\":25877}", collect(client, 1).getFirst());
            assertEquals("/stream?streams=nknusdt@kline_1m", exchange.connections.get(0).uri);
        }
    }
}
