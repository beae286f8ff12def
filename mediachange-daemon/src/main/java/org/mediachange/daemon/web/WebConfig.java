package org.mediachange.daemon.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.state.StateDirectory;
import org.mediachange.daemon.web.auth.GuessLimits;
import org.mediachange.daemon.web.auth.ServerSecret;
import org.mediachange.daemon.web.http.WebLimits;

/**
 * Settings of the web console, fixed at start.
 *
 * @param address         where to listen
 * @param operatorsFile   the accounts file ({@link org.mediachange.daemon.web.auth.OperatorsFile})
 * @param tlsKeystore     PKCS12 key store with the server's key and certificate; null for plain HTTP
 * @param tlsPasswordFile file holding the key store's password; needed with a key store
 * @param insecure        allow plain HTTP on an address other than loopback
 * @param allowList       peers that may use the console (the daemon's --allow)
 * @param limits          bounds on connections, streams, sizes and times
 * @param webUrl          the address operators reach the console by ({@link WebUrl}), the base of the
 *                        answer links; null for none (then there are no answer links)
 * @param state           the daemon's state directory: the console keeps its secret there
 *                        ({@link org.mediachange.daemon.web.auth.ServerSecret})
 * @param guess           the budgets of password guessing
 */
public record WebConfig(InetSocketAddress address, Path operatorsFile, Path tlsKeystore, Path tlsPasswordFile,
        boolean insecure, AllowList allowList, WebLimits limits, URI webUrl, StateDirectory state,
        GuessLimits guess) {

    /** Rejects nulls where a value is needed. */
    public WebConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(operatorsFile, "operatorsFile");
        Objects.requireNonNull(allowList, "allowList");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(guess, "guess");
    }

    /** The file of the console's secret in the state directory. */
    public Path secretFile() {
        return state.file(ServerSecret.FILE_NAME);
    }

    /** Whether the console serves HTTPS. */
    public boolean tls() {
        return tlsKeystore != null;
    }

    /** Whether only this machine can reach the console. */
    public boolean loopback() {
        return address.getAddress() != null && address.getAddress().isLoopbackAddress();
    }
}
