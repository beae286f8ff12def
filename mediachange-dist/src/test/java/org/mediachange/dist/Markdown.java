package org.mediachange.dist;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few pieces of the project's Markdown that the documentation tests read: sections and tables. */
final class Markdown {

    /** The checkout's root: the module's parent directory, where Maven runs the tests. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    private final String text;

    private Markdown(String text) {
        this.text = text;
    }

    /** {@code file} under the checkout's root, e.g. {@code README.md} or {@code docs/CTL.md}. */
    static Markdown read(String file) throws IOException {
        return new Markdown(Files.readString(ROOT.resolve(file), UTF_8));
    }

    /** The text of the section whose heading starts with {@code heading} (e.g. "## Client"), to the next heading. */
    Markdown section(String heading) {
        int start = text.indexOf("\n" + heading);
        if (start < 0) {
            throw new AssertionError("no section '" + heading + "'");
        }
        int body = text.indexOf('\n', start + 1);
        int level = heading.indexOf(' ');
        Matcher next = Pattern.compile("\n#{1," + level + "} ").matcher(text);
        int end = next.find(body) ? next.start() : text.length();
        return new Markdown(text.substring(body + 1, end));
    }

    /** The rows of the first table in this text whose header row starts with {@code firstColumn}, header left out. */
    List<List<String>> table(String firstColumn) {
        List<List<String>> rows = new ArrayList<>();
        boolean in = false;
        for (String line : text.split("\n")) {
            if (!in) {
                in = line.startsWith("| " + firstColumn + " |");
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            if (line.startsWith("| ---")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            // A cell may hold \| (an escaped bar, as in `x11\|none`).
            for (String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1)) {
                cells.add(cell.strip().replace("\\|", "|"));
            }
            rows.add(cells);
        }
        if (rows.isEmpty()) {
            throw new AssertionError("no table starting with '| " + firstColumn + " |'");
        }
        return rows;
    }

    /** The lines of this text. */
    List<String> lines() {
        return List.of(text.split("\n"));
    }

    /** This text. */
    String text() {
        return text;
    }

    /** The pieces of {@code cell} in backticks, in order. */
    static List<String> code(String cell) {
        List<String> pieces = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            pieces.add(m.group(1));
        }
        return pieces;
    }

    /** {@code cell} as plain text: without the Markdown marks for code and emphasis. */
    static String plain(String cell) {
        return cell.replace("`", "").replace("**", "");
    }
}
