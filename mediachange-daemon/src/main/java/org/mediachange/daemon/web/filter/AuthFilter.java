package org.mediachange.daemon.web.filter;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.mediachange.daemon.web.auth.Access;
import org.mediachange.daemon.web.auth.Authenticator;
import org.mediachange.daemon.web.auth.DeviceTokens;
import org.mediachange.daemon.web.auth.Sessions;
import org.mediachange.daemon.web.http.AuthReplies;
import org.mediachange.daemon.web.http.Http;
import org.mediachange.daemon.web.http.SessionCookie;
import org.mediachange.daemon.web.log.RequestText;
import org.mediachange.daemon.web.log.WebLog;

/**
 * Who may do what, for every path in one place:
 * <ul>
 * <li>Every request that is not GET or HEAD must carry
 * {@code X-Requested-By: mediachange} (else 403). A page of another site
 * cannot send that header without a CORS preflight, which this server never
 * grants, so it cannot answer, log in or out for the operator.</li>
 * <li>Public paths (the page's static files, the login) need nothing more.</li>
 * <li>Everything else needs a session cookie or, for scripts, HTTP Basic over
 * TLS or on loopback (else 401). The operator's name is then the exchange's
 * {@link Http#OPERATOR} attribute, and what let it in (to be asked again while
 * a live stream runs) its {@link Http#ACCESS}. A Basic client that brings no
 * device token (cookie {@code mediachange-device}), or an old one, gets a new
 * one with its answer.</li>
 * </ul>
 * The answer links ({@code /a/}) are public paths too: their token is the
 * credential, which the links' own handler checks.
 */
public final class AuthFilter extends Filter {

    private static final WebLog LOG = WebLog.of(AuthFilter.class);

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");
    private static final int MAX_BASIC_CHARS = 2048;

    private final Sessions sessions;
    private final Authenticator authenticator;
    private final Set<String> publicPaths;
    private final List<String> publicPrefixes;
    private final boolean tls;
    private final UnaryOperator<String> forLog;

    /**
     * @param publicPaths    exact paths anyone may request
     * @param publicPrefixes path prefixes anyone may request (the answer links)
     * @param tls            the console is served over HTTPS
     * @param forLog         a path as the log may show it (an answer link's token replaced by its fingerprint)
     */
    public AuthFilter(Sessions sessions, Authenticator authenticator, Set<String> publicPaths,
            List<String> publicPrefixes, boolean tls, UnaryOperator<String> forLog) {
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.publicPaths = Set.copyOf(publicPaths);
        this.publicPrefixes = List.copyOf(publicPrefixes);
        this.tls = tls;
        this.forLog = forLog;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        String path = Http.path(ex);
        if (!SAFE_METHODS.contains(ex.getRequestMethod())
                && !AuthReplies.CSRF_VALUE.equals(ex.getRequestHeaders().getFirst(AuthReplies.CSRF_HEADER))) {
            // An answer link's token never reaches the log; method and path only escaped.
            LOG.info("web console: refused {} {} from {}: no {} header (user agent \"{}\")", RequestText.method(ex),
                    RequestText.of(forLog.apply(path)), peer(ex), AuthReplies.CSRF_HEADER,
                    RequestText.header(ex, "User-Agent"));
            Http.sendProblem(ex, 403, "a request that changes something needs the header "
                    + AuthReplies.CSRF_HEADER + ": " + AuthReplies.CSRF_VALUE);
            return;
        }
        if (publicPaths.contains(path) || publicPrefixes.stream().anyMatch(path::startsWith)) {
            chain.doFilter(ex);
            return;
        }
        Optional<Access> access = SessionCookie.value(ex).flatMap(sessions::access);
        if (access.isEmpty() && ex.getRequestHeaders().containsKey("Authorization")) {
            if (!basic(ex)) {
                return;
            }
            access = Optional.of((Access) ex.getAttribute(Http.ACCESS));
        }
        if (access.isEmpty()) {
            AuthReplies.unauthorized(ex, "login required");
            return;
        }
        ex.setAttribute(Http.ACCESS, access.get());
        ex.setAttribute(Http.OPERATOR, access.get().operator());
        chain.doFilter(ex);
    }

    /** Checks HTTP Basic credentials; on success sets the operator attribute, else answers and returns false. */
    private boolean basic(HttpExchange ex) throws IOException {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header.length() > MAX_BASIC_CHARS || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            AuthReplies.unauthorized(ex, "use HTTP Basic authentication or log in");
            return false;
        }
        if (!tls && !ex.getLocalAddress().getAddress().isLoopbackAddress()) {
            AuthReplies.unauthorized(ex, "HTTP Basic authentication is accepted only over TLS or on loopback");
            return false;
        }
        char[] decoded;
        try {
            byte[] raw = Base64.getDecoder().decode(header.substring(6).strip());
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(raw));
            Arrays.fill(raw, (byte) 0);
            decoded = new char[chars.remaining()];
            chars.get(decoded);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            AuthReplies.unauthorized(ex, "malformed HTTP Basic credentials");
            return false;
        }
        try {
            int colon = indexOf(decoded, ':');
            if (colon < 0) {
                AuthReplies.unauthorized(ex, "malformed HTTP Basic credentials");
                return false;
            }
            String name = new String(decoded, 0, colon);
            char[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
            try {
                Authenticator.Result r = authenticator.check(new Authenticator.Attempt(name, password,
                        ex.getRemoteAddress().getAddress(), SessionCookie.device(ex).orElse(null),
                        Authenticator.How.BASIC));
                if (r instanceof Authenticator.Result.Ok ok) {
                    ex.setAttribute(Http.ACCESS, authenticator.access(ok.operator()));
                    if (ok.deviceToken() != null) {
                        ex.getResponseHeaders().add("Set-Cookie", SessionCookie.deviceHeader(ok.deviceToken(),
                                DeviceTokens.LIFETIME.toSeconds(), tls));
                    }
                    return true;
                }
                AuthReplies.refuse(ex, r);
                return false;
            } finally {
                Arrays.fill(password, '\0');
            }
        } finally {
            Arrays.fill(decoded, '\0');
        }
    }

    private static int indexOf(char[] chars, char c) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static String peer(HttpExchange ex) {
        return ex.getRemoteAddress().getAddress().getHostAddress();
    }

    @Override
    public String description() {
        return "authentication and CSRF";
    }
}
