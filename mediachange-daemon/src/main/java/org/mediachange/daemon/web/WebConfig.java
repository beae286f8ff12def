package org.mediachange.daemon.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import org.mediachange.daemon.allow.AllowList;
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
 * @param secretFile      the file of the console's secret ({@link ServerSecret#FILE_NAME} in the
 *                        daemon's state directory), made at the first start
 * @param guess           the budgets of password guessing
 */
public record WebConfig(InetSocketAddress address, Path operatorsFile, Path tlsKeystore, Path tlsPasswordFile,
        boolean insecure, AllowList allowList, WebLimits limits, URI webUrl, Path secretFile,
        GuessLimits guess) {

    /** Rejects nulls where a value is needed. */
    public WebConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(operatorsFile, "operatorsFile");
        Objects.requireNonNull(allowList, "allowList");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(secretFile, "secretFile");
        Objects.requireNonNull(guess, "guess");
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
