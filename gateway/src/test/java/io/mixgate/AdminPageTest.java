package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mixgate.testing.Chromium;
import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The admin page in a real headless Chromium against a real node: it shows the node and its
 * channels with real figures, publishes through its form to a real WebSocket subscriber, closes a
 * connection it found by {@code uid}, lists a script error a client caused (as text, not markup),
 * and renders (a screenshot that is not blank).
 */
class AdminPageTest {
    /** Markup a client smuggles into a script error: the page must show it, not run it. */
    private static final String HOSTILE = "<img src=x id=pwn onerror=\"document.title='owned'\"> boom";

    @Test
    void showsTheNodePublishesClosesAndListsScriptErrors() throws Exception {
        try (TestNode node = TestNode.withScript("probe.lua");
             WsClient subscriber = WsClient.connect(node.wsUri());
             WsClient user = WsClient.connect(node.wsUri());
             Chromium browser = Chromium.open("about:blank")) {
            Probe.eval(subscriber, "return mix.websocket():subscribe('news')");
            Probe.eval(user, "mix.websocket():set_context_value('uid', 1001) return mix.websocket():subscribe('news')");
            Probe.eval(user, "return mix.websocket():subscribe('sports')");
            String userId = Probe.eval(user, "return mix.websocket():client_id()").asText();
            browser.navigate(node.api("/admin/").toString());

            // nodes: this node, healthy, with its two connections and a rate once two readings exist
            String nodeId = Integer.toString(node.gateway.nodeId());
            Eventually.until("the node row shows node " + nodeId + ", ok, 2 connections and a messages/s figure", () -> {
                JsonNode cells = browser.evaluate(rowTexts("nodes"));
                return cells.size() == 1 && cells.get(0).get(0).asText().equals(nodeId)
                        && cells.get(0).get(1).asText().equals("ok") && cells.get(0).get(3).asText().equals("2")
                        && cells.get(0).get(4).asText().matches("[0-9.]+");
            });
            // top channels: news (2) before sports (1)
            Eventually.until("top channels show news 2 then sports 1", () ->
                    browser.evaluate(rowTexts("channels")).toString().equals("[[\"news\",\"2\"],[\"sports\",\"1\"]]"));

            // publish through the form; the subscriber receives it and the page shows the counts
            browser.evaluate("(() => { document.getElementById('pub-channel').value = 'news';"
                    + "document.getElementById('pub-data').value = 'hello from the page';"
                    + "document.getElementById('pub-go').click(); return true; })()");
            assertEquals("hello from the page", subscriber.nextText());
            Eventually.until("the page shows the publish result", () ->
                    text(browser, "pub-result").equals("delivered to 2, failed 0"));
            assertEquals("hello from the page", user.nextText());

            // a script error with markup in it is listed as text
            user.send("!raise " + HOSTILE);
            Eventually.until("the script error is listed", () -> browser.evaluate(rowTexts("errors")).size() == 1);
            JsonNode errorRow = browser.evaluate(rowTexts("errors")).get(0);
            assertEquals(HOSTILE, errorRow.get(6).asText(), "the message is shown as it was raised");
            assertTrue(errorRow.get(3).asText().matches(".*probe\\.lua:[0-9]+"), "script and line: " + errorRow);
            assertEquals("on_message", errorRow.get(4).asText());
            assertEquals(userId, errorRow.get(5).asText());
            assertTrue(browser.evaluate("document.getElementById('pwn') === null && document.title !== 'owned'")
                    .asBoolean(), "markup from a script error must not become part of the page");

            // search by uid, close it from the page: the client gets the close frame
            browser.evaluate("(() => { document.getElementById('search-by').value = 'key';"
                    + "document.getElementById('search-key').value = 'uid';"
                    + "document.getElementById('search-value').value = '1001';"
                    + "document.getElementById('search-go').click(); return true; })()");
            Eventually.until("the search finds the user's connection", () -> {
                JsonNode rows = browser.evaluate(rowTexts("conns"));
                return rows.size() == 1 && rows.get(0).get(0).asText().equals(userId);
            });
            browser.evaluate("document.querySelector('#conns button.close').click() || true");
            WsClient.Closed closed = user.awaitClose();
            assertEquals(1000, closed.code());
            assertEquals("closed by an operator", closed.reason());
            Eventually.until("the page reports the close", () ->
                    text(browser, "search-result").equals("client " + userId + " closed"));

            // the page renders: a screenshot with more than a handful of colours
            JsonNode shot = browser.command("Page.captureScreenshot", Probe.JSON.createObjectNode().put("format", "png"));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(shot.get("data").asText())));
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 2) {
                for (int x = 0; x < image.getWidth(); x += 2) {
                    colours.add(image.getRGB(x, y));
                }
            }
            assertTrue(image.getWidth() > 100 && image.getHeight() > 100, image.getWidth() + "x" + image.getHeight());
            assertTrue(colours.size() > 16, "a blank page has a colour or two; this one has " + colours.size());
        }
    }

    @Test
    void reloadsScriptsFromThePage() throws Exception {
        try (TestNode node = TestNode.withScript("probe.lua");
             Chromium browser = Chromium.open("about:blank")) {
            browser.navigate(node.api("/admin/").toString());
            Eventually.until("the page shows script version 1", () ->
                    text(browser, "script-versions").endsWith("probe.lua v1"));
            browser.evaluate("document.getElementById('reload-go').click() || true");
            Eventually.until("the page reports version 2", () ->
                    text(browser, "reload-result").endsWith("probe.lua v2"));
            assertEquals(2, node.gateway.scriptVersion(0));
        }
    }

    /** A JS expression: the text of every cell of every body row of the table {@code id}. */
    private static String rowTexts(String id) {
        return "[...document.getElementById('" + id + "').tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent))";
    }

    private static String text(Chromium browser, String id) throws Exception {
        return browser.evaluate("document.getElementById('" + id + "').textContent").asText();
    }
}
