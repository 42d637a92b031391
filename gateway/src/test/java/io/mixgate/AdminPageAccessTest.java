package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.api.access.BasicCredentials;
import io.mixgate.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin page and its new endpoints sit behind the API's access control: nothing without
 * credentials once users are listed, the read role to look, and the write role (still checked by
 * the API, not the page) to act; a browser request from another site's page is refused.
 */
class AdminPageAccessTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String READER = BasicCredentials.header("watcher", "one");
    private static final String WRITER = BasicCredentials.header("publisher", "two");

    @TempDir
    Path folder;

    @Test
    void refusesThePageWithoutCredentialsAndChecksRoles() throws Exception {
        Path file = folder.resolve("gateway.yaml");
        Files.writeString(file, """
                servers:
                  - port: 0
                    bind: 127.0.0.1
                    byteCodeExpires: 0s
                apiServer:
                  port: 0
                  bind: 127.0.0.1
                access:
                  users:
                    - {username: watcher, password: one, roles: [read]}
                    - {username: publisher, password: two, roles: [write]}
                """);
        try (Gateway gateway = Gateway.start(ConfigLoader.load(file, List.of()), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + gateway.apiPort();
            for (String path : List.of("/admin/", "/admin/admin.js", "/admin/admin.css", "/v1/stats", "/v1/scripts/errors")) {
                HttpResponse<String> anonymous = get(base + path, null);
                assertEquals(401, anonymous.statusCode(), path + ": " + anonymous.body());
                assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
                        "the browser asks for credentials on " + path);
                assertEquals(403, get(base + path, WRITER).statusCode(), path + ": write is not read");
                assertEquals(200, get(base + path, READER).statusCode(), path);
            }
            HttpResponse<String> page = get(base + "/admin/", READER);
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
            assertTrue(page.body().contains("<script src=\"admin.js\""), page.body());
            assertEquals(404, get(base + "/admin/nothing.js", READER).statusCode());

            // / and /admin point to the page, which itself needs the read role
            for (String path : List.of("/", "/admin")) {
                HttpResponse<String> redirect = get(base + path, null);
                assertEquals(302, redirect.statusCode(), path);
                assertEquals("/admin/", redirect.headers().firstValue("Location").orElse(""), path);
            }

            // the page's actions are the API's: a reader cannot publish, a writer can
            String publish = "{\"c\":\"news\",\"d\":\"x\"}";
            assertEquals(403, post(base + "/v1/mesh/publish", READER, publish, null).statusCode());
            assertEquals(200, post(base + "/v1/mesh/publish", WRITER, publish, null).statusCode());
            // ... but not from another site's page carrying the browser's credentials
            HttpResponse<String> crossSite = post(base + "/v1/mesh/publish", WRITER, publish, "https://evil.example");
            assertEquals(403, crossSite.statusCode(), crossSite.body());
            assertTrue(crossSite.body().contains("cross-origin"), crossSite.body());
            assertEquals(200, post(base + "/v1/mesh/publish", WRITER, publish, base).statusCode(), "the page's own origin");
        }
    }

    private static HttpResponse<String> get(String uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String uri, String authorization, String body, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", authorization);
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
