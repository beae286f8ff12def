package org.mediachange.client.ctl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https:// console with a self-signed certificate (made by keytool):
 * trusted with {@code --ca-file}, refused (exit 4, nothing sent in the clear)
 * without it, with another certificate, or when the certificate does not
 * name the host in {@code --url}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsTest {

    @TempDir
    static Path dir;

    private static TestCertificates.Made cert;
    private static TestCertificates.Made other;
    private static StandInConsole console;
    private final Ctl ctl = new Ctl();

    @BeforeAll
    static void start() throws Exception {
        cert = TestCertificates.make(dir, "console", "ip:127.0.0.1,dns:localhost");
        other = TestCertificates.make(dir, "other", "ip:127.0.0.1");
        console = StandInConsole.startTls(cert.serverContext());
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    @Test
    void theConsolesOwnCertificateGivenWithCaFileIsTrusted() {
        long id = console.open("backup1", "192.168.1.5", "over TLS");
        Ctl.Run list = ctl.run("list", "--url", console.url(), "--ca-file", cert.pem().toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(id + "  pending  ").contains("over TLS");
        assertThat(ctl.run("ok", "--url", console.url(), "--ca-file", cert.pem().toString(), Long.toString(id)))
                .isEqualTo(new Ctl.Run(0, "request " + id + " answered Ok\n", ""));
    }

    @Test
    void withoutCaFileTheSelfSignedCertificateIsRefusedWithAHint() {
        int before = console.seen().size();
        Ctl.Run run = ctl.run("list", "--url", console.url());
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).isEqualTo("mediachangectl: TLS with " + console.url() + "/ failed: the console's"
                + " certificate is not trusted: give it, or the CA that signed it, with --ca-file\n");
        assertThat(console.seen()).hasSize(before);
    }

    @Test
    void anotherCertificateIsNotTrusted() {
        Ctl.Run run = ctl.run("list", "--url", console.url(), "--ca-file", other.pem().toString());
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("not trusted");
    }

    @Test
    void aHostTheCertificateDoesNotNameIsRefused() throws Exception {
        // The certificate names 127.0.0.1 and localhost, not ::1 or 127.0.0.2.
        TestCertificates.Made onlyLocalhost = TestCertificates.make(dir, "localhost-only", "dns:localhost");
        try (StandInConsole named = StandInConsole.startTls(onlyLocalhost.serverContext())) {
            assertThat(ctl.run("list", "--url", "https://localhost:" + named.port(), "--ca-file",
                    onlyLocalhost.pem().toString()).exitCode()).isZero();
            Ctl.Run run = ctl.run("list", "--url", named.url(), "--ca-file", onlyLocalhost.pem().toString());
            assertThat(run.exitCode()).isEqualTo(4);
            assertThat(run.err()).isEqualTo("mediachangectl: TLS with " + named.url() + "/ failed: the console's"
                    + " certificate does not name 127.0.0.1, the host in --url\n");
        }
    }

    @Test
    void plainHttpToTheTlsPortFailsWithoutAStackTrace() {
        Ctl.Run run = ctl.run("list", "--url", "http://127.0.0.1:" + console.port(), "--timeout", "5s");
        assertThat(run).isEqualTo(new Ctl.Run(5, "", "mediachangectl: cannot reach the web console at http://127.0.0.1:"
                + console.port() + "/: HTTP/1.1 header parser received no bytes (is it an https:// console?)\n"));
    }

    @Test
    void aCaFileThatIsMissingOrNoCertificateIsAUsageError() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThat(ctl.run("list", "--url", console.url(), "--ca-file", missing.toString()).err())
                .startsWith("mediachangectl: cannot read --ca-file " + missing + ": ");
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n", UTF_8);
        Ctl.Run run = ctl.run("list", "--url", console.url(), "--ca-file", junk.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("mediachangectl: --ca-file " + junk + " holds no readable certificate");
        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "", UTF_8);
        assertThat(ctl.run("list", "--url", console.url(), "--ca-file", empty.toString()).exitCode()).isEqualTo(2);
    }
}
