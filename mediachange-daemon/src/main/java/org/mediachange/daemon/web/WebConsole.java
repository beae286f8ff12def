package org.mediachange.daemon.web;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.common.net.Addresses;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.tally.Tally;
import org.mediachange.daemon.web.auth.Authenticator;
import org.mediachange.daemon.web.auth.Operators;
import org.mediachange.daemon.web.auth.ServerSecret;
import org.mediachange.daemon.web.auth.Sessions;
import org.mediachange.daemon.web.events.EventHub;
import org.mediachange.daemon.web.filter.AllowFilter;
import org.mediachange.daemon.web.filter.AuthFilter;
import org.mediachange.daemon.web.filter.LimitsFilter;
import org.mediachange.daemon.web.filter.SecurityHeadersFilter;
import org.mediachange.daemon.web.handler.ApiHandler;
import org.mediachange.daemon.web.handler.LoginHandler;
import org.mediachange.daemon.web.handler.LogoutHandler;
import org.mediachange.daemon.web.handler.StaticFiles;
import org.mediachange.daemon.web.http.WebLimits;
import org.mediachange.daemon.web.links.AnswerLinks;
import org.mediachange.daemon.web.links.LinkHandler;
import org.mediachange.daemon.web.links.LinkToken;
import org.mediachange.daemon.web.log.WebLog;

/**
 * The web console: the JDK's HTTP(S) server with one filter each for security
 * headers, the allow list, size limits and authentication on every context (so
 * no handler can forget one), and one handler per resource: the page's static
 * files, {@code /login}, {@code /logout}, the API under {@code /api/} and the
 * answer links under {@code /a/} ({@link AnswerLinks}, with {@code --web-url}).
 * It reads the {@link RequestBoard} and answers on it, as one more surface of
 * the same requests.
 *
 * <p>Its own threads (at most one per connection, {@link WebLimits#maxConnections()}),
 * its own port: nothing here can hold up the request port.
 */
public final class WebConsole implements AutoCloseable {

    private static final WebLog LOG = WebLog.of(WebConsole.class);
    private static final int BACKLOG = 64;
    /** Idle connections the server keeps open for reuse. */
    private static final int MAX_IDLE_CONNECTIONS = 16;
    /** Headers in one request (the JDK's default is 200). */
    private static final int MAX_HEADERS = 64;
    /**
     * The JDK server's own logger: at debug level it logs every request line, which
     * would put answer-link tokens into the log. Held here so that the level set on
     * it stays (java.util.logging keeps loggers only weakly).
     */
    private static final java.util.logging.Logger JDK_SERVER_LOG =
            java.util.logging.Logger.getLogger("com.sun.net.httpserver");

    private final HttpServer server;
    private final ThreadPoolExecutor threads;
    private final EventHub events;
    private final URI uri;
    private final AnswerLinks links;
    private final Authenticator authenticator;

    private WebConsole(HttpServer server, ThreadPoolExecutor threads, EventHub events, URI uri, AnswerLinks links,
            Authenticator authenticator) {
        this.server = server;
        this.threads = threads;
        this.events = events;
        this.uri = uri;
        this.links = links;
        this.authenticator = authenticator;
    }

    /**
     * A resource the console serves besides its own, behind every filter: the
     * allow list, the limits, the security headers and, unless {@code open},
     * the login. {@code /metrics} is open (scrapers seldom log in); {@code
     * /api/health} is not.
     *
     * @param path    the context path, e.g. {@code /metrics}
     * @param handler what answers
     * @param open    whether it needs no login
     */
    public record Mount(String path, HttpHandler handler, boolean open) {
    }

    /**
     * Checks the configuration as a start would, without binding: the rule
     * against plain HTTP off loopback, the operators file, the TLS files and
     * the secret file if there is one (a start makes it when there is none).
     *
     * @throws WebSetupException what is wrong, in one line for the user
     */
    public static void check(WebConfig config) throws WebSetupException {
        WebSetup.check(config);
    }

