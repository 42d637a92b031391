package io.mixgate.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A JDK key manager whose key material can be swapped while the server runs: each new handshake
 * asks the current delegate, so connections opened after {@link #update} present the new
 * certificate and open ones keep theirs. For servers that take a JDK {@link SSLContext} (Undertow).
 *
 * <p>Thread-safe. A handshake asks for an alias, then for its chain and key in separate calls; each
 * generation of material has its own alias, and the one before the current stays reachable, so a
 * handshake that straddles a swap still gets a chain and a key that belong together.
 */
public final class ReloadableKeyManager extends X509ExtendedKeyManager {
    private static final char[] IN_MEMORY = "mixgate".toCharArray();

    private record Generation(String alias, X509ExtendedKeyManager manager) {
    }

    private volatile Generation current;
    private volatile Generation previous;
    private int generations; // guarded by this

    public ReloadableKeyManager(KeyMaterial material) {
        update(material);
    }

    /** New handshakes use {@code material} from now on. */
    public synchronized void update(KeyMaterial material) {
        String alias = "mixgate-" + (++generations);
        Generation next = new Generation(alias, keyManagerOf(material, alias));
        previous = current;
        current = next;
    }

    private X509ExtendedKeyManager byAlias(String alias) {
        Generation now = current;
        Generation before = previous;
        if (alias == null || alias.endsWith(now.alias()) || before == null) {
            return now.manager();
        }
        return alias.endsWith(before.alias()) ? before.manager() : now.manager();
    }

    /** A TLS server context over this key manager with the JDK's default trust and random. */
    public SSLContext serverContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {this}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS context: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedKeyManager keyManagerOf(KeyMaterial material, String alias) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, material.key(), IN_MEMORY, material.chainArray());
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, IN_MEMORY);
            for (KeyManager manager : factory.getKeyManagers()) {
                if (manager instanceof X509ExtendedKeyManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK made no X509ExtendedKeyManager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("the key material cannot be used: " + e.getMessage(), e);
        }
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return current.manager().getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return current.manager().chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return current.manager().getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return current.manager().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return current.manager().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return current.manager().chooseEngineClientAlias(keyType, issuers, engine);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return byAlias(alias).getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return byAlias(alias).getPrivateKey(alias);
    }
}
