package io.mixgate.tls;

import io.mixgate.config.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Loads a listener's {@link KeyMaterial} from the files a {@link TlsConfig} names (PEM or PKCS#12) and
 * checks that the key belongs to the first certificate. Every failure names the config key and the
 * file. Stateless and thread-safe; reads the files on the calling thread (blocking).
 */
public final class KeyMaterialLoader {

    private KeyMaterialLoader() {
    }

    /**
     * The key material of {@code tls}, which must name files (not {@code selfSigned}).
     *
     * @param keyPrefix where {@code tls} sits in the config, e.g. {@code servers[0].tls}, for messages
     */
    public static KeyMaterial load(TlsConfig tls, String keyPrefix) throws TlsSetupException {
        if (!tls.certFile().isEmpty()) {
            return pem(tls, keyPrefix);
        }
        if (!tls.keyStore().isEmpty()) {
            return pkcs12(tls, keyPrefix);
        }
        throw new IllegalArgumentException(keyPrefix + " names no files");
    }

    private static KeyMaterial pem(TlsConfig tls, String keyPrefix) throws TlsSetupException {
        String certKey = keyPrefix + ".certFile";
        byte[] certs = read(certKey, tls.certFile());
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(certs))) {
                chain.add((X509Certificate) c);
            }
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(certKey + ": " + tls.certFile() + ": not a PEM certificate chain (" + e.getMessage() + ")", e);
        }
        if (chain.isEmpty()) {
            throw new TlsSetupException(certKey + ": " + tls.certFile() + ": no certificate in it (expected: BEGIN CERTIFICATE)");
        }
        String keyKey = keyPrefix + ".keyFile";
        PrivateKey key;
        try {
            key = PemKeys.read(new String(read(keyKey, tls.keyFile()), StandardCharsets.US_ASCII), tls.keyPassword().toCharArray());
        } catch (IllegalArgumentException e) {
            throw new TlsSetupException(keyKey + ": " + tls.keyFile() + ": " + e.getMessage(), e);
        }
        checkMatch(key, chain.get(0), keyKey + ": " + tls.keyFile() + ": the key does not belong to the first certificate of "
                + tls.certFile());
        return new KeyMaterial(key, chain);
    }

    private static KeyMaterial pkcs12(TlsConfig tls, String keyPrefix) throws TlsSetupException {
        String key = keyPrefix + ".keyStore";
        byte[] bytes = read(key, tls.keyStore());
        char[] password = tls.keyStorePassword().toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key found = store.getKey(alias, password);
                    Certificate[] certs = store.getCertificateChain(alias);
                    if (found instanceof PrivateKey privateKey && certs != null && certs.length > 0) {
                        List<X509Certificate> chain = new ArrayList<>();
                        for (Certificate c : certs) {
                            chain.add((X509Certificate) c);
                        }
                        return new KeyMaterial(privateKey, chain);
                    }
                }
            }
            throw new TlsSetupException(key + ": " + tls.keyStore() + ": no private key with a certificate chain in it");
        } catch (IOException e) {
            throw new TlsSetupException(key + ": " + tls.keyStore() + ": not a PKCS#12 file, or the wrong keyStorePassword ("
                    + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(key + ": " + tls.keyStore() + ": cannot read its key (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] read(String key, String file) throws TlsSetupException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(key + ": " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new TlsSetupException(key + ": " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new TlsSetupException(key + ": " + file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    // signs a probe with the key and verifies it with the certificate's public key
    private static void checkMatch(PrivateKey key, X509Certificate cert, String mismatch) throws TlsSetupException {
        PublicKey publicKey = cert.getPublicKey();
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            case "DSA" -> "SHA256withDSA";
            default -> null; // RSASSA-PSS needs parameters: left to the TLS handshake
        };
        if (algorithm == null) {
            return;
        }
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())
                && !(algorithm.equals("EdDSA") && publicKey.getAlgorithm().startsWith("Ed"))) {
            throw new TlsSetupException(mismatch + " (a " + key.getAlgorithm() + " key, a " + publicKey.getAlgorithm()
                    + " certificate)");
        }
        try {
            byte[] probe = "mixgate key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new TlsSetupException(mismatch);
            }
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(mismatch + " (" + e.getMessage() + ")", e);
        }
    }
}
