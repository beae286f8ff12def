package org.mediachange.daemon.web;

import java.nio.file.Files;
import javax.net.ssl.SSLContext;
import org.mediachange.daemon.web.auth.Operators;
import org.mediachange.daemon.web.auth.OperatorsFileException;
import org.mediachange.daemon.web.auth.SecretFileException;
import org.mediachange.daemon.web.auth.ServerSecret;

/**
 * What a start of the web console needs, checked before it binds (and by
 * {@code --check-config}): the operators and, under TLS, the key store.
 *
 * @param operators the accounts
 * @param ssl       the TLS context; null for plain HTTP
 */
record WebSetup(Operators operators, SSLContext ssl) {

    /**
     * The rule against plain HTTP off loopback, the operators file, the TLS
     * files and the secret file if there is one (a start makes it when there
     * is none).
     *
     * @throws WebSetupException what is wrong, in one line for the user
     */
    static WebSetup check(WebConfig config) throws WebSetupException {
        if (!config.loopback() && !config.tls() && !config.insecure()) {
            throw new WebSetupException("refusing to serve the web console on " + WebConsole.where(config.address())
                    + " without TLS: passwords and session cookies would cross the network in clear text;"
                    + " give --web-tls-keystore (see mediachanged(8)), or --web-insecure if a TLS proxy or tunnel"
                    + " protects it");
        }
        Operators operators;
        try {
            operators = Operators.load(config.operatorsFile());
        } catch (OperatorsFileException e) {
            boolean missing = !Files.exists(config.operatorsFile());
            throw new WebSetupException(e.getMessage()
                    + (missing ? " (add an operator with: mediachanged set-password NAME)" : ""));
        }
        SSLContext ssl = config.tls() ? TlsContext.load(config.tlsKeystore(), config.tlsPasswordFile()) : null;
        String secretProblem = ServerSecret.problem(config.secretFile()).orElse(null);
        if (secretProblem != null) {
            throw new WebSetupException(secretProblem);
        }
        return new WebSetup(operators, ssl);
    }

    /**
     * The server secret in the state directory, made at the first start.
     *
     * @throws WebSetupException what is wrong with its file, in one line for the user
     */
    static ServerSecret secret(WebConfig config) throws WebSetupException {
        try {
            return ServerSecret.loadOrCreate(config.secretFile());
        } catch (SecretFileException e) {
            throw new WebSetupException(e.getMessage());
        }
    }
}
