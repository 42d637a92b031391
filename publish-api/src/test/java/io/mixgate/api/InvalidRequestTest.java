package io.mixgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InvalidRequestTest {

    private static final String PUBLISH = "/v1/mesh/publish";
    private static final String SEND = "/v1/mesh/send";
    private static final String CHANNEL_RULE = "(expected: a channel name of 1..512 characters without whitespace or control characters)";
    private static final String CLIENT_ID = "(expected: a client id, an int64 written as a string of digits)";

    private final RunningApi api = new RunningApi();

    @AfterEach
    void stop() {
        api.close();
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                arguments(PUBLISH, "{\"c\":", "body: malformed JSON at line 1, column 6"),
                arguments(PUBLISH, "{\"c\":\"a\",\"d\":\"x\"} trailing", "body: malformed JSON"),
                arguments(PUBLISH, "c=a&d=x", "body: malformed JSON"),
                arguments(PUBLISH, "", "body: empty (expected: a JSON object"),
                arguments(PUBLISH, "[1,2]", "body: [1,2] (expected: a JSON object"),
                arguments(PUBLISH, "\"c\"", "body: \"c\" (expected: a JSON object"),
                arguments(PUBLISH, "null", "body: null (expected: a JSON object"),
                arguments(PUBLISH, "{\"d\":\"x\"}", "field \"c\": missing (expected: a channel name of 1..512 characters without whitespace or control characters)"),
                arguments(PUBLISH, "{\"c\":null,\"d\":\"x\"}", "field \"c\": missing (expected: a channel name of 1..512 characters without whitespace or control characters)"),
                arguments(PUBLISH, "{\"c\":5,\"d\":\"x\"}", "field \"c\": 5 (expected: a channel name of 1..512 characters without whitespace or control characters)"),
                arguments(PUBLISH, "{\"c\":[\"a\"],\"d\":\"x\"}", "field \"c\": [\"a\"] (expected: a channel name of 1..512 characters without whitespace or control characters)"),
                arguments(PUBLISH, "{\"c\":\"\",\"d\":\"x\"}", "field \"c\": \"\": empty " + CHANNEL_RULE),
                arguments(PUBLISH, "{\"c\":\"room 1\",\"d\":\"x\"}",
                        "field \"c\": \"room 1\": whitespace U+0020 at index 4 " + CHANNEL_RULE),
                arguments(PUBLISH, "{\"c\":\"room\\t1\",\"d\":\"x\"}",
                        "field \"c\": \"room\\t1\": control character U+0009 at index 4 " + CHANNEL_RULE),
                arguments(PUBLISH, "{\"c\":\"room\\u00001\",\"d\":\"x\"}",
                        "field \"c\": \"room\\u00001\": control character U+0000 at index 4 " + CHANNEL_RULE),
                arguments(PUBLISH, "{\"c\":\"room\\u20281\",\"d\":\"x\"}", "field \"c\": \"room\u20281\": whitespace U+2028 at index 4"),
                arguments(PUBLISH, "{\"c\":\"a\"}", "field \"d\": missing (expected: the message as a string)"),
                arguments(PUBLISH, "{\"c\":\"a\",\"d\":{\"x\":1}}", "field \"d\": {\"x\":1} (expected: the message as a string)"),
                arguments(PUBLISH, "{\"c\":\"a\",\"d\":\"x\",\"t\":\"xml\"}", "field \"t\": \"xml\" (expected: \"text\" or \"binary\")"),
                arguments(PUBLISH, "{\"c\":\"a\",\"d\":\"x\",\"t\":1}", "field \"t\": 1 (expected: \"text\" or \"binary\")"),
                arguments(PUBLISH, "{\"c\":\"a\",\"d\":\"%%%\",\"t\":\"binary\"}",
                        "field \"d\": \"%%%\" (expected: base64 data as a string, because \"t\" is \"binary\")"),
                arguments(PUBLISH, "{\"c\":\"a\",\"d\":7,\"t\":\"binary\"}",
                        "field \"d\": 7 (expected: base64 data as a string, because \"t\" is \"binary\")"),
                arguments(SEND, "{\"d\":\"x\"}", "field \"c\": missing " + CLIENT_ID),
                arguments(SEND, "{\"c\":\"12a\",\"d\":\"x\"}", "field \"c\": \"12a\" " + CLIENT_ID),
                arguments(SEND, "{\"c\":\"\",\"d\":\"x\"}", "field \"c\": \"\" " + CLIENT_ID),
                arguments(SEND, "{\"c\":\" 12\",\"d\":\"x\"}", "field \"c\": \" 12\" " + CLIENT_ID),
                arguments(SEND, "{\"c\":\"9223372036854775808\",\"d\":\"x\"}", "field \"c\": \"9223372036854775808\" " + CLIENT_ID),
                arguments(SEND, "{\"c\":9223372036854775808,\"d\":\"x\"}", "field \"c\": 9223372036854775808 " + CLIENT_ID),
                arguments(SEND, "{\"c\":1.5,\"d\":\"x\"}", "field \"c\": 1.5 " + CLIENT_ID),
                arguments(SEND, "{\"c\":true,\"d\":\"x\"}", "field \"c\": true " + CLIENT_ID),
                arguments(SEND, "{\"c\":\"1\",\"d\":false}", "field \"d\": false (expected: the message as a string)"),
                arguments(SEND, "{\"c\":\"1\",\"d\":\"x\",\"t\":\"BLOB\"}", "field \"t\": \"BLOB\" (expected: \"text\" or \"binary\")"),
                arguments(SEND, "{\"c\":\"1\",\"d\":\"***\",\"t\":\"binary\"}", "field \"d\": \"***\" (expected: base64"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidBodies")
    void refusesWithCode101NamingTheProblem(String path, String body, String expectedMessageStart) throws Exception {
        RunningApi.Reply reply = api.post(path, body);

        assertEquals(400, reply.status(), reply.raw().body());
        assertEquals("application/json", reply.contentType());
        assertEquals(101, reply.errorCode());
        assertTrue(reply.errorMessage().startsWith(expectedMessageStart),
                () -> "message \"" + reply.errorMessage() + "\" should start with \"" + expectedMessageStart + "\"");
        assertTrue(reply.json().path("r").isNull());
        assertTrue(api.mesh.published.isEmpty(), "nothing reaches the mesh");
        assertTrue(api.mesh.sent.isEmpty(), "nothing reaches the mesh");
    }

    @Test
    void echoesTheRequestIdOfAnInvalidRequest() throws Exception {
        RunningApi.Reply reply = api.post(PUBLISH, "{\"c\":5,\"d\":\"x\",\"i\":\"req-1\"}");

        assertEquals(400, reply.status());
        assertEquals("{\"E\":{\"c\":101,\"m\":\"field \\\"c\\\": 5 (expected: a channel name of 1..512 characters without whitespace or control characters)\"},\"r\":null,\"i\":\"req-1\"}",
                reply.raw().body());
    }

    @Test
    void refusesChannelNamesLongerThan512CharactersAsSubscribeDoes() throws Exception {
        assertEquals(200, api.post(PUBLISH, "{\"c\":\"" + "x".repeat(512) + "\",\"d\":\"x\"}").status());
        for (int length : new int[] {513, 4000}) { // 4000: RunningApi bodies are at most 4096 bytes
            RunningApi.Reply reply = api.post(PUBLISH, "{\"c\":\"" + "x".repeat(length) + "\",\"d\":\"x\"}");

            assertEquals(400, reply.status());
            assertEquals(101, reply.errorCode());
            assertEquals("field \"c\": \"" + "x".repeat(39) + "...: " + length + " characters, longer than 512 " + CHANNEL_RULE,
                    reply.errorMessage());
        }
        assertEquals(1, api.mesh.published.size(), "only the 512-character name reached the mesh");
    }

    @Test
    void shortensAHugeValueInTheMessage() throws Exception {
        String huge = "x".repeat(2000);

        RunningApi.Reply reply = api.post(PUBLISH, "{\"c\":\"a\",\"d\":\"" + huge + "\",\"t\":\"binary-ish\"}");

        assertEquals(400, reply.status());
        assertTrue(reply.errorMessage().length() < 200, reply.errorMessage());
    }
}