    /**
     * Checks the configuration ({@link #check}), binds and starts serving.
     *
     * @throws WebSetupException what is wrong, in one line for the user
     */
    public static WebConsole start(WebConfig config, RequestBoard board, Clock clock) throws WebSetupException {
        return start(config, board, clock, List.of());
    }

    /**
     * As {@link #start(WebConfig, RequestBoard, Clock)}, also serving {@code mounts}.
     *
     * @throws WebSetupException what is wrong, in one line for the user
     */
    public static WebConsole start(WebConfig config, RequestBoard board, Clock clock, List<Mount> mounts)
            throws WebSetupException {
        WebSetup setup = WebSetup.check(config);
        Operators operators = setup.operators();
        SSLContext ssl = setup.ssl();
        ServerSecret secret = WebSetup.secret(config);
        serverLimits(config.limits());

        HttpServer server;
        try {
            if (ssl != null) {
                HttpsServer https = HttpsServer.create(config.address(), BACKLOG);
                https.setHttpsConfigurator(configurator(ssl));
                server = https;
            } else {
                server = HttpServer.create(config.address(), BACKLOG);
            }
        } catch (IOException e) {
            throw WebSetupException.bindFailed("cannot listen on " + where(config.address())
                    + " for the web console: " + e.getMessage(), e);
        }
        // No queue: a connection gets a thread at once or is closed; threads end after 5 s idle.
        ThreadPoolExecutor threads = new ThreadPoolExecutor(0, config.limits().maxConnections(), 5, TimeUnit.SECONDS,
                new SynchronousQueue<>(), DaemonThreads.numbered("mediachanged-web"));
        server.setExecutor(threads);

        quietJdkServerLog();
        EventHub events = new EventHub(board, config.limits(), clock);
        AnswerLinks links = AnswerLinks.on(config.webUrl(), board);
        Sessions sessions = new Sessions(operators, secret, clock);
        Authenticator authenticator = new Authenticator(operators, secret, config.guess(), clock);
        StaticFiles files = new StaticFiles();
        Set<String> publicPaths = new HashSet<>(files.paths());
        publicPaths.addAll(Set.of("/login", "/logout"));
        mounts.stream().filter(Mount::open).map(Mount::path).forEach(publicPaths::add);
        List<Filter> filters = List.of(
                new SecurityHeadersFilter(config.tls()),
                new AllowFilter(config.allowList()),
                new LimitsFilter(config.limits()),
                new AuthFilter(sessions, authenticator, publicPaths, List.of(LinkToken.PATH), config.tls(),
                        LinkToken::redact));
        int maxBody = config.limits().maxBodyBytes();
        context(server, "/", files, filters);
        context(server, "/login", new LoginHandler(authenticator, sessions, clock, maxBody, config.tls()), filters);
        context(server, "/logout", new LogoutHandler(sessions, config.tls()), filters);
        context(server, "/api/", new ApiHandler(board, events, clock, maxBody), filters);
        context(server, LinkToken.PATH, new LinkHandler(links, board, clock, maxBody, config.guess()), filters);
        for (Mount m : mounts) {
            context(server, m.path(), m.handler(), filters);
        }

        server.start();
        InetSocketAddress bound = server.getAddress();
        URI uri = URI.create((ssl != null ? "https" : "http") + "://" + hostPart(bound) + ":" + bound.getPort() + "/");
        if (secret.created()) {
            LOG.info("web console: made its secret {} (sessions and device tokens are signed with it)",
                    config.secretFile());
        }
        int count = operators.count();
        LOG.info("web console on {} ({} operator(s) in {})", uri, count, operators.file());
        if (count == 0) {
            LOG.warn("web console: {} lists no operators, so nobody can log in; add one with:"
                    + " mediachanged set-password NAME", operators.file());
        }
        links.consoleUrl().ifPresent(u -> {
            LOG.info("answer links on {}a/...", u);
            if (!WebUrl.protectedInTransit(config.webUrl())) {
                LOG.warn("--web-url {} is plain http to a host other than this one: answer links would cross the"
                        + " network in clear text, and anyone who reads one on the way can answer with it;"
                        + " use https", u);
            }
        });
        return new WebConsole(server, threads, events, uri, links, authenticator);
    }

