package org.mediachange.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mediachange.common.protocol.Wire;
import org.mediachange.daemon.dialog.KeepWarm;
import org.mediachange.daemon.notify.NotifyConfig;
import org.mediachange.daemon.server.ServerConfig;
import org.mediachange.daemon.web.auth.GuessLimits;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every default {@code --help} shows is the one the daemon uses: each option's {@code defaultValue} (a named
 * constant in the command) converted by the option's own converter equals the named constant the code runs
 * with, where the code has one. A new option with a default must be listed here.
 */
class DaemonDefaultsTest {

    @Test
    void everyDefaultAgreesWithTheConstantTheCodeRunsWith() {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        CommandLine cl = DaemonCommand.commandLine(bell -> {
            throw new IllegalStateException("not started");
        }, nowhere, nowhere);
        cl.parseArgs();
        Map<String, Object> expected = new TreeMap<>(Map.of(
                "--port", Wire.DEFAULT_PORT,
                "--answer-timeout", Duration.ZERO,
                "--request-timeout", ServerConfig.DEFAULT_REQUEST_TIMEOUT,
                "--max-line", Wire.DEFAULT_MAX_LINE_BYTES,
                "--max-pending", ServerConfig.DEFAULT_MAX_PENDING,
                "--max-per-source", ServerConfig.DEFAULT_MAX_PER_SOURCE,
                "--bell-interval", Duration.ofSeconds(15),
                "--dialog", DialogMode.x11,
                "--notify-every", NotifyConfig.DEFAULT_EVERY,
                "--notify-after", NotifyConfig.DEFAULT_AFTER));
        expected.put("--dialog-keep-warm", KeepWarm.after(Duration.ofMinutes(1)));
        expected.put("--web-ipv6-prefix", GuessLimits.DEFAULT.ipv6Prefix());
        Map<String, Object> actual = new TreeMap<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.defaultValue() != null) {
                actual.put(o.longestName(), o.getValue());
            }
        }
        assertThat(actual).isEqualTo(expected);
    }
}
