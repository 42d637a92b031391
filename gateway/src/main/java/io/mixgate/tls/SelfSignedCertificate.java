package io.mixgate.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Makes a self-signed certificate (EC P-256, SHA-256 with ECDSA) with the JDK's public APIs only,
 * for {@code tls.selfSigned} and for tests: subject {@code CN=<commonName>}, valid for
 * {@code localhost}, {@code 127.0.0.1} and {@code ::1}. Never for production: no client trusts it
 * unless told to. Stateless and thread-safe.
 */
public final class SelfSignedCertificate {
    private static final String EC_PUBLIC_KEY_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private SelfSignedCertificate() {
    }

    /** A certificate named {@code CN=localhost}, valid from an hour ago for a year. */
    public static KeyMaterial forLocalhost() {
        return create("localhost", Instant.now(), Duration.ofDays(365));
    }

    /**
     * A certificate named {@code CN=commonName}, for localhost, valid from an hour before
     * {@code now} (clocks drift) for {@code validity} (which must end before 2050: UTCTime).
     */
    public static KeyMaterial create(String commonName, Instant now, Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            byte[] algorithm = Der.sequence(Der.oid(EC_PUBLIC_KEY_WITH_SHA256));
            byte[] name = Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid(COMMON_NAME), Der.utf8(commonName))));
            byte[] names = Der.sequence(
                    Der.tlv(0x82, "localhost".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    Der.tlv(0x87, InetAddress.getByName("127.0.0.1").getAddress()),
                    Der.tlv(0x87, InetAddress.getByName("::1").getAddress()));
            byte[] extensions = Der.tlv(0xa3, Der.sequence(
                    Der.sequence(Der.oid(SUBJECT_ALT_NAME), Der.tlv(Der.OCTET_STRING, names))));
            Instant notBefore = now.minus(Duration.ofHours(1));
            byte[] tbs = Der.sequence(
                    Der.tlv(0xa0, Der.integer(BigInteger.TWO)), // v3
                    Der.integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE)),
                    algorithm,
                    name,
                    Der.sequence(utcTime(notBefore), utcTime(now.plus(validity))),
                    name,
                    pair.getPublic().getEncoded(),
                    extensions);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
            X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
            return new KeyMaterial(pair.getPrivate(), List.of(parsed));
        } catch (GeneralSecurityException | java.net.UnknownHostException e) {
            throw new IllegalStateException("this JDK cannot make an EC P-256 certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] utcTime(Instant instant) {
        return Der.tlv(Der.UTC_TIME, UTC_TIME.format(instant).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
