package org.mediachange.daemon.web.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.mediachange.common.text.Escaper;

/**
 * {@code mediachanged --set-password NAME}: adds an operator to the operators
 * file or changes one's password. The password is read without echo from the
 * terminal (twice, to catch a typo), or as one line from standard input when
 * that is not a terminal, never from the command line, where {@code ps} and
 * the shell history would see it.
 */
public final class SetPassword {

    /** Exit status: done. */
    public static final int OK = 0;
    /** Exit status: nothing changed (bad name, empty or mismatched password, file problem). */
    public static final int FAILED = 1;

    private SetPassword() {
    }

    /**
     * Reads the password from {@code console} if there is one, else from {@code in},
     * and stores its hash for {@code name} in {@code file}; reports on {@code out}/{@code err}.
     *
     * @return {@link #OK} or {@link #FAILED}
     */
    public static int run(Path file, String name, Console console, InputStream in, PrintWriter out,
            PrintWriter err) {
        if (!OperatorsFile.NAME.matcher(name).matches()) {
            err.println("mediachanged: '" + Escaper.forDisplay(name) + "' is not a valid operator name: use 1-64"
                    + " letters, digits and . _ @ - (starting with a letter or digit)");
            return FAILED;
        }
        char[] password = null;
        try {
            password = console != null ? fromConsole(console, name, err) : fromStream(in, err);
            if (password == null) {
                return FAILED;
            }
            if (password.length == 0) {
                err.println("mediachanged: the password is empty; nothing changed");
                return FAILED;
            }
            if (password.length > PasswordHash.MAX_PASSWORD_CHARS) {
                err.println("mediachanged: the password is longer than " + PasswordHash.MAX_PASSWORD_CHARS
                        + " characters; nothing changed");
                return FAILED;
            }
            boolean added = OperatorsFile.setPassword(file, name, PasswordHash.create(password));
            out.println("mediachanged: " + (added ? "added operator " : "changed the password of ") + name
                    + " in " + file);
            return OK;
        } catch (OperatorsFileException e) {
            err.println("mediachanged: " + Escaper.forDisplay(e.getMessage()) + "; nothing changed");
            return FAILED;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            out.flush();
            err.flush();
        }
    }

    private static char[] fromConsole(Console console, String name, PrintWriter err) {
        char[] first = console.readPassword("Password for %s: ", name);
        if (first == null) {
            err.println("mediachanged: no password given; nothing changed");
            return null;
        }
        char[] second = console.readPassword("Again: ");
        try {
            if (second == null || !Arrays.equals(first, second)) {
                Arrays.fill(first, '\0');
                err.println("mediachanged: the passwords differ; nothing changed");
                return null;
            }
            return first;
        } finally {
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    /** The first line of {@code in} (UTF-8), without its line end; null (reported) if there is none. */
    private static char[] fromStream(InputStream in, PrintWriter err) {
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null) {
                err.println("mediachanged: no password on standard input; nothing changed");
                return null;
            }
            return line.toCharArray();
        } catch (IOException e) {
            err.println("mediachanged: cannot read the password from standard input: " + e.getMessage());
            return null;
        }
    }
}
