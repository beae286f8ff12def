package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * Notifications from the installed daemon: the tarball's launcher started
 * under LANG=C with a configuration file whose one {@code notify=} line (split
 * over two lines, as the man page shows) names the tarball's ntfy and mail
 * notifiers, a message in UTF-8 with a control character, the dialog answered
 * with xdotool. Both commands run on {@code new} and on {@code closed}, and
 * the text arrives whole: the launcher gives the daemon a UTF-8 locale.
 */
@ExtendWith({OutsideExtension.class, RequiresDisplay.class, RequiresTools.class, RequiresNotifierTools.class})
@Timeout(180)
class NotifyLauncherIT {

    @Test
    void oneNotifyLineRunsNtfyAndMailWithUtf8TextThroughTheInstalledDaemon(Outside outside) throws Exception {
        Path work = outside.work();
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        Path notifiers = top.resolve("share/mediachange/notify");
        Path spool = Files.createDirectory(work.resolve("spool"));
        Path sendmail = outside.writeScript("sendmail", "#!/bin/sh\n"
                + "f=\"" + spool + "/$(date +%s%N)\"\n"
                + "printf '%s\\n' \"$@\" > \"$f.args\"\n"
                + "cat > \"$f.tmp\" && mv \"$f.tmp\" \"$f.eml\"\n");
        String message = "Bänd 3 – テープ 💾 «hebdo»\u0007";
        String shown = "Bänd 3 – テープ 💾 «hebdo»\\x07";
        try (StandInHttp ntfy = StandInHttp.start()) {
            Path conf = work.resolve("mediachanged.properties");
            Files.writeString(conf, "notify=" + notifiers.resolve("ntfy") + " " + ntfy.url() + "/mc-launcher ; \\\n"
                    + "    every=0 " + notifiers.resolve("mail") + " ops@example.com\n"
                    + "notify-every=1h\n", UTF_8);
            Map<String, String> env = new HashMap<>(Map.of("LANG", "C", "LC_ALL", "C",
                    "SENDMAIL", sendmail.toString(), "LOGS_DIRECTORY", work.resolve("logs").toString()));
            try (Outside.Daemon d = outside.daemon(top.resolve("bin/mediachanged"), env, "--config", conf.toString(),
                    "--allow", "127.0.0.0/8");
                    Peer peer = Peer.connect(d.port())) {
                peer.send(message + "\n");
                Map<String, Object> published = Json.object(ntfy.next(30).body());
                assertThat(published).containsEntry("topic", "mc-launcher");
                assertThat((String) published.get("message")).startsWith(shown + "\n(");
                Mail mail = Mail.await(spool, 1, 30).get(0);
                assertThat(mail.args()).containsExactly("-oi", "--", "ops@example.com");
                assertThat(mail.decoded("Subject")).matches("\\[mediachange\\] request 1 from \\S+ waits for an answer: "
                        + java.util.regex.Pattern.quote(shown));
                assertThat(mail.body()).contains("\n    " + shown + "\n");

                outside.answer("Return");
                assertThat(peer.readAll()).isEqualTo("Ok\n");
                assertThat(Json.object(ntfy.next(30).body()).get("title")).asString().endsWith(" was answered OK");
                assertThat(Mail.await(spool, 2, 30).get(1).decoded("Subject")).contains(" was answered OK: ");
                // The closed runs of the two commands run side by side: either may end first.
                String log = "";
                for (String line : List.of("new: " + notifiers.resolve("ntfy") + " exited 0",
                        "new: " + notifiers.resolve("mail") + " exited 0",
                        "closed: " + notifiers.resolve("ntfy") + " exited 0",
                        "closed: " + notifiers.resolve("mail") + " exited 0")) {
                    log = d.process().awaitStdout(line, 30);
                }
                assertThat(log).doesNotContain("charset");
            }
        }
    }
}
