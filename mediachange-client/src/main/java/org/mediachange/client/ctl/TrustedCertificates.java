package org.mediachange.client.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code --ca-file}: the certificates to trust for an {@code https://}
 * console instead of the Java runtime's CAs, as curl's {@code --cacert} does.
 * A console with a self-signed certificate is reached by giving that
 * certificate itself (PEM or DER; a PEM file may hold several). The host name
 * in {@code --url} must still be one the certificate names.
 */
final class TrustedCertificates {

    private TrustedCertificates() {
    }

    /** Why the file cannot be used; the message names it. */
    static final class CaFileException extends Exception {
        private static final long serialVersionUID = 1L;

        CaFileException(String message) {
            super(message);
        }
    }

    /** A TLS context that trusts exactly the certificates in {@code file}. */
    static SSLContext load(Path file) throws CaFileException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            throw new CaFileException("--ca-file " + file + " holds no readable certificate (PEM or DER): "
                    + e.getMessage());
        } catch (IOException e) {
            throw new CaFileException("cannot read --ca-file " + file + ": " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new CaFileException("--ca-file " + file + " holds no certificate");
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate c : certs) {
                trusted.setCertificateEntry("ca-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new CaFileException("cannot use the certificates of --ca-file " + file + ": " + e.getMessage());
        }
    }
}
