package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigErrorMessagesTest {

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml", List.of())).getMessage();
    }

    @Test
    void namesAnUnknownKeyAndListsTheKnownOnes() {
        assertEquals("gw.yaml: servers[0].prot: unknown key (expected one of: port, bind, protocol, entry, options, "
                + "readBufferSize, writeBufferSize, readTimeout, writeTimeout, maxFrameSize, maxOutboundBytes, "
                + "maxQueuedMessages, maxSubscriptions, byteCodeExpires, writeDelay, rateLimit, maxConnectionsPerSecondPerIp, handshakeTimeout, maxHandshakeBytes, "
                + "allowedOrigins, compression, tls)", error("servers:\n  - prot: 1\n"));
        assertEquals("gw.yaml: centre: unknown key (expected one of: node, logging, servers, apiServer, script, "
                + "demoAuth, redis, queue, access, drain, presence, history, mesh, upstreams, timers, services, routes, candles)", error("centre: {}\n"));
    }

    @Test
    void namesABadCandlesKeyAndValue() {
        assertEquals("gw.yaml: candles.store: \"mongo\" (expected: memory, redis or postgres)",
                error("candles: {store: mongo}\n"));
        assertEquals("gw.yaml: candles.postgres.url: \"postgres://x\" (expected: jdbc:postgresql://host:port/database)",
                error("candles: {postgres: {url: 'postgres://x'}}\n"));
        assertEquals("gw.yaml: candles.maxRange: 0 (expected: 1..100000)", error("candles: {maxRange: 0}\n"));
        assertEquals("gw.yaml: candles.redisPool: \"nope\" (expected: the name of a redis.pools entry (candles.store is redis))",
                error("candles: {store: redis, redisPool: nope}\n"));
    }

    @Test
    void namesAValueOfTheWrongType() {
        assertEquals("gw.yaml: apiServer.port: \"abc\" (expected: an integer)", error("apiServer:\n  port: abc\n"));
        assertEquals("gw.yaml: apiServer.port: 1.5 (expected: an integer)", error("apiServer:\n  port: 1.5\n"));
        assertEquals("gw.yaml: apiServer.port: \"\" (expected: an integer)", error("apiServer:\n  port: ''\n"));
        assertEquals("gw.yaml: apiServer.port: 99999999999 (expected: a 32-bit integer)",
                error("apiServer:\n  port: 99999999999\n"));
        assertEquals("gw.yaml: demoAuth.enabled: 1 (expected: true or false)", error("demoAuth:\n  enabled: 1\n"));
        assertEquals("gw.yaml: demoAuth.tokens.abc: \"x\" (expected: an integer)",
                error("demoAuth:\n  tokens: {abc: x}\n"));
    }

    @Test
    void namesASectionOfTheWrongShape() {
        assertEquals("gw.yaml: apiServer: 5 (expected: a mapping with keys port, bind, maxBodySize, requestTimeout, idleTimeout, tls)",
                error("apiServer: 5\n"));
        assertEquals("gw.yaml: servers: {\"port\":1} (expected: a list)", error("servers:\n  port: 1\n"));
        assertEquals("gw.yaml: the top level is [\"a\"] (expected: a mapping with keys node, logging, servers, "
                + "apiServer, script, demoAuth, redis, queue, access, drain, presence, history, mesh, upstreams, timers, services, routes, candles)", error("- a\n"));
    }

    @Test
    void namesAValueOutOfRange() {
        assertEquals("gw.yaml: servers[0].maxFrameSize: 0 (expected: 1..16777216)",
                error("servers:\n  - maxFrameSize: 0\n"));
        assertEquals("gw.yaml: servers[1].port: 70000 (expected: 0..65535)",
                error("servers:\n  - port: 0\n  - port: 70000\n"));
        assertEquals("gw.yaml: node.id: 40000 (expected: 0..32767)", error("node: {id: 40000}\n"));
        assertEquals("gw.yaml: servers[0].readBufferSize: 10 (expected: >= 64)",
                error("servers:\n  - readBufferSize: 10\n"));
        assertEquals("gw.yaml: logging.level: \"loud\" (expected: one of trace, debug, info, warn, error)",
                error("logging: {level: loud}\n"));
    }

    @Test
    void namesABadDuration() {
        assertEquals("gw.yaml: servers[0].readTimeout: \"soon\" (expected: a duration such as 60s, 500ms, 1h)",
                error("servers:\n  - readTimeout: soon\n"));
        assertEquals("gw.yaml: servers[0].writeTimeout: -1s (expected: a duration >= 0s, 0s = off)",
                error("servers:\n  - writeTimeout: -1s\n"));
        assertEquals("gw.yaml: servers[0].writeDelay: 2s (expected: a duration of 0s..1s, 0s = off)",
                error("servers:\n  - writeDelay: 2s\n"));
        assertEquals("gw.yaml: servers[0].rateLimit.messagesPerSecond: -1 (expected: 0..1000000)",
                error("servers:\n  - rateLimit: {messagesPerSecond: -1}\n"));
        assertEquals("gw.yaml: servers[0].rateLimit.burst: 0 (expected: 1..1000000)",
                error("servers:\n  - rateLimit: {burst: 0}\n"));
        assertEquals("gw.yaml: servers[0].rateLimit.action: \"drop\" (expected: close or error)",
                error("servers:\n  - rateLimit: {action: drop}\n"));
        assertEquals("gw.yaml: servers[0].rateLimit.errorReply: \"\" (expected: a text of 1..1024 characters)",
                error("servers:\n  - rateLimit: {errorReply: \"\"}\n"));
        assertEquals("gw.yaml: servers[0].rateLimit.burts: unknown key (expected one of: messagesPerSecond, burst, action, errorReply)",
                error("servers:\n  - rateLimit: {burts: 5}\n"));
        assertEquals("gw.yaml: servers[0].maxConnectionsPerSecondPerIp: -5 (expected: 0..1000000)",
                error("servers:\n  - maxConnectionsPerSecondPerIp: -5\n"));
        assertEquals("gw.yaml: script.httpTimeout: 0s (expected: a duration > 0s)",
                error("script: {httpTimeout: 0}\n"));
    }

    @Test
    void namesAnUnsupportedProtocol() {
        assertEquals("gw.yaml: servers[0].protocol: \"mqtt\" (expected: websocket or socket)",
                error("servers:\n  - protocol: mqtt\n"));
    }

    @Test
    void refusesWebSocketOnlySettingsOnASocketServer() {
        assertEquals("gw.yaml: servers[0].compression.mode: \"on\" (expected: off for a socket server: permessage-deflate is WebSocket-only)",
                error("servers:\n  - protocol: socket\n    compression: {mode: on}\n"));
        assertEquals("gw.yaml: servers[0].allowedOrigins: [https://a.example] (expected: none for a socket server: origins are checked in a WebSocket handshake)",
                error("servers:\n  - protocol: socket\n    allowedOrigins: [\"https://a.example\"]\n"));
    }

    @Test
    void namesAPathWithoutLeadingSlash() {
        assertEquals("gw.yaml: servers[0].options.path: \"chat\" (expected: a path starting with \"/\")",
                error("servers:\n  - options:\n      - name: path\n        value: chat\n"));
        assertEquals("gw.yaml: demoAuth.path: \"auth\" (expected: a path starting with \"/\")",
                error("demoAuth: {path: auth}\n"));
    }

    @Test
    void namesAMalformedListFormOption() {
        assertEquals("gw.yaml: servers[0].options[0]: {\"name\":\"path\"} (expected: a mapping with name and value)",
                error("servers:\n  - options:\n      - name: path\n"));
        assertEquals("gw.yaml: servers[0].options[0].val: unknown key (expected one of: name, value)",
                error("servers:\n  - options:\n      - {name: path, value: /x, val: /y}\n"));
        assertEquals("gw.yaml: servers[0].options[1].name: \"path\" (expected: a name not already used in "
                + "servers[0].options)", error("servers:\n  - options:\n      - {name: path, value: /x}\n"
                + "      - {name: path, value: /y}\n"));
    }

    @Test
    void namesTwoListenersOnOnePort() {
        assertEquals("gw.yaml: servers[0].port: 6789 (expected: a port not already used by apiServer.port)",
                error("servers:\n  - port: 6789\n"));
    }

    @Test
    void givesTheLineOfAYamlSyntaxError() {
        assertEquals("gw.yaml: line 2, column 10: invalid YAML: mapping values are not allowed here",
                error("apiServer:\n  port: 1: 2\n"));
        assertEquals("gw.yaml: line 2, column 1: invalid YAML: found character '\\t(TAB)' that cannot start any "
                + "token. (Do not use \\t(TAB) for indentation)", error("apiServer:\n\tport: 1\n"));
    }

    @Test
    void namesADuplicateKey() {
        assertEquals("gw.yaml: line 3, column 9: duplicate key \"port\"", error("apiServer:\n  port: 1\n  port: 2\n"));
    }
}
