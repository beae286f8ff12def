package org.mediachange.daemon.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 from a chosen loopback address (127.0.0.N): the JDK's HttpClient
 * cannot bind its socket, and the console's throttles count by source. One
 * request per connection; raw bytes out, so a test can send what no client
 * library would.
 */
final class FromAddress {

    /** A response: status, headers (names in lower case), body. */
    record Response(int status, Map<String, List<String>> headers, String body) {

        Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** The value of cookie {@code name} set by this response, if any. */
        Optional<String> cookie(String name) {
            for (String c : all("Set-Cookie")) {
                if (c.startsWith(name + "=")) {
                    return Optional.of(c.substring(name.length() + 1, c.indexOf(';')));
                }
            }
            return Optional.empty();
        }
    }

    private FromAddress() {
    }

    static InetAddress loopback(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) n});
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code POST /login} as the page sends it, with the device cookie {@code device} (null: none). */
    static Response login(RunningWeb web, InetAddress from, String name, String password, String device)
            throws IOException {
        String body = "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}";
        List<String> headers = new ArrayList<>(List.of("X-Requested-By: mediachange",
                "Content-Type: application/json"));
        if (device != null) {
            headers.add("Cookie: mediachange-device=" + device);
        }
        return send(web, from, "POST", "/login", headers, body);
    }

    /** {@code GET path} with HTTP Basic and the device cookie {@code device} (null: none), as mediachangectl sends it. */
    static Response basic(RunningWeb web, InetAddress from, String path, String name, String password,
            String device) throws IOException {
        List<String> headers = new ArrayList<>(List.of("Authorization: " + RunningWeb.basic(name, password),
                "X-Requested-By: mediachange"));
        if (device != null) {
            headers.add("Cookie: mediachange-device=" + device);
        }
        return send(web, from, "GET", path, headers, "");
    }

    /** Sends one request from {@code from} and reads the whole response. */
    static Response send(RunningWeb web, InetAddress from, String method, String path, List<String> headers,
            String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (b.length > 0 || !"GET".equals(method)) {
            head.append("Content-Length: ").append(b.length).append("\r\n");
        }
        head.append("\r\n");
        return parse(raw(web, from, head.toString().getBytes(StandardCharsets.UTF_8), b));
    }

    /** Sends {@code bytes} as they are and returns all the server answers until it closes. */
    static byte[] raw(RunningWeb web, InetAddress from, byte[]... bytes) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(web.web.address(), 5000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            for (byte[] part : bytes) {
                out.write(part);
            }
            out.flush();
            InputStream in = s.getInputStream();
            return in.readAllBytes();
        }
    }

    static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no HTTP response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
        }
        return new Response(status, headers, text.substring(end + 4));
    }
}
