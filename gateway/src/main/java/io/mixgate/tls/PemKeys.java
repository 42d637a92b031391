package io.mixgate.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads one private key from PEM text: PKCS#8 ({@code BEGIN PRIVATE KEY}), encrypted PKCS#8
 * ({@code BEGIN ENCRYPTED PRIVATE KEY}, PBES2 as {@code openssl pkcs8 -topk8} writes it) and
 * PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}, unencrypted). Stateless.
 */
final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";

    private PemKeys() {
    }

    /**
     * The key in {@code pem}.
     *
     * @param password the key's password, empty when it is not encrypted
     * @throws IllegalArgumentException with a user-facing reason when there is no usable key
     */
    static PrivateKey read(String pem, char[] password) {
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            String type = block.group(1);
            String body = block.group(2);
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(base64(body));
                }
                case "ENCRYPTED PRIVATE KEY" -> {
                    if (password.length == 0) {
                        throw new IllegalArgumentException("the key is encrypted and keyPassword is empty");
                    }
                    return pkcs8(decrypt(base64(body), password));
                }
                case "RSA PRIVATE KEY" -> {
                    if (body.contains("ENCRYPTED")) {
                        throw new IllegalArgumentException("an encrypted PKCS#1 key is not supported; convert it with "
                                + "'openssl pkcs8 -topk8 -in key.pem -out key8.pem' (add -nocrypt for no password)");
                    }
                    return pkcs8(Der.sequence(Der.integer(BigInteger.ZERO),
                            Der.sequence(Der.oid(RSA_ENCRYPTION), Der.tlv(Der.NULL)),
                            Der.tlv(Der.OCTET_STRING, base64(body))));
                }
                case "EC PRIVATE KEY" -> throw new IllegalArgumentException("a SEC1 EC key is not supported; convert it with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem'");
                default -> {
                    // EC PARAMETERS and the like precede the key in some files: skip them
                }
            }
        }
        throw new IllegalArgumentException("no PEM private key in it (expected: BEGIN PRIVATE KEY, "
                + "BEGIN ENCRYPTED PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
    }

    private static byte[] base64(String body) {
        try {
            return Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not valid base64");
        }
    }

    private static PrivateKey pkcs8(byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the key is not an RSA, EC, EdDSA or DSA key this JDK can read");
    }

    private static byte[] decrypt(byte[] der, char[] password) {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            SecretKeyFactory factory = SecretKeyFactory.getInstance(info.getAlgName());
            return info.getKeySpec(factory.generateSecret(new PBEKeySpec(password))).getEncoded();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot decrypt the key: wrong keyPassword or an unsupported cipher ("
                    + e.getMessage() + ")");
        }
    }
}