    /** The address to open, e.g. {@code http://127.0.0.1:8980/}. */
    public URI uri() {
        return uri;
    }

    /** The address bound (the real port when port 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The answer links, for notifications: empty ones without {@code --web-url}. */
    public AnswerLinks links() {
        return links;
    }

    /** How many password checks (PBKDF2 runs, decoys included) have run since the start. */
    public long passwordChecks() {
        return authenticator.checksRun();
    }

    /** How many PBKDF2 rounds those checks ran in all. */
    public long passwordRounds() {
        return authenticator.roundsRun();
    }

    /** The logins and HTTP Basic checks refused so far, by reason ({@link Authenticator#failures()}). */
    public Tally loginFailures() {
        return authenticator.failures();
    }

    /** How many live streams are open. */
    public int openStreams() {
        return events.openStreams();
    }

    /** Ends the live streams and stops serving. */
    @Override
    public void close() {
        links.close();
        events.close();
        server.stop(0);
        threads.shutdownNow();
    }

    private static void context(HttpServer server, String path, HttpHandler handler, List<Filter> filters) {
        HttpContext c = server.createContext(path, handler);
        c.getFilters().addAll(filters);
    }

    /**
     * The JDK server's own bounds, which it reads once from system properties
     * when it is first used (so a value given with -D in MEDIACHANGE_JAVA_OPTS
     * wins): connections, time for a request's headers and body, header count
     * and size, idle keep-alive time. No response time limit: it would cut the
     * live streams, which {@link EventHub} bounds itself.
     */
    public static void serverLimits(WebLimits limits) {
        setDefault("jdk.httpserver.maxConnections", limits.maxConnections());
        setDefault("sun.net.httpserver.maxReqTime", limits.requestTime().toSeconds());
        setDefault("sun.net.httpserver.maxReqHeaders", MAX_HEADERS);
        setDefault("sun.net.httpserver.maxReqHeaderSize", limits.maxHeaderBytes());
        setDefault("sun.net.httpserver.idleInterval", limits.idleTime().toSeconds());
        setDefault("sun.net.httpserver.maxIdleConnections", MAX_IDLE_CONNECTIONS);
        // Unread request bodies up to this size are skipped to keep the connection; longer ones close it.
        setDefault("sun.net.httpserver.drainAmount", limits.maxBodyBytes() * 4L);
    }

    /** Keeps the JDK server's request-line logging (debug level) off, whatever the logging configuration says. */
    private static void quietJdkServerLog() {
        if (JDK_SERVER_LOG.isLoggable(java.util.logging.Level.FINE)) {
            LOG.info("web console: not logging the request lines of com.sun.net.httpserver: they can hold"
                    + " answer-link tokens");
        }
        JDK_SERVER_LOG.setLevel(java.util.logging.Level.INFO);
    }

    private static void setDefault(String property, long value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(value));
        }
    }

    private static HttpsConfigurator configurator(SSLContext ssl) {
        return new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ssl.getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                params.setSSLParameters(p);
            }
        };
    }

    /** "127.0.0.1 port 8980", "[::1] port 8980". */
    static String where(InetSocketAddress a) {
        return hostPart(a) + " port " + a.getPort();
    }

    /** {@code 127.0.0.1:8980}, {@code [::1]:8980}: an address as a URL writes it. */
    public static String hostAndPort(InetSocketAddress a) {
        return hostPart(a) + ":" + a.getPort();
    }

    private static String hostPart(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : Addresses.format(a.getAddress());
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
