package org.mediachange.client.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mediachange.common.files.PrivateFiles;

/**
 * Where the operator's password comes from; never from the command line,
 * where {@code ps} would show it to everyone. In this order: {@code
 * --password-file} given on the command line; {@value #ENV}; {@code
 * password-file} from a properties file; the terminal. So each source is
 * overridden by the more specific ones, as options override the environment
 * and the environment overrides configuration files.
 */
final class PasswordSource {

    /** The environment variable that may hold the password. */
    static final String ENV = "MEDIACHANGE_PASSWORD";

    private PasswordSource() {
    }

    /** Why no password could be had; the message is for the user. */
    static final class PasswordException extends Exception {
        private static final long serialVersionUID = 1L;

        PasswordException(String message) {
            super(message);
        }
    }

    /**
     * The password.
     *
     * @param commandLineFile {@code --password-file} as given on the command line, or null
     * @param configuredFile  {@code password-file} from a properties file, or null
     * @param envValue        the value of {@value #ENV}, or null
     * @param prompt          the terminal
     * @param promptText      what to ask with, e.g. "Password for alice at http://...: "
     */
    static char[] password(Path commandLineFile, Path configuredFile, String envValue, PasswordPrompt prompt,
            String promptText) throws PasswordException {
        if (commandLineFile != null) {
            return read(commandLineFile);
        }
        if (envValue != null && !envValue.isEmpty()) {
            return envValue.toCharArray();
        }
        if (configuredFile != null) {
            return read(configuredFile);
        }
        char[] typed = prompt.ask(promptText);
        if (typed == null) {
            throw new PasswordException("no password: set " + ENV + ", give --password-file FILE (or password-file="
                    + " in ~/.mediachangectl.properties), or run it on a terminal to be asked");
        }
        if (typed.length == 0) {
            throw new PasswordException("empty password");
        }
        return typed;
    }

    /**
     * The first line of a password file, without its line end, refusing a file
     * that another user could read, change or replace ({@link PrivateFiles}), as
     * ssh refuses an open private key.
     */
    static char[] read(Path file) throws PasswordException {
        String problem = PrivateFiles.problem(file, "password file").orElse(null);
        if (problem != null) {
            throw new PasswordException(problem);
        }
        // Strict UTF-8, and the first line as BufferedReader sees it: the same password that
        // `mediachanged set-password NAME < FILE` sets from the same file.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                throw new PasswordException("password file " + file + " is empty (the password is its first line)");
            }
            return line.toCharArray();
        } catch (CharacterCodingException e) {
            throw new PasswordException("password file " + file + " is not valid UTF-8");
        } catch (IOException e) {
            throw new PasswordException("cannot read password file " + file + ": " + e.getMessage());
        }
    }
}
