package org.mediachange.daemon.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.status.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * What went wrong while logback set itself up, as one line per problem for the
 * terminal. The installed logback.xml silences logback's own status report
 * (some 70 lines and a stack trace when, say, a user without write access to
 * /var/log/mediachange tries the tarball); the daemon then says it in one
 * line and goes on, its log lines still reaching standard output.
 */
final class LoggingProblems {

    /** "FILE (Permission denied)": the reason the JDK gives when a file cannot be opened. */
    private static final Pattern REASON = Pattern.compile("\\(([^()]+)\\)\\s*$");

    private LoggingProblems() {
    }

    /** The problems of the logging set up for this JVM; none unless logback is the backend. */
    static List<String> find() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx ? find(ctx) : List.of();
    }

    /** The problems of {@code context}: each log file that could not be opened, then the first other error. */
    static List<String> find(LoggerContext context) {
        List<Status> errors = new ArrayList<>();
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getLevel() == Status.ERROR) {
                errors.add(s);
            }
        }
        if (errors.isEmpty()) {
            return List.of();
        }
        Set<String> problems = new LinkedHashSet<>();
        Set<Object> explained = new HashSet<>();
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
                if (it.next() instanceof FileAppender<ILoggingEvent> file && !file.isStarted()
                        && file.getFile() != null) {
                    problems.add(cannotWrite(file, errors));
                    explained.add(file);
                }
            }
        }
        // Of the other errors only the first: those after it are mostly its consequences.
        for (Status s : errors) {
            if (!explained.contains(s.getOrigin())) {
                problems.add("logging: " + s.getMessage() + (s.getThrowable() == null ? ""
                        : " (" + s.getThrowable().getMessage() + ")"));
                break;
            }
        }
        return List.copyOf(problems);
    }

    private static String cannotWrite(FileAppender<ILoggingEvent> appender, List<Status> errors) {
        Path file = Path.of(appender.getFile());
        String reason = "cannot be opened";
        for (Status s : errors) {
            if (s.getOrigin() == appender && s.getThrowable() != null && s.getThrowable().getMessage() != null) {
                Matcher m = REASON.matcher(s.getThrowable().getMessage());
                reason = m.find() ? m.group(1) : s.getThrowable().getMessage();
            }
        }
        return "cannot write " + file.getFileName() + " in " + file.getParent() + " (" + reason + "); its lines go"
                + " to standard output only. Choose another directory with -Dmediachange.logdir=DIR in"
                + " MEDIACHANGE_JAVA_OPTS";
    }
}
