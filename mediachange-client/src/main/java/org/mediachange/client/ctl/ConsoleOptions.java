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
import picocli.CommandLine.Spec;

/**
 * The options every command has: where the web console is, who logs in, and
 * how long to wait. Each may have its default in the properties files (key:
 * the long name without dashes).
 */
final class ConsoleOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--url", paramLabel = "URL", defaultValue = ConsoleUrl.DEFAULT,
            description = "The web console, as mediachanged --web serves it (default: ${DEFAULT-VALUE}). A console on"
                    + " another machine needs https; plain http is used only to this one (e.g. an SSH tunnel).")
    private String url;

    @Option(names = "--operator", paramLabel = "NAME",
            description = "Log in as operator NAME (default: $USER).")
    private String operator;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE, which must be private (chmod 600: no"
                    + " permission for group or others, in directories only their owners may write). Else the password is taken from $" + PasswordSource.ENV
                    + ", else from password-file= in a properties file, else asked for on the terminal.")
    private Path passwordFile;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "Trust the certificates in FILE (PEM or DER) for an https:// console instead of Java's"
                    + " CAs: the console's own certificate if it is self-signed, or the CA that signed it.")
    private Path caFile;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
    private Duration connectTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Give up waiting for each answer of the console after this long; 0 waits for ever"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    /**
     * A client for the console these options name, with the password from its
     * source; a usage problem (bad URL, no password, bad file) is thrown as a
     * {@link ParameterException}, before anything is sent.
     */
    ConsoleClient client(CtlContext ctx) {
        URI base;
        try {
            base = ConsoleUrl.parse(url);
            ConsoleUrl.checkCleartext(base);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        String name = operator != null ? operator : ctx.env().getOrDefault("USER", System.getProperty("user.name"));
        if (name == null || name.isBlank()) {
            throw usage("no operator name: give --operator NAME ($USER is not set)");
        }
        if (name.indexOf(':') >= 0) {
            throw usage("--operator '" + name + "': an operator name has no ':'");
        }
        SSLContext ssl = null;
        if (caFile != null) {
            try {
                ssl = TrustedCertificates.load(caFile);
            } catch (TrustedCertificates.CaFileException e) {
                throw usage(e.getMessage());
            }
        }
        boolean fileOnCommandLine = mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption("--password-file");
        char[] password;
        try {
            password = PasswordSource.password(fileOnCommandLine ? passwordFile : null,
                    fileOnCommandLine ? null : passwordFile, ctx.env().get(PasswordSource.ENV), ctx.prompt(),
                    "Password for " + name + " at " + base + ": ");
        } catch (PasswordSource.PasswordException e) {
            throw usage(e.getMessage());
        }
        String authorization = ConsoleSettings.basic(name, password);
        Arrays.fill(password, '\0');
        return new ConsoleClient(new ConsoleSettings(base, name, authorization, ssl, connectTimeout, timeout),
                ctx.clock());
    }

    private ParameterException usage(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
