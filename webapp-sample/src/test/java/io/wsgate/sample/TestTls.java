package io.wsgate.sample;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/**
 * The tests' self-signed certificate (CN=localhost, SAN localhost and 127.0.0.1; EC P-256, PKCS12, password
 * {@link #PASSWORD}) for the containers' TLS connectors, and a client context that trusts exactly it.
 */
final class TestTls {

    static final String PASSWORD = "changeit";
    private static final String RESOURCE = "/io/wsgate/sample/keystore.p12";

    private TestTls() {}

    /** Copies the keystore to {@code target}. */
    static Path copyKeystore(Path target) throws Exception {
        Files.createDirectories(target.getParent());
        try (InputStream in = TestTls.class.getResourceAsStream(RESOURCE)) {
            Files.copy(in, target);
        }
        return target;
    }

    /** An SSLContext trusting the tests' certificate. */
    static SSLContext trusting() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = TestTls.class.getResourceAsStream(RESOURCE)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
