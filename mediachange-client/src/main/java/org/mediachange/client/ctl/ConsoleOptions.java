package org.mediachange.client.ctl;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import org.mediachange.common.cli.DurationConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The options every command has: where the web console is, who logs in, and
 * how long to wait. Declared once, on {@link CtlCommand}, and inherited by each
 * command ({@link ScopeType#INHERIT}), so they are accepted before the command
 * name and after it, into the same fields. Each may have its default in the
 * properties files (key: the long name without dashes).
 */
final class ConsoleOptions {

    /** Default of {@code --connect-timeout}. */
    static final String DEFAULT_CONNECT_TIMEOUT = "10s";
    /** Default of {@code --timeout}: each answer of the console within 30 s. */
    static final String DEFAULT_TIMEOUT = "30s";

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL", defaultValue = ConsoleUrl.DEFAULT,
            description = "The web console, as mediachanged --web serves it (default: ${DEFAULT-VALUE}). A console on"
                    + " another machine needs https; plain http is used only to this one (e.g. an SSH tunnel).")
    private String url;

    @Option(names = "--operator", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Log in as operator NAME (default: $USER).")
    private String operator;

    @Option(names = "--password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the password from the first line of FILE, which must be private (chmod 600: no"
                    + " permission for group or others, in directories only their owners may write). Else the password is taken from $" + PasswordSource.ENV
                    + ", else from password-file= in a properties file, else asked for on the terminal.")
    private Path passwordFile;

    @Option(names = "--ca-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Trust the certificates in FILE (PEM or DER) for an https:// console instead of Java's"
                    + " CAs: the console's own certificate if it is self-signed, or the CA that signed it.")
    private Path caFile;

    @Option(names = "--connect-timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            defaultValue = DEFAULT_CONNECT_TIMEOUT,
            converter = DurationConverter.class,
            description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
    private Duration connectTimeout;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = DEFAULT_TIMEOUT,
            converter = DurationConverter.class,
            description = "Give up waiting for each answer of the console after this long; 0 waits for ever"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    /**
     * A client for the console these options name, with the password from its
     * source; a usage problem (bad URL, no password, bad file) is thrown as a
     * {@link ParameterException} of {@code command} (the one that runs), before
     * anything is sent.
     */
    ConsoleClient client(CtlContext ctx, CommandSpec command) {
        URI base;
        try {
            base = ConsoleUrl.parse(url);
            ConsoleUrl.checkCleartext(base);
        } catch (IllegalArgumentException e) {
            throw usage(command, e.getMessage());
        }
        String name = operator != null ? operator : ctx.env().getOrDefault("USER", System.getProperty("user.name"));
        if (name == null || name.isBlank()) {
            throw usage(command, "no operator name: give --operator NAME ($USER is not set)");
        }
        if (name.indexOf(':') >= 0) {
            throw usage(command, "--operator '" + name + "': an operator name has no ':'");
        }
        SSLContext ssl = null;
        if (caFile != null) {
            try {
                ssl = TrustedCertificates.load(caFile);
            } catch (TrustedCertificates.CaFileException e) {
                throw usage(command, e.getMessage());
            }
        }
        boolean fileOnCommandLine = given(command, "--password-file")
                || command.parent() != null && given(command.parent(), "--password-file");
        char[] password;
        try {
            password = PasswordSource.password(fileOnCommandLine ? passwordFile : null,
                    fileOnCommandLine ? null : passwordFile, ctx.env().get(PasswordSource.ENV), ctx.prompt(),
                    "Password for " + name + " at " + base + ": ");
        } catch (PasswordSource.PasswordException e) {
            throw usage(command, e.getMessage());
        }
        String authorization = ConsoleSettings.basic(name, password);
        Arrays.fill(password, '\0');
        java.io.PrintWriter err = command.commandLine().getErr();
        DeviceTokens devices = DeviceTokens.load(DeviceTokens.file(ctx.env()), base, name,
                warning -> CtlCommand.PROGRAM.error(err, "warning: " + warning));
        return new ConsoleClient(new ConsoleSettings(base, name, authorization, ssl, connectTimeout, timeout),
                ctx.clock(), devices);
    }

    /** Whether {@code option} was on the command line of {@code command} (before or after a command name). */
    private static boolean given(CommandSpec command, String option) {
        ParseResult parsed = command.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    private static ParameterException usage(CommandSpec command, String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
