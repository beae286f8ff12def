package org.mediachange.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.web.auth.GuessLimits;
import org.mediachange.daemon.web.http.WebLimits;

/** The console over TLS on loopback with a test key store made by keytool; and when it refuses to start. */
@Timeout(120)
class WebTlsTest {

    private static final String STORE_PASSWORD = "test-store-password";
    private static final AllowList LOOPBACK = AllowList.parse(List.of("127.0.0.0/8"));

    @TempDir
    Path dir;

    private Path keystore() throws Exception {
        Path ks = dir.resolve("web.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "web", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return ks;
    }

    private Path passwordFile(String perms) throws Exception {
        Path f = dir.resolve("web.pass");
        Files.writeString(f, STORE_PASSWORD + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            server.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("web", server.getCertificate("web"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private WebConfig config(InetSocketAddress at, Path keystore, Path password, boolean insecure) throws Exception {
        return new WebConfig(at, RunningWeb.operators(dir), keystore, password, insecure, LOOPBACK,
                WebLimits.DEFAULT, null, RunningWeb.secretFile(dir), GuessLimits.DEFAULT);
    }

    @Test
    void overTlsTheCookieIsSecureAndBasicAuthenticationWorks() throws Exception {
        Path ks = keystore();
        WebConfig c = config(new InetSocketAddress("127.0.0.1", 0), ks, passwordFile("rw-------"), false);
        try (WebConsole web = WebConsole.start(c, new RequestBoard(), Clock.systemUTC())) {
            assertThat(web.uri().toString()).startsWith("https://127.0.0.1:");
            HttpClient http = HttpClient.newBuilder().sslContext(trusting(ks)).connectTimeout(Duration.ofSeconds(5))
                    .build();
            URI base = web.uri();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(base.resolve("/login"))
                    .header("X-Requested-By", "mediachange")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"alice\",\"password\":\""
                            + RunningWeb.PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure", "; HttpOnly",
                    "; SameSite=Strict");
            assertThat(login.headers().firstValue("Strict-Transport-Security")).isPresent();
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(base.resolve("/api/requests"))
                    .header("Authorization", RunningWeb.basic("alice", RunningWeb.PASSWORD)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).isEqualTo("{\"pending\":[],\"recent\":[]}");
        }
    }

    @Test
    void aPasswordFileOthersCanReadIsRefused() throws Exception {
        Path ks = keystore();
        Path pw = passwordFile("rw-r--r--");
        WebConfig c = config(new InetSocketAddress("127.0.0.1", 0), ks, pw, false);
        assertThatThrownBy(() -> WebConsole.start(c, new RequestBoard(), Clock.systemUTC()))
                .isInstanceOf(WebSetupException.class)
                .hasMessage("TLS password file " + pw + " has mode 0644: group and others may read it;"
                        + " run chmod 600 " + pw);
    }

    @Test
    void withoutTlsOnlyLoopbackIsServedUnlessInsecureIsSaid() throws Exception {
        WebConfig c = config(new InetSocketAddress("0.0.0.0", 0), null, null, false);
        assertThatThrownBy(() -> WebConsole.start(c, new RequestBoard(), Clock.systemUTC()))
                .isInstanceOf(WebSetupException.class)
                .hasMessageStartingWith("refusing to serve the web console on 0.0.0.0 port 0 without TLS:")
                .hasMessageContaining("--web-tls-keystore").hasMessageContaining("--web-insecure");
    }

    @Test
    void aMissingOperatorsFileSaysHowToMakeOne() {
        Path missing = dir.resolve("no-operators");
        WebConfig c = new WebConfig(new InetSocketAddress("127.0.0.1", 0), missing, null, null, false, LOOPBACK,
                WebLimits.DEFAULT, null, RunningWeb.secretFile(dir), GuessLimits.DEFAULT);
        assertThatThrownBy(() -> WebConsole.start(c, new RequestBoard(), Clock.systemUTC()))
                .hasMessage("operators file " + missing + " does not exist or is not a file (add an operator with:"
                        + " mediachanged set-password NAME)");
    }
}
