package org.mediachange.daemon.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mediachange.daemon.audit.AuditLog;
import org.slf4j.LoggerFactory;

/**
 * The audit log's file, where the logging configuration writes one (the
 * installed logback.xml does: {@code audit.log} in the log directory): where
 * it is, and the largest request id in it, which tells where ids may go on
 * when the state file cannot say.
 */
final class AuditFile {

    /** The start of an audit line of a request, from its first key up to its id. */
    private static final Pattern ID = Pattern.compile(" outcome=\\S+ peer=\\S+ port=\\d+ id=(\\d{1,18})[ \\n]");

    private AuditFile() {
    }

    /** The file the audit logger writes, if it writes one through logback. */
    static Optional<Path> path() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return Optional.empty();
        }
        Logger audit = ctx.getLogger(AuditLog.LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = audit.iteratorForAppenders(); it.hasNext();) {
            if (it.next() instanceof FileAppender<ILoggingEvent> file && file.getFile() != null) {
                return Optional.of(Path.of(file.getFile()).toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** The largest request id in the audit log's file; empty without one, or if it cannot be read. */
    static OptionalLong largestId() {
        return path().map(AuditFile::largestId).orElse(OptionalLong.empty());
    }

    /** The largest request id in the audit lines of {@code file}. */
    static OptionalLong largestId(Path file) {
        long max = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int start = line.indexOf(" outcome=");
                Matcher m = ID.matcher(line + "\n");
                // Only the line's own fields: whatever comes later (the message) cannot pose as them.
                if (start >= 0 && m.region(start, line.length() + 1).lookingAt()) {
                    max = Math.max(max, Long.parseLong(m.group(1)));
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return max > 0 ? OptionalLong.of(max) : OptionalLong.empty();
    }
}
