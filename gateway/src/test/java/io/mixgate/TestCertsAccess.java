package io.mixgate;

import io.mixgate.tls.KeyMaterial;

/** Opens {@link TestCerts} (package-private) to tests in other packages. */
public final class TestCertsAccess {
    private TestCertsAccess() {
    }

    public static String encryptedKeyPem(KeyMaterial m, String password) throws Exception {
        return TestCerts.encryptedKeyPem(m, password);
    }
}
