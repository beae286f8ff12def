package org.mediachange.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.web.auth.OperatorsFile;
import org.mediachange.daemon.web.auth.PasswordHash;

/**
 * A live stream ends with what let it in, over real HTTP: a logout, the
 * operator's removal, a new password and the session's expiry each end every
 * open stream of that session within 1 s, with an {@code ended} event that
 * says why, and nothing after: a request that arrives right after is not
 * delivered. The stream asks every 250 ms and before each event, so 1 s is a
 * 4-fold margin.
 */
@Timeout(120)
class WebSessionEndTest {

    private static final long BOUND_MILLIS = 1000;

    @TempDir
    Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private RunningWeb start() throws Exception {
        return RunningWeb.with(ScriptedOperator.holding(), dir).clock(clock).start();
    }

    /** A stream opened with {@code credentials} (a Cookie or Authorization header), read up to its snapshot. */
    private static Socket openStream(RunningWeb web, String credentials) throws IOException {
        Socket s = new Socket(web.web.address().getAddress(), web.web.address().getPort());
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + credentials
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        String head = readUntil(s.getInputStream(), "event: snapshot");
        assertThat(head).startsWith("HTTP/1.1 200");
        readUntil(s.getInputStream(), "}\n\n"); // the whole snapshot: what comes after is new
        return s;
    }

    private static String readUntil(InputStream in, String text) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.UTF_8).contains(text)) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("stream ended without '" + text + "': " + got);
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** What the stream sends until it ends (the server closes it), and how long after {@code t0} that was. */
    private record Rest(String text, long millis) {
    }

    private static Rest rest(Socket s, long t0) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0;) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the stream did not end within 10 s: " + got);
        }
        return new Rest(got.toString(StandardCharsets.UTF_8), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** Opens a stream, does {@code end}, sends a request at once, and checks the stream ended on time with nothing. */
    private void endsWith(String why, RunningWeb web, String credentials, Runnable end) throws Exception {
        endsWith(why, web, credentials, end, true);
    }

    /**
     * As {@link #endsWith(String, RunningWeb, String, Runnable)}; without {@code thenARequest} nothing happens on
     * the board, so only the stream's own regular look can end it.
     */
    private void endsWith(String why, RunningWeb web, String credentials, Runnable end, boolean thenARequest)
            throws Exception {
        try (Socket s = openStream(web, credentials)) {
            long t0 = System.nanoTime();
            end.run();
            try (Peer peer = Peer.connect(web.server.port())) {
                if (thenARequest) {
                    peer.send("sent after the end\n");
                }
                Rest r = rest(s, t0);
                System.out.printf("stream ended %d ms after: %s%n", r.millis(), why);
                assertThat(r.text()).contains("event: ended").contains("{\"reason\":\"" + why + "\"}")
                        .doesNotContain("event: opened").doesNotContain("sent after the end");
                assertThat(r.millis()).isLessThan(BOUND_MILLIS);
            }
        }
    }

    private static String cookie(RunningWeb web) throws Exception {
        return "Cookie: " + RunningWeb.cookie(web.login());
    }

    @Test
    void aLogoutEndsTheSessionsStreamsWithinOneSecond() throws Exception {
        try (RunningWeb web = start()) {
            String cookie = cookie(web);
            try (Socket other = openStream(web, cookie)) {
                endsWith("you logged out", web, cookie, () -> {
                    try {
                        assertThat(web.post("/logout", "", "Cookie", cookie.substring(8), "X-Requested-By",
                                "mediachange").statusCode()).isEqualTo(200);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }, false);
                // Every stream of the session: the other one too.
                assertThat(rest(other, System.nanoTime()).text()).contains("event: ended");
            }
        }
    }

    @Test
    void removingTheOperatorEndsTheirStreams() throws Exception {
        try (RunningWeb web = start()) {
            String cookie = cookie(web);
            Path file = dir.resolve("operators");
            endsWith("the password was changed, or the operator removed", web, cookie, () -> {
                try {
                    Path tmp = dir.resolve("operators.new");
                    Files.writeString(tmp, "# alice has gone\n");
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @Test
    void aNewPasswordEndsTheStreamsOfSessionsAndOfBasicCredentials() throws Exception {
        try (RunningWeb web = start()) {
            String cookie = cookie(web);
            try (Socket basic = openStream(web, "Authorization: " + RunningWeb.basic(RunningWeb.NAME,
                    RunningWeb.PASSWORD))) {
                endsWith("the password was changed, or the operator removed", web, cookie, () -> {
                    try {
                        OperatorsFile.setPassword(dir.resolve("operators"), RunningWeb.NAME,
                                new PasswordHash(1, "new", new byte[32]));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                Rest r = rest(basic, System.nanoTime());
                assertThat(r.text()).contains("event: ended").doesNotContain("event: opened");
            }
        }
    }

    @Test
    void theSessionsExpiryEndsItsStreams() throws Exception {
        try (RunningWeb web = start()) {
            String cookie = cookie(web);
            endsWith("the session expired (12 hours after the login)", web, cookie,
                    () -> now.set(now.get().plus(Duration.ofHours(12))));
            now.set(now.get().minus(Duration.ofHours(12)));
            String fresh = cookie(web);
            endsWith("the session expired (12 hours after the login)", web, fresh,
                    () -> now.set(now.get().plus(Duration.ofHours(12))), false);
        }
    }

    @Test
    void aSessionForgedWithTheOperatorsFileAloneIsRefused() throws Exception {
        try (RunningWeb web = start()) {
            // Sessions used to be signed with the operator's line of the operators file alone.
            String line = Files.readAllLines(dir.resolve("operators")).stream()
                    .filter(l -> l.startsWith(RunningWeb.NAME + ":")).findFirst().orElseThrow();
            String hash = line.substring(line.indexOf(':') + 1);
            String head = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    RunningWeb.NAME.getBytes(StandardCharsets.UTF_8)) + "~" + now.get().getEpochSecond()
                    + "~AAAAAAAAAAAAAAAAAAAAAA";
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(hash.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String forged = head + "~" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(("mediachange web session\n" + head).getBytes(StandardCharsets.US_ASCII)));
            assertThat(web.get("/api/session", "Cookie", "mediachange-session=" + forged).statusCode())
                    .isEqualTo(401);
            // The same done with the daemon's secret works: the forgery failed for want of it.
            assertThat(web.get("/api/session", "Cookie", RunningWeb.cookie(web.login())).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aNewSecretEndsEverySession() throws Exception {
        String cookie;
        try (RunningWeb web = start()) {
            cookie = RunningWeb.cookie(web.login());
        }
        try (RunningWeb again = start()) {
            assertThat(again.get("/api/session", "Cookie", cookie).statusCode()).as("after a restart").isEqualTo(200);
        }
        Files.delete(RunningWeb.secretFile(dir));
        try (RunningWeb rotated = start()) {
            assertThat(rotated.get("/api/session", "Cookie", cookie).statusCode()).as("with a new secret")
                    .isEqualTo(401);
        }
    }
}
