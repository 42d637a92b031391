package io.mixgate.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.config.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key format the loader accepts, made in the test (JDK APIs and the JDK's keytool), and its errors. */
class KeyMaterialLoaderTest {
    @TempDir
    Path dir;

    private static TlsConfig pem(Path cert, Path key, String password) {
        TlsConfig d = TlsConfig.defaults();
        return new TlsConfig(cert.toString(), key.toString(), password, "", "", false, d.provider(), d.protocols(),
                d.reloadInterval());
    }

    private static TlsConfig pkcs12(Path store, String password) {
        TlsConfig d = TlsConfig.defaults();
        return new TlsConfig("", "", "", store.toString(), password, false, d.provider(), d.protocols(), d.reloadInterval());
    }

    static String pemBlock(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private KeyMaterial writeEcPem(String name) throws Exception {
        KeyMaterial m = SelfSignedCertificate.create(name, Instant.now(), Duration.ofDays(1));
        Files.writeString(dir.resolve(name + ".crt"), pemBlock("CERTIFICATE", m.chain().get(0).getEncoded()));
        Files.writeString(dir.resolve(name + ".key"), pemBlock("PRIVATE KEY", m.key().getEncoded()));
        return m;
    }

    /** An RSA key and certificate made by the JDK's keytool, as PKCS#12. */
    private Path keytoolRsa(String password) throws Exception {
        Path store = dir.resolve("rsa.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keyalg", "RSA", "-keysize", "2048",
                "-alias", "server", "-dname", "CN=rsa-test", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", password).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return store;
    }

    @Test
    void readsPkcs8PemAndChecksTheKeyMatches() throws Exception {
        KeyMaterial made = writeEcPem("a");
        KeyMaterial loaded = KeyMaterialLoader.load(pem(dir.resolve("a.crt"), dir.resolve("a.key"), ""), "servers[0].tls");
        assertEquals(made.chain(), loaded.chain());
        assertArrayEquals(made.key().getEncoded(), loaded.key().getEncoded());
    }

    @Test
    void readsPkcs12MadeByKeytoolAndPkcs1PemOfTheSameKey() throws Exception {
        Path store = keytoolRsa("store-secret");
        KeyMaterial rsa = KeyMaterialLoader.load(pkcs12(store, "store-secret"), "apiServer.tls");
        assertEquals("CN=rsa-test", rsa.subject());

        // PKCS#8 is SEQUENCE { version, algorithm, OCTET STRING pkcs1 }: the PKCS#1 key is its last element
        byte[] pkcs8 = rsa.key().getEncoded();
        byte[] pkcs1 = lastOctetString(pkcs8);
        Files.writeString(dir.resolve("rsa.crt"), pemBlock("CERTIFICATE", rsa.chain().get(0).getEncoded()));
        Files.writeString(dir.resolve("rsa1.key"), pemBlock("RSA PRIVATE KEY", pkcs1));
        KeyMaterial fromPkcs1 = KeyMaterialLoader.load(pem(dir.resolve("rsa.crt"), dir.resolve("rsa1.key"), ""), "x");
        assertArrayEquals(pkcs8, fromPkcs1.key().getEncoded());
    }

    @Test
    void readsEncryptedPkcs8WithItsPasswordAndNamesAWrongOne() throws Exception {
        KeyMaterial m = writeEcPem("e");
        Files.writeString(dir.resolve("e.key"), io.mixgate.TestCertsAccess.encryptedKeyPem(m, "pw-1"));
        KeyMaterial loaded = KeyMaterialLoader.load(pem(dir.resolve("e.crt"), dir.resolve("e.key"), "pw-1"), "servers[1].tls");
        assertArrayEquals(m.key().getEncoded(), loaded.key().getEncoded());

        TlsSetupException wrong = assertThrows(TlsSetupException.class,
                () -> KeyMaterialLoader.load(pem(dir.resolve("e.crt"), dir.resolve("e.key"), "pw-2"), "servers[1].tls"));
        assertTrue(wrong.getMessage().startsWith("servers[1].tls.keyFile: " + dir.resolve("e.key")
                + ": cannot decrypt the key: wrong keyPassword"), wrong.getMessage());
        TlsSetupException none = assertThrows(TlsSetupException.class,
                () -> KeyMaterialLoader.load(pem(dir.resolve("e.crt"), dir.resolve("e.key"), ""), "servers[1].tls"));
        assertEquals("servers[1].tls.keyFile: " + dir.resolve("e.key") + ": the key is encrypted and keyPassword is empty",
                none.getMessage());
    }

    @Test
    void wrongKeyStorePasswordNamesTheKeyAndFile() throws Exception {
        Path store = keytoolRsa("right-password");
        TlsSetupException e = assertThrows(TlsSetupException.class,
                () -> KeyMaterialLoader.load(pkcs12(store, "wrong"), "apiServer.tls"));
        assertTrue(e.getMessage().startsWith("apiServer.tls.keyStore: " + store
                + ": not a PKCS#12 file, or the wrong keyStorePassword"), e.getMessage());
    }

    @Test
    void unreadableAndEmptyFilesAreNamed() throws Exception {
        writeEcPem("u");
        Files.writeString(dir.resolve("empty.crt"), "");
        TlsSetupException empty = assertThrows(TlsSetupException.class,
                () -> KeyMaterialLoader.load(pem(dir.resolve("empty.crt"), dir.resolve("u.key"), ""), "servers[0].tls"));
        assertTrue(empty.getMessage().startsWith("servers[0].tls.certFile: " + dir.resolve("empty.crt")), empty.getMessage());
        TlsSetupException missingKey = assertThrows(TlsSetupException.class,
                () -> KeyMaterialLoader.load(pem(dir.resolve("u.crt"), dir.resolve("gone.key"), ""), "servers[0].tls"));
        assertEquals("servers[0].tls.keyFile: " + dir.resolve("gone.key") + ": no such file", missingKey.getMessage());
    }

    private static byte[] lastOctetString(byte[] der) {
        int[] outer = header(der, 0);
        int at = outer[0];
        int end = outer[0] + outer[1];
        byte[] last = null;
        while (at < end) {
            int[] h = header(der, at);
            if ((der[at] & 0xff) == 0x04) {
                last = Arrays.copyOfRange(der, h[0], h[0] + h[1]);
            }
            at = h[0] + h[1];
        }
        return last;
    }

    // {content offset, content length} of the element at {@code at}
    private static int[] header(byte[] der, int at) {
        int length = der[at + 1] & 0xff;
        int offset = at + 2;
        if (length >= 0x80) {
            int bytes = length & 0x7f;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[offset + i] & 0xff);
            }
            offset += bytes;
        }
        return new int[] {offset, length};
    }

    @Test
    void listsTheWatchedFiles() {
        assertEquals(List.of("c", "k"), new TlsConfig("c", "k", "", "", "", false, "jdk", TlsConfig.PROTOCOLS,
                Duration.ofSeconds(1)).watchedFiles());
    }
}
