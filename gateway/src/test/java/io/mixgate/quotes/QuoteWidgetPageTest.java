package io.mixgate.quotes;

import static io.mixgate.quotes.QuotesNode.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.testing.Chromium;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The convert widget, served by the example's public route, in a real headless Chromium against a
 * real node and the fake price source: pick a pair, see its price, type an amount, see an offer
 * with its countdown, accept it, see the confirmation.
 */
class QuoteWidgetPageTest {
    @Test
    void theWidgetShowsThePriceGetsAnOfferAndAcceptsIt() throws Exception {
        try (FakePriceSource source = new FakePriceSource();
             QuotesNode node = QuotesNode.start(source, "services[0].options.poll_interval_ms=100",
                     "servers[0].options.rfq_interval_ms=300", "servers[0].options.rfq_offer_ttl_ms=30000",
                     "servers[0].allowedOrigins[0]=*");
             Chromium browser = Chromium.open("about:blank")) {
            source.price("BTC-ETH", "15.2");
            source.price("ETH-USD", "3012.5");
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(node.api("/examples/quotes/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), "nothing fetched from elsewhere");

            browser.navigate(node.api("/examples/quotes/?ws=" + node.ws()).toString());
            until("the page connects", () -> text(browser, "conn").equals("connected"));
            until("the BTC-ETH price shows", () -> text(browser, "price").equals("15.2 ETH"));

            browser.evaluate("(() => { const s = document.getElementById('pair'); s.value = 'ETH-USD';"
                    + "s.dispatchEvent(new Event('change')); return true; })()");
            until("the ETH-USD price shows", () -> text(browser, "price").equals("3012.5 USD"));

            browser.evaluate("(() => { const i = document.getElementById('amount'); i.value = '2';"
                    + "i.dispatchEvent(new Event('input')); return true; })()");
            // 2 * 3012.5 = 6025, 1% = 60.25
            until("the offer shows", () -> text(browser, "offer").equals("2 ETH → 5964.75 USD (price 3012.5, fee 60.25 USD)"));
            until("the countdown runs", () -> text(browser, "countdown").matches("valid for [0-9.]+ s"));
            until("accept is enabled", () -> !browser.evaluate("document.getElementById('accept').disabled").asBoolean());
            browser.evaluate("document.getElementById('accept').click() || true");
            until("the confirmation shows", () -> text(browser, "result").equals("Converted 2 ETH to 5964.75 USD"));
        }
    }

    private static String text(Chromium browser, String id) throws Exception {
        return browser.evaluate("document.getElementById('" + id + "').textContent").asText();
    }
}
