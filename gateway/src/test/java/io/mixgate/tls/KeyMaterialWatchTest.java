package io.mixgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mixgate.config.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reload rules, driven by {@link KeyMaterialWatch#check()} directly: no timer, no waiting. */
class KeyMaterialWatchTest {
    @TempDir
    Path dir;

    private void write(KeyMaterial m) throws Exception {
        replace(dir.resolve("c.pem"), KeyMaterialLoaderTest.pemBlock("CERTIFICATE", m.chain().get(0).getEncoded()));
        replace(dir.resolve("k.pem"), KeyMaterialLoaderTest.pemBlock("PRIVATE KEY", m.key().getEncoded()));
    }

    private static void replace(Path file, String text) throws Exception {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void brokenNewFilesKeepTheOldMaterialAndTheNextGoodOnesAreTaken() throws Exception {
        KeyMaterial a = SelfSignedCertificate.create("A", Instant.now(), Duration.ofDays(1));
        KeyMaterial b = SelfSignedCertificate.create("B", Instant.now(), Duration.ofDays(1));
        write(a);
        TlsConfig tls = new TlsConfig(dir.resolve("c.pem").toString(), dir.resolve("k.pem").toString(), "", "", "",
                false, "jdk", TlsConfig.PROTOCOLS, Duration.ofHours(1)); // the timer never fires in this test
        List<String> taken = new ArrayList<>();
        try (KeyMaterialWatch watch = KeyMaterialWatch.start(tls, "servers[0].tls", m -> taken.add(m.subject()))) {
            watch.check();
            assertEquals(List.of(), taken, "unchanged files are not reloaded");

            // half-way through a renewal: B's certificate with A's key
            replace(dir.resolve("c.pem"), KeyMaterialLoaderTest.pemBlock("CERTIFICATE", b.chain().get(0).getEncoded()));
            watch.check();
            assertEquals(List.of(), taken, "a mismatched pair is refused");

            replace(dir.resolve("k.pem"), "garbage");
            watch.check();
            assertEquals(List.of(), taken, "a broken key is refused");

            write(b);
            watch.check();
            assertEquals(List.of("CN=B"), taken);
            watch.check();
            assertEquals(List.of("CN=B"), taken, "loaded once per change");
        }
    }

    @Test
    void nothingToWatchForSelfSignedOrAZeroInterval() {
        TlsConfig d = TlsConfig.defaults();
        assertNull(KeyMaterialWatch.start(new TlsConfig("", "", "", "", "", true, "jdk", d.protocols(), d.reloadInterval()),
                "x", m -> { }));
        assertNull(KeyMaterialWatch.start(new TlsConfig("c", "k", "", "", "", false, "jdk", d.protocols(), Duration.ZERO),
                "x", m -> { }));
    }
}
