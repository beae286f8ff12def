package org.mediachange.daemon.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging that could not be set up becomes one line per problem: a log file that
 * cannot be written names its directory and how to choose another; nothing is
 * said when all is well. Each case configures a logback context of its own, as
 * the installed logback.xml does (with logback's own status report silenced).
 */
class LoggingProblemsTest {

    @TempDir
    Path dir;

    private static List<String> problems(String appenders) throws JoranException {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        String xml = "<configuration>"
                + "<statusListener class=\"ch.qos.logback.core.status.NopStatusListener\"/>"
                + appenders + "</configuration>";
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(UTF_8)));
        try {
            return LoggingProblems.find(context);
        } finally {
            context.stop();
        }
    }

    private static String fileAppender(Path file) {
        return "<appender name=\"AUDIT\" class=\"ch.qos.logback.core.FileAppender\"><file>" + file + "</file>"
                + "<encoder><pattern>%msg%n</pattern></encoder></appender>"
                + "<logger name=\"mediachange.audit\"><appender-ref ref=\"AUDIT\"/></logger>";
    }

    @Test
    void aLogFileThatCannotBeWrittenIsOneLineNamingItsDirectoryAndTheWayOut() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path logs = notADirectory.resolve("logs");
        assertThat(problems(fileAppender(logs.resolve("audit.log")))).containsExactly("cannot write audit.log in "
                + logs + " (Not a directory); its lines go to standard output only. Choose another directory with"
                + " -Dmediachange.logdir=DIR in MEDIACHANGE_JAVA_OPTS");
    }

    @Test
    void aWritableLogFileIsNoProblem() throws Exception {
        assertThat(problems(fileAppender(dir.resolve("logs/audit.log")))).isEmpty();
        assertThat(dir.resolve("logs/audit.log")).exists();
    }

    @Test
    void anyOtherErrorIsOneLineToo() throws Exception {
        assertThat(problems("<appender name=\"X\" class=\"no.such.Appender\"/><root><appender-ref ref=\"X\"/></root>"))
                .singleElement().asString()
                .startsWith("logging: ").contains("no.such.Appender").doesNotContain("\n");
    }
}
