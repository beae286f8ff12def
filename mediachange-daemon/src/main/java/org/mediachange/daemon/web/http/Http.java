package org.mediachange.daemon.web.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Small helpers every handler and filter uses to answer, so responses look alike. */
public final class Http {

    /** Exchange attribute: the operator's name once the request is authenticated. */
    public static final String OPERATOR = "mediachange.operator";
    /** Exchange attribute: the {@link org.mediachange.daemon.web.auth.Access} that let the request in. */
    public static final String ACCESS = "mediachange.access";
    /** Media type of every API response. */
    public static final String JSON = "application/json; charset=utf-8";

    private Http() {
    }

    /** A request body longer than allowed. */
    public static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(int max) {
            super("request body longer than " + max + " bytes");
        }
    }

    /** Sends {@code value} as JSON with {@code status} and ends the exchange. */
    public static void sendJson(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, JSON, ApiJson.GSON.toJson(value).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code {"error": message}} with {@code status} and ends the exchange. */
    public static void sendProblem(HttpExchange ex, int status, String message) throws IOException {
        sendJson(ex, status, new ApiJson.Problem(message));
    }

    /** Sends {@code body} (none for HEAD) with {@code status} and ends the exchange. */
    public static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /**
     * Reads the request body, at most {@code max} bytes.
     *
     * @throws BodyTooLargeException when there is more
     */
    public static byte[] readBody(HttpExchange ex, int max) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new BodyTooLargeException(max);
            }
            return body;
        }
    }

    /** The request's path, undecoded. */
    public static String path(HttpExchange ex) {
        String p = ex.getRequestURI().getRawPath();
        return p == null ? "" : p;
    }

    /** Answers 405 naming the methods {@code allowed}. */
    public static void methodNotAllowed(HttpExchange ex, String allowed) throws IOException {
        ex.getResponseHeaders().set("Allow", allowed);
        sendProblem(ex, 405, "method " + ex.getRequestMethod() + " not allowed here; use " + allowed);
    }
}
