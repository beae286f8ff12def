package org.mediachange.client.ctl;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * {@code --url}: where the web console is, e.g. {@code http://127.0.0.1:8980}
 * or {@code https://console.example:8980/mediachange/} behind a proxy. The
 * API paths are resolved against it. Checked before anything is sent: the
 * password must never cross a network in clear text, so plain {@code http}
 * is used only to a loopback address (the console on this machine, or an SSH
 * tunnel to it), as the console itself accepts HTTP Basic only over TLS or on
 * loopback.
 */
final class ConsoleUrl {

    /** The web console's address when {@code --web PORT} is given without an address. */
    static final String DEFAULT = "http://127.0.0.1:8980";

    private ConsoleUrl() {
    }

    /**
     * The base URI of the console, ending in {@code /}.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    static URI parse(String text) {
        URI u;
        try {
            u = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url '" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("--url must start with http:// or https://, not '" + text + "'");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("--url must not hold a name or password (others could read it in"
                    + " ps); use --operator, and " + PasswordSource.ENV + " or --password-file");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("--url '" + text + "' names no host");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("--url '" + text + "' must not have a ?query or #fragment");
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (!path.endsWith("/")) {
            path += "/";
        }
        return URI.create(scheme + "://" + u.getRawAuthority() + path);
    }

    /**
     * Refuses plain {@code http} to a host that is not this machine.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    static void checkCleartext(URI base) {
        if (!"http".equals(base.getScheme()) || isLoopback(base.getHost())) {
            return;
        }
        throw new IllegalArgumentException("refusing to send the password in clear text to " + base.getHost()
                + ": use an https:// URL, or an SSH tunnel to the console's loopback address"
                + " (ssh -L 8980:127.0.0.1:8980 HOST, then --url http://127.0.0.1:8980)");
    }

    /**
     * Whether every address of {@code host} is a loopback address. A name that
     * does not resolve counts as loopback here: nothing can be sent to it, and
     * the connection attempt reports it as unknown.
     */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(h)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
