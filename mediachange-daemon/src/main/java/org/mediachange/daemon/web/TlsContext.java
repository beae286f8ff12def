package org.mediachange.daemon.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.mediachange.common.files.PrivateFiles;

/**
 * The server side of TLS: a PKCS12 key store (e.g. from {@code openssl pkcs12
 * -export} or {@code keytool -genkeypair -storetype PKCS12}) whose password is
 * the first line of a private file, never an option value that {@code ps} would show.
 */
final class TlsContext {

    private TlsContext() {
    }

    static SSLContext load(Path keystore, Path passwordFile) throws WebSetupException {
        if (passwordFile == null) {
            throw new WebSetupException("--web-tls-keystore needs --web-tls-password-file (a file holding the"
                    + " key store's password, readable only by the daemon's user)");
        }
        String problem = PrivateFiles.problem(passwordFile, "TLS password file").orElse(null);
        if (problem != null) {
            throw new WebSetupException(problem);
        }
        char[] password;
        try {
            String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            password = (end < 0 ? text : text.substring(0, end)).stripTrailing().toCharArray();
        } catch (IOException e) {
            throw new WebSetupException("cannot read TLS password file " + passwordFile + ": " + e.getMessage());
        }
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException e) {
            throw new WebSetupException("cannot read TLS key store " + keystore + ": " + e.getMessage()
                    + " (a PKCS12 file with the password in the password file?)", e);
        } catch (GeneralSecurityException e) {
            throw new WebSetupException("TLS key store " + keystore + " is not usable: " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
