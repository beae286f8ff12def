package org.mediachange.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mediachange.client.ClientRun.lines;
import static org.mediachange.client.ClientRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.common.auth.AuthProtocol;
import org.mediachange.common.auth.SharedKey;

/**
 * The client with {@code --key-file}: it signs its request and believes only
 * signed answers, so a man in the middle cannot make a backup go on. Refusals
 * need no signature.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientAuthTest {

    private static final String KEY_TEXT = "0123456789abcdef0123456789abcdef";
    private static final SharedKey KEY = SharedKey.of(KEY_TEXT.getBytes(UTF_8));
    private static final SharedKey OTHER = SharedKey.of("another key, also 32 bytes long!".getBytes(UTF_8));

    @TempDir
    Path dir;
    private Path keyFile;

    @BeforeEach
    void writeKey() throws Exception {
        keyFile = dir.resolve("key");
        Files.writeString(keyFile, KEY_TEXT + "\n", UTF_8);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    }

    /** A daemon that signs {@code answer} for the request it gets, with {@code key}. */
    private static FakeDaemon.Behaviour signing(SharedKey key, String answer) {
        return c -> {
            AuthProtocol.SignedRequest r = AuthProtocol.parseRequest(c.readRequest()).orElseThrow();
            c.write((AuthProtocol.signAnswer(key, r, answer) + "\n").getBytes(UTF_8));
        };
    }

    private ClientRun ask(FakeDaemon d, String message) {
        return run("--key-file", keyFile.toString(), "--port", Integer.toString(d.port()), FakeDaemon.HOST, message);
    }

    @Test
    void signedRequestAndSignedOkExitZero() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(signing(KEY, "Ok"))) {
            assertThat(ask(d, "Mount tape 5")).isEqualTo(new ClientRun(0, lines("Ok"), ""));
            AuthProtocol.SignedRequest sent = AuthProtocol.parseRequest(d.requests().get(0)).orElseThrow();
            assertThat(sent.message()).isEqualTo("Mount tape 5");
            assertThat(sent.macValid(KEY)).isTrue();
            assertThat(sent.fresh(System.currentTimeMillis())).isTrue();
        }
    }

    @Test
    void signedCancelExitsOne() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(signing(KEY, "Cancel"))) {
            assertThat(ask(d, "Mount tape 5").exitCode()).isEqualTo(1);
        }
    }

    @Test
    void unsignedOkFromAManInTheMiddleIsNotBelieved() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(FakeDaemon.reply("Ok"))) {
            ClientRun r = ask(d, "Mount tape 5");
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.err()).contains("unsigned answer").hasLineCount(1);
        }
    }

    @Test
    void okSignedWithAnotherKeyIsNotBelieved() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(signing(OTHER, "Ok"))) {
            ClientRun r = ask(d, "Mount tape 5");
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.err()).contains("signature does not match our key");
        }
    }

    @Test
    void signedOkReplayedFromAnEarlierRequestIsNotBelieved() throws Exception {
        AuthProtocol.SignedRequest earlier = AuthProtocol.sign(KEY, "Mount tape 5", System.currentTimeMillis());
        String oldOk = AuthProtocol.signAnswer(KEY, earlier, "Ok");
        try (FakeDaemon d = FakeDaemon.start(FakeDaemon.reply(oldOk))) {
            assertThat(ask(d, "Mount tape 5").exitCode()).isEqualTo(4);
        }
    }

    @Test
    void okTamperedInsideASignedLineIsNotBelieved() throws Exception {
        FakeDaemon.Behaviour tamper = c -> {
            AuthProtocol.SignedRequest r = AuthProtocol.parseRequest(c.readRequest()).orElseThrow();
            String signedCancel = AuthProtocol.signAnswer(KEY, r, "Cancel");
            c.write((signedCancel.replace(" Cancel", " Ok") + "\n").getBytes(UTF_8));
        };
        try (FakeDaemon d = FakeDaemon.start(tamper)) {
            assertThat(ask(d, "Mount tape 5").exitCode()).isEqualTo(4);
        }
    }

    @Test
    void unsignedRefusalsAreStillRefusals() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(FakeDaemon.reply("Denied"))) {
            assertThat(ask(d, "Mount tape 5").exitCode()).isEqualTo(4);
        }
        try (FakeDaemon d = FakeDaemon.start(FakeDaemon.reply("Error authentication failed"))) {
            ClientRun r = ask(d, "Mount tape 5");
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.err()).contains("rejected the request: authentication failed");
        }
    }

    @Test
    void everyRetryIsSignedAfresh() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(FakeDaemon.closeWithoutAnswer(), signing(KEY, "Ok"))) {
            ClientRun r = run("--key-file", keyFile.toString(), "--retry-for", "20s", "--port",
                    Integer.toString(d.port()), FakeDaemon.HOST, "Mount tape 5");
            assertThat(r.exitCode()).isZero();
            String first = AuthProtocol.parseRequest(d.requests().get(0)).orElseThrow().nonce();
            String second = AuthProtocol.parseRequest(d.requests().get(1)).orElseThrow().nonce();
            assertThat(first).isNotEqualTo(second);
        }
    }

    @Test
    void keyFileWritableByOthersIsRefused() throws Exception {
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw--w--w-"));
        ClientRun r = run("--key-file", keyFile.toString(), FakeDaemon.HOST, "Mount tape 5");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(ClientRun.lines("mediachangec: key file " + keyFile + " has mode 0622: group and"
                + " others may write it; run chmod 600 " + keyFile + " (see 'mediachangec --help')"));
    }
}
