package io.mixgate;

import io.mixgate.tls.KeyMaterial;
import io.mixgate.tls.SelfSignedCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Certificates made in the test (no committed keys), written as the files a node reads, and clients that trust them. */
final class TestCerts {
    private TestCerts() {
    }

    /** A fresh self-signed certificate for localhost named {@code CN=commonName}. */
    static KeyMaterial make(String commonName) {
        return SelfSignedCertificate.create(commonName, Instant.now(), Duration.ofDays(2));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Writes the chain as PEM to {@code cert} and the key as PKCS#8 PEM to {@code key}, each replaced by a rename (as certbot does). */
    static void writePem(KeyMaterial m, Path cert, Path key) throws Exception {
        StringBuilder chain = new StringBuilder();
        for (X509Certificate c : m.chain()) {
            chain.append(pem("CERTIFICATE", c.getEncoded()));
        }
        replace(cert, chain.toString().getBytes(StandardCharsets.US_ASCII));
        replace(key, pem("PRIVATE KEY", m.key().getEncoded()).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The key as encrypted PKCS#8 PEM, made by the {@code openssl} command line as an operator would
     * ({@code openssl pkcs8 -topk8 -v2 aes-256-cbc}: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC).
     */
    static String encryptedKeyPem(KeyMaterial m, String password) throws Exception {
        Process p = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:" + password)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(pem("PRIVATE KEY", m.key().getEncoded()).getBytes(StandardCharsets.US_ASCII));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !out.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalStateException("openssl pkcs8 failed: " + err);
        }
        return out;
    }

    /** Writes {@code m} as a PKCS#12 file with {@code password}. */
    static void writePkcs12(KeyMaterial m, Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", m.key(), password.toCharArray(), m.chainArray());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            store.store(out, password.toCharArray());
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void replace(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A TLS client context that trusts exactly {@code trusted} (and nothing from the JDK's CA list). */
    static SSLContext trusting(KeyMaterial... trusted) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        for (int i = 0; i < trusted.length; i++) {
            anchors.setCertificateEntry("ca" + i, trusted[i].chain().get(0));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** An HTTP and WebSocket client that trusts {@code trusted}. */
    static HttpClient httpClient(KeyMaterial... trusted) throws Exception {
        return HttpClient.newBuilder().sslContext(trusting(trusted)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Opens a TLS connection to {@code port}, completes the handshake and returns the subject CN the server presented. */
    static String presentedName(int port, SSLContext client) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return peer.getSubjectX500Principal().getName();
        }
    }
}
