package org.mediachange.daemon.cli;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import org.mediachange.common.cli.ConfigLocations;
import org.mediachange.common.cli.IntRangeConverter;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.state.StateDirectory;
import org.mediachange.daemon.web.WebAddressConverter;
import org.mediachange.daemon.web.WebConfig;
import org.mediachange.daemon.web.WebUrlConverter;
import org.mediachange.daemon.web.auth.GuessLimits;
import org.mediachange.daemon.web.auth.ServerSecret;
import org.mediachange.daemon.web.http.WebLimits;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The web console's options of {@code mediachanged} (docs/WEB.md), mixed into
 * {@link DaemonCommand}; {@code --operators} is inherited by the set-password
 * command, which writes that file.
 */
final class WebOptions {

    /** The operators file in the configuration directory, when {@code --operators} is not given. */
    static final String OPERATORS_FILE = "operators";

    @Option(names = "--web", paramLabel = "[ADDRESS:]PORT", converter = WebAddressConverter.class,
            description = "Serve the web console on PORT of ADDRESS (default address: 127.0.0.1): pending requests"
                    + " live in a browser, answerable there, for the operators in the operators file"
                    + " (see WEB.md in " + DaemonCommand.DOC_DIR + "). Default: off.")
    private InetSocketAddress web;

    @Option(names = "--operators", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The web console's accounts, one NAME:pbkdf2_sha256$... line each (default: operators in"
                    + " the configuration directory, /etc/mediachange/operators). Must be private like the key file"
                    + " (chmod 600).")
    private Path operators;

    @Option(names = "--web-tls-keystore", paramLabel = "FILE",
            description = "Serve the web console over HTTPS with the key and certificate in this PKCS12 file.")
    private Path tlsKeystore;

    @Option(names = "--web-tls-password-file", paramLabel = "FILE",
            description = "The first line of FILE is the password of --web-tls-keystore. FILE must be private like the"
                    + " key file (chmod 600).")
    private Path tlsPasswordFile;

    @Option(names = "--web-insecure",
            description = "Serve the web console over plain HTTP on an address other than loopback (only behind a"
                    + " TLS proxy or tunnel: passwords would otherwise cross the network in clear text).")
    private boolean insecure;

    @Option(names = "--web-url", paramLabel = "URL", converter = WebUrlConverter.class,
            description = "The address operators reach the web console by, e.g. https://console.example.org:8443:"
                    + " gives every pending request an OK link and a Cancel link below it, for notifications"
                    + " (see WEB.md in " + DaemonCommand.DOC_DIR + "). Needs --web. Default: no links.")
    private URI url;

    @Option(names = "--web-ipv6-prefix", paramLabel = "BITS", converter = Ipv6PrefixConverter.class,
            defaultValue = "64",
            description = "Count failed logins from IPv6 clients per network of this prefix length: a host usually has"
                    + " a whole /64 to pick addresses from (default: ${DEFAULT-VALUE}; 128 counts each address).")
    private int ipv6Prefix;

    /** IPv6 prefix lengths: 1-128. */
    public static final class Ipv6PrefixConverter extends IntRangeConverter {
        /** The converter picocli instantiates. */
        public Ipv6PrefixConverter() {
            super(1, 128, "an IPv6 prefix length (1-128)");
        }
    }

    /** Where the console listens; null when it is off. */
    InetSocketAddress address() {
        return web;
    }

    /** Whether {@code --web-url} was given. */
    boolean hasUrl() {
        return url != null;
    }

    /** The operators file: {@code --operators}, else {@value #OPERATORS_FILE} in the configuration directory. */
    Path operatorsFile() {
        return operators != null ? operators : ConfigLocations.confDir().resolve(OPERATORS_FILE);
    }

    /**
     * The console's settings, allowing the hosts of {@code allowList}, keeping its secret in {@code state};
     * null when it is off.
     */
    WebConfig config(AllowList allowList, StateDirectory state) {
        return web == null ? null : new WebConfig(web, operatorsFile(), tlsKeystore, tlsPasswordFile, insecure,
                allowList, WebLimits.DEFAULT, url, state.file(ServerSecret.FILE_NAME), GuessLimits.DEFAULT.withIpv6Prefix(ipv6Prefix));
    }
}
