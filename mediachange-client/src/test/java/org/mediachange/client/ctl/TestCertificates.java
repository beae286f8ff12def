package org.mediachange.client.ctl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed console certificates made for a test by the JDK's own keytool,
 * as an admin would make one for {@code --web-tls-keystore}: a PKCS12 key
 * store for the stand-in console and the certificate in PEM for {@code --ca-file}.
 */
final class TestCertificates {

    static final String STORE_PASSWORD = "changeit";

    /** A key store and its exported certificate. */
    record Made(Path keystore, Path pem) {
        /** A server TLS context with the key store's key. */
        SSLContext serverContext() throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, STORE_PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, STORE_PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        }
    }

    private TestCertificates() {
    }

    /** A self-signed certificate named {@code name} in {@code dir}, for the subject alternative names {@code san}. */
    static Made make(Path dir, String name, String san) throws Exception {
        Path keystore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", "console", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + name, "-ext", "SAN=" + san, "-validity", "3650", "-storetype", "PKCS12", "-keystore",
                keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "console", "-keystore", keystore.toString(), "-storepass",
                STORE_PASSWORD, "-file", pem.toString());
        return new Made(keystore, pem);
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
