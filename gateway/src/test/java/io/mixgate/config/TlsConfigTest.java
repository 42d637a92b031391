package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsConfigTest {

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml", List.of())).getMessage();
    }

    @Test
    void offByDefaultOnBothListeners() throws ConfigException {
        GatewayConfig config = ConfigLoader.parse("", "gw.yaml", List.of());
        TlsConfig server = config.servers().get(0).tls();
        assertFalse(server.enabled());
        assertFalse(config.apiServer().tls().enabled());
        assertEquals(TlsConfig.defaults(), server);
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), server.protocols());
        assertEquals(Duration.ofSeconds(5), server.reloadInterval());
        assertEquals("openssl", server.provider());
        assertFalse(server.selfSigned());
    }

    @Test
    void onWithPemFilesAKeyStoreOrSelfSigned() throws ConfigException {
        assertTrue(ConfigLoader.parse("servers:\n  - tls: {certFile: c.pem, keyFile: k.pem, provider: jdk}\n", "gw.yaml",
                List.of()).servers().get(0).tls().enabled());
        assertTrue(ConfigLoader.parse("apiServer:\n  tls: {keyStore: s.p12, keyStorePassword: x}\n", "gw.yaml",
                List.of()).apiServer().tls().enabled());
        TlsConfig self = ConfigLoader.parse("servers:\n  - tls: {protocols: [TLSv1.3]}\n", "gw.yaml",
                List.of("servers[0].tls.selfSigned=true")).servers().get(0).tls();
        assertTrue(self.enabled());
        assertEquals(List.of("TLSv1.3"), self.protocols());
        assertEquals(List.of(), self.watchedFiles());
    }

    @Test
    void errorsNameTheKeyAndValue() {
        assertEquals("gw.yaml: servers[0].tls.provider: \"boring\" (expected: openssl or jdk)",
                error("servers:\n  - tls: {provider: boring}\n"));
        assertEquals("gw.yaml: servers[0].tls.keyFile: \"\" (expected: a file path: certFile and keyFile are set together)",
                error("servers:\n  - tls: {certFile: c.pem}\n"));
        assertEquals("gw.yaml: apiServer.tls.certFile: \"\" (expected: a file path: certFile and keyFile are set together)",
                error("apiServer:\n  tls: {keyFile: k.pem}\n"));
        assertEquals("gw.yaml: servers[0].tls.protocols[0]: \"TLSv1.1\" (expected: one of [TLSv1.2, TLSv1.3])",
                error("servers:\n  - tls: {protocols: [TLSv1.1]}\n"));
        assertEquals("gw.yaml: servers[0].tls.selfSigned: true (expected: only one of certFile + keyFile, keyStore and selfSigned)",
                error("servers:\n  - tls: {certFile: c.pem, keyFile: k.pem, selfSigned: true}\n"));
        assertEquals("gw.yaml: servers[0].tls.reloadInterval: 2h0m0s (expected: 0s..1h0m0s)",
                error("servers:\n  - tls: {reloadInterval: 2h}\n"));
        // passwords are never echoed
        assertEquals("gw.yaml: servers[0].tls.keyPassword: (set) (expected: empty unless keyFile is set)",
                error("servers:\n  - tls: {keyPassword: hunter2}\n"));
    }
}
