package org.mediachange.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mediachange.daemon.model.AnswerResult;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.notify.AnswerUrls;
import org.mediachange.daemon.requests.RequestBoard;

/**
 * Answer links for the notifier tests until the web console's exist: a POST
 * to {@code /answer/ID/ok} or {@code /answer/ID/cancel} on 127.0.0.1 answers
 * request ID on the board (as surface {@code link}), as the web console's
 * one-time links will. With it the tests check that the link a notifier
 * publishes is the one that answers; the web console's own link handling is
 * not tested here. Once it exists (--web, --web-url), the tests should take
 * their links from it instead.
 */
final class StandInAnswerLinks implements AnswerUrls, AutoCloseable {

    private static final Pattern PATH = Pattern.compile("/answer/(\\d+)/(ok|cancel)");

    private final HttpServer server;
    private final RequestBoard board;

    private StandInAnswerLinks(HttpServer server, RequestBoard board) {
        this.server = server;
        this.board = board;
    }

    /** Serves links that answer requests on {@code board}. */
    static StandInAnswerLinks start(RequestBoard board) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        StandInAnswerLinks links = new StandInAnswerLinks(server, board);
        server.createContext("/", links::handle);
        server.start();
        return links;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                exchange.sendResponseHeaders(404, -1);
            } else if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
            } else {
                AnswerResult r = board.answer(Long.parseLong(m.group(1)),
                        m.group(2).equals("ok") ? Decision.OK : Decision.CANCEL, Answerer.LINK);
                exchange.sendResponseHeaders(r.status() == AnswerResult.Status.ANSWERED ? 200 : 409, -1);
            }
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public Optional<String> consoleUrl() {
        return Optional.of(base() + "/");
    }

    @Override
    public Optional<String> okUrl(long id) {
        return Optional.of(base() + "/answer/" + id + "/ok");
    }

    @Override
    public Optional<String> cancelUrl(long id) {
        return Optional.of(base() + "/answer/" + id + "/cancel");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
