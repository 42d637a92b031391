package io.mixgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DemoAuthServerTest {

    private static final String PATH = "/websocket_auth";

    private final DemoAuthServer server = new DemoAuthServer("127.0.0.1", 0, PATH, Map.of("t-1001", 1001L, "a b&c", 7L));
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    DemoAuthServerTest() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        client.close();
    }

    @Test
    void answersTheUidOfAKnownTokenInJson() throws Exception {
        HttpResponse<String> reply = post(PATH, "{\"token\":\"t-1001\"}", "application/json");

        assertEquals(200, reply.statusCode());
        assertEquals("application/json", reply.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"uid\":1001}", reply.body());
    }

    @Test
    void acceptsTheMalformedBodyTheConnmixExampleScriptSends() throws Exception {
        // entry.websocket.lua builds body = '{"token:"' .. token .. '"}'
        HttpResponse<String> reply = post(PATH, "{\"token:\"" + "t-1001" + "\"}", null);

        assertEquals(200, reply.statusCode());
        assertEquals("{\"uid\":1001}", reply.body());
    }

    @Test
    void acceptsAFormEncodedToken() throws Exception {
        HttpResponse<String> reply = post(PATH, "x=1&token=a+b%26c", "application/x-www-form-urlencoded");

        assertEquals(200, reply.statusCode());
        assertEquals("{\"uid\":7}", reply.body());
    }

    @Test
    void answers401ForAnUnknownToken() throws Exception {
        HttpResponse<String> reply = post(PATH, "{\"token\":\"stolen\"}", "application/json");

        assertEquals(401, reply.statusCode());
        assertEquals("{\"error\":\"invalid token\"}", reply.body());
    }

    @Test
    void answers401ForAnUnknownTokenInTheMalformedBody() throws Exception {
        HttpResponse<String> reply = post(PATH, "{\"token:\"stolen\"}", null);

        assertEquals(401, reply.statusCode());
    }

    @Test
    void answers400ForABodyWithNoToken() throws Exception {
        assertEquals(400, post(PATH, "{\"user\":\"x\"}", "application/json").statusCode());
        assertEquals(400, post(PATH, "garbage", null).statusCode());
        assertEquals(400, post(PATH, "", null).statusCode());
    }

    @Test
    void answers404ElsewhereAnd405ForOtherMethods() throws Exception {
        assertEquals(404, post("/other", "{\"token\":\"t-1001\"}", null).statusCode());
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri(PATH)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
    }

    private HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
