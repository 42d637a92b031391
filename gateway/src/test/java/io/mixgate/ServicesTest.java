package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.api.access.BasicCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** services[], channel ingest, interest hooks, hot reload and routes[] on a real node with real clients. */
class ServicesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static final String FEED = """
            local n = 0
            function on_start(svc)
              assert(svc:subscribe("engine:BTC") == nil)
              svc:watch_interest("ex:*@depth")
              mix.timer.every(20, function()
                n = n + 1
                mix.mesh.publish("ticks", "%s " .. n)
              end)
            end
            function on_stop(svc)
              mix.mesh.publish("ticks", "stopped %s")
            end
            function on_message(svc, channel, data)
              mix.mesh.publish("derived:BTC", channel .. "=" .. data:upper() .. " " .. mix.server.option("suffix"))
            end
            function on_channel_wanted(svc, channel) mix.mesh.publish("hooks", "wanted " .. channel) end
            function on_channel_unwanted(svc, channel) mix.mesh.publish("hooks", "unwanted " .. channel) end
            """;

    private static String feed(String version) {
        return FEED.replace("%s", version);
    }

    private static final String SERVICES = """
              - name: feed
                entry: %s
                options: { suffix: "!" }
                byteCodeExpires: 0s
            """;

    @Test
    void aServicePublishesFromTimersTurnsIngestIntoDerivedMessagesAndHearsInterest() throws Exception {
        ScriptDir scripts = new ScriptDir(dir);
        scripts.write("svc/feed.lua", feed("v1"));
        try (ServiceNodeHarness node = ServiceNodeHarness.start(scripts, SERVICES.formatted(dir.resolve("svc/feed.lua")),
                "", "");
             WsClient ticks = node.subscriber("ticks");
             WsClient derived = node.subscriber("derived:BTC");
             WsClient hooks = node.subscriber("hooks")) {
            int first = Integer.parseInt(ticks.nextText().split(" ")[1]);
            assertEquals("v1 " + (first + 1), ticks.nextText());

            ApiClient.Reply published = ApiClient.post(node.api("/v1/mesh/publish"), Probe.publishBody("engine:BTC", "abc"));
            assertEquals(200, published.status(), published.body());
            assertEquals("engine:BTC=ABC !", derived.nextText());

            WsClient other = node.subscriber("ex:BTC@trades"); // not watched
            WsClient depth = node.subscriber("ex:BTC@depth");
            assertEquals("wanted ex:BTC@depth", hooks.nextText());
            depth.closeGracefully();
            assertEquals("unwanted ex:BTC@depth", hooks.nextText());
            other.close();
        }
    }

    @Test
    void aReloadStopsTheOldVersionWithItsTimersAndStartsTheNew() throws Exception {
        ScriptDir scripts = new ScriptDir(dir);
        scripts.write("svc/feed.lua", feed("v1"));
        try (ServiceNodeHarness node = ServiceNodeHarness.start(scripts, SERVICES.formatted(dir.resolve("svc/feed.lua")),
                "", "");
             WsClient ticks = node.subscriber("ticks")) {
            assertTrue(ticks.nextText().startsWith("v1 "));
            scripts.write("svc/feed.lua", feed("v2"));
            assertEquals(200, ApiClient.post(node.api("/v1/scripts/reload"), "{}").status());
            String m;
            do {
                m = ticks.nextText();
            } while (m.startsWith("v1 "));
            assertEquals("stopped v1", m);
            assertTrue(ticks.nextText().startsWith("v2 "));
            long[] state = node.gateway.services().get("feed").state().get();
            assertEquals(2, state[0], "running version");
            assertEquals(1, state[1], "the old version's timer ended, the new one's runs");
            // the new version subscribed engine:BTC again, once
            ApiClient.post(node.api("/v1/mesh/publish"), Probe.publishBody("engine:BTC", "x"));
            Eventually.until("the new version received the message",
                    () -> node.gateway.services().get("feed").received() == 1);
        }
    }

    private static final String ROUTES_SCRIPT = """
            local hits = 0
            function on_start(svc) end
            function echo(req)
              hits = hits + 1
              return 200, {pair = req.params.pair, from = req.query.from, method = req.method, hits = hits,
                            body = req.body, agent = req.headers["x-test"]}
            end
            function secret(req) return 200, "secret", {["X-Answer"] = "42"} end
            function boom(req) error("route exploded") end
            function spin(req) while true do end end
            function bad(req) return "teapot" end
            """;

    private static final String ROUTES = """
              - {method: POST, path: "/api/echo/{pair}", service: web, function: echo, role: public}
              - {method: GET, path: /api/secret, service: web, function: secret, role: read}
              - {method: GET, path: /api/default-role, service: web, function: secret}
              - {method: GET, path: /api/boom, service: web, function: boom, role: public}
              - {method: GET, path: /api/spin, service: web, function: spin, role: public, timeout: 50ms}
              - {method: GET, path: /api/bad, service: web, function: bad, role: public}
            """;

    private static final String USERS = """
                - {username: reader, password: one, roles: [read]}
                - {username: writer, password: two, roles: [write]}
            """;

    @Test
    void routesPassParamsQueryAndBodyEncodeTablesAsJsonCheckRolesAndNeverHang() throws Exception {
        ScriptDir scripts = new ScriptDir(dir);
        scripts.write("svc/web.lua", ROUTES_SCRIPT);
        String services = "  - {name: web, entry: " + dir.resolve("svc/web.lua") + ", byteCodeExpires: 0s}\n";
        try (ServiceNodeHarness node = ServiceNodeHarness.start(scripts, services, ROUTES, USERS)) {
            HttpResponse<String> echo = HTTP.send(HttpRequest.newBuilder(node.api("/api/echo/BTC-USD?from=0&to=9"))
                    .header("X-Test", "yes").POST(HttpRequest.BodyPublishers.ofString("payload")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, echo.statusCode(), echo.body());
            assertEquals("application/json", echo.headers().firstValue("Content-Type").orElse(""));
            var json = Probe.JSON.readTree(echo.body());
            assertEquals("BTC-USD", json.get("pair").asText());
            assertEquals("0", json.get("from").asText());
            assertEquals("POST", json.get("method").asText());
            assertEquals("payload", json.get("body").asText());
            assertEquals("yes", json.get("agent").asText());
            assertEquals(405, get(node.api("/api/echo/BTC-USD"), null).statusCode());

            assertEquals(401, get(node.api("/api/secret"), null).statusCode());
            assertEquals(403, get(node.api("/api/secret"), BasicCredentials.header("writer", "two")).statusCode());
            HttpResponse<String> secret = get(node.api("/api/secret"), BasicCredentials.header("reader", "one"));
            assertEquals(200, secret.statusCode());
            assertEquals("secret", secret.body());
            assertEquals("42", secret.headers().firstValue("X-Answer").orElse(""));
            assertEquals(401, get(node.api("/api/default-role"), null).statusCode(), "no role means write, not public");
            assertEquals(403, get(node.api("/api/default-role"), BasicCredentials.header("reader", "one")).statusCode());

            HttpResponse<String> boom = get(node.api("/api/boom"), null);
            assertEquals(500, boom.statusCode());
            assertTrue(boom.body().contains("route exploded") && boom.body().contains("web.lua"), boom.body());
            HttpResponse<String> bad = get(node.api("/api/bad"), null);
            assertEquals(500, bad.statusCode());
            assertTrue(bad.body().contains("returned status teapot"), bad.body());

            HttpResponse<String> spin = get(node.api("/api/spin"), null);
            assertEquals(504, spin.statusCode(), spin.body());
            // the runaway was aborted by the script budget and the service restarted: it answers again
            Eventually.until("the service answers after the abort", () ->
                    get(node.api("/api/secret"), BasicCredentials.header("reader", "one")).statusCode() == 200);
            assertEquals(404, get(node.api("/api/nothing"), null).statusCode());
        }
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
