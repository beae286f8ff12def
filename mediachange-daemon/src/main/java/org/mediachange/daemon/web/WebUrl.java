package org.mediachange.daemon.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The address operators reach the web console by ({@code --web-url}), e.g.
 * {@code https://console.example.org:8443} or, behind a reverse proxy,
 * {@code https://example.org/mediachange}: the base of the answer links.
 * Only http and https, with a host, without user, query or fragment; kept
 * with a trailing slash so that paths resolve below it.
 */
public final class WebUrl {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private WebUrl() {
    }

    /**
     * Parses and checks {@code text}.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static URI parse(String text) {
        String t = text.strip();
        URI u;
        try {
            u = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + text + "' must start with https:// (or http://)");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' has no host name (or one that is not valid)");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "' must not contain a user name or password");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + text + "' must not have a query (?) or fragment (#)");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        if (!path.endsWith("/")) {
            path += "/";
        }
        String port = u.getPort() < 0 ? "" : ":" + u.getPort();
        return URI.create(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + port + path);
    }

    /**
     * Whether links on {@code url} are safe from eavesdroppers: https, or a
     * loopback host (this machine only). Names are not looked up: only
     * {@code localhost} and literal loopback addresses count.
     */
    public static boolean protectedInTransit(URI url) {
        if ("https".equals(url.getScheme())) {
            return true;
        }
        String host = url.getHost();
        return host.equals("localhost") || host.equals("[::1]") || LOOPBACK_V4.matcher(host).matches();
    }
}
