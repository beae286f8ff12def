package org.mediachange.common.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The {@code --help} layout of every program: text wrapped at spaces only, as
 * wide as the terminal or {@code COLUMNS}. picocli's own wrapping breaks lines
 * inside words as well (after the '/' of {@code 192.168.0.0/16}, the '.' of
 * {@code ~/.mediachangec.properties}, the ':' of an IPv6 address), so the
 * description, the option and parameter lists and the exit codes are laid out
 * here. The texts stay in the commands' annotations, one string per paragraph
 * (a paragraph that starts with a space is an example line, kept as written),
 * where the man page generator finds them too.
 */
public final class HelpLayout {

    /** Narrowest width picocli accepts. */
    static final int MIN_WIDTH = 55;
    /** Where option descriptions start, unless the option is wider. */
    static final int MAX_DESCRIPTION_COLUMN = 27;
    private static final String NL = System.lineSeparator();

    private HelpLayout() {
    }

    /**
     * Lays out {@code commandLine}'s help as described above; {@code columns} is the
     * value of {@code COLUMNS} in the environment, or {@code null}.
     */
    public static void install(CommandLine commandLine, String columns) {
        Integer width = columns(columns);
        if (width != null) {
            // An explicit COLUMNS=120 wins over what picocli finds out about the terminal.
            commandLine.setUsageHelpAutoWidth(false);
            commandLine.setUsageHelpWidth(width);
        }
        Map<String, IHelpSectionRenderer> sections = commandLine.getHelpSectionMap();
        sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, HelpLayout::synopsis);
        sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, HelpLayout::description);
        sections.put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, HelpLayout::parameters);
        sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::options);
        sections.put(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST, HelpLayout::exitCodes);
        commandLine.setHelpSectionMap(sections);
    }

    /** The width {@code COLUMNS} asks for (at least {@value #MIN_WIDTH}), or {@code null} if it is not a number. */
    static Integer columns(String value) {
        if (value == null || value.isBlank() || value.length() > 4 || !value.strip().chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Math.max(MIN_WIDTH, Integer.parseInt(value.strip()));
    }

    private static int width(Help help) {
        return help.commandSpec().usageMessage().width();
    }

    /** A custom synopsis of several lines, each under the first ("Usage: "). */
    private static String synopsis(Help help) {
        String[] custom = help.commandSpec().usageMessage().customSynopsis();
        if (custom.length == 0) {
            return help.synopsis(help.synopsisHeadingLength());
        }
        StringBuilder out = new StringBuilder();
        String indent = " ".repeat(help.synopsisHeadingLength());
        for (int i = 0; i < custom.length; i++) {
            out.append(i == 0 ? "" : indent).append(custom[i]).append(NL);
        }
        return out.toString();
    }

    private static String description(Help help) {
        StringBuilder out = new StringBuilder();
        for (String paragraph : help.commandSpec().usageMessage().description()) {
            if (paragraph.startsWith(" ")) {
                out.append(paragraph).append(NL); // an indented line is an example: kept as written
                continue;
            }
            for (String line : wrap(paragraph, width(help))) {
                out.append(line).append(NL);
            }
        }
        return out.toString();
    }

    private static String parameters(Help help) {
        List<String[]> rows = new ArrayList<>();
        for (PositionalParamSpec p : help.commandSpec().positionalParameters()) {
            if (!p.hidden()) {
                rows.add(new String[] {"      " + label(help, p), String.join(" ", p.description())});
            }
        }
        return table(rows, width(help), MAX_DESCRIPTION_COLUMN);
    }

    private static String options(Help help) {
        List<String[]> rows = new ArrayList<>();
        for (OptionSpec o : inOrder(help.commandSpec().options())) {
            if (o.hidden()) {
                continue;
            }
            String shortName = o.shortestName().startsWith("--") ? null : o.shortestName();
            String left = (shortName == null ? "      " : "  " + shortName + ", ") + o.longestName() + label(help, o);
            rows.add(new String[] {left, String.join(" ", o.description())});
        }
        return table(rows, width(help), MAX_DESCRIPTION_COLUMN);
    }

    /**
     * {@code options} as the help lists them: those a parent command shares (which may come
     * before the command's name too) first, then the command's own, help and version last.
     */
    static List<OptionSpec> inOrder(List<OptionSpec> options) {
        List<OptionSpec> ordered = new ArrayList<>();
        for (int group = 0; group < 3; group++) {
            for (OptionSpec o : options) {
                int g = o.usageHelp() || o.versionHelp() ? 2 : o.inherited() ? 0 : 1;
                if (g == group) {
                    ordered.add(o);
                }
            }
        }
        return ordered;
    }

    private static String exitCodes(Help help) {
        List<String[]> rows = new ArrayList<>();
        int widest = 0;
        for (Map.Entry<String, String> e : help.commandSpec().usageMessage().exitCodeList().entrySet()) {
            rows.add(new String[] {"  " + e.getKey(), e.getValue()});
            widest = Math.max(widest, e.getKey().length());
        }
        return table(rows, width(help), 2 + widest + 3);
    }

    private static String label(Help help, ArgSpec arg) {
        return help.parameterLabelRenderer().renderParameterLabel(arg, Help.Ansi.OFF,
                help.colorScheme().optionParamStyles()).plainString();
    }

    /**
     * Rows of (left text, description): the description starts at {@code column} (or on the
     * next line, where the left text is wider), its further lines two spaces further in.
     */
    static String table(List<String[]> rows, int width, int column) {
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            String left = row[0];
            List<String> lines = wrap(row[1], width - column, width - column - 2);
            if (left.length() + 1 < column) {
                out.append(lines.get(0).isEmpty() ? left : pad(left, column) + lines.get(0)).append(NL);
            } else {
                out.append(left).append(NL);
                if (!lines.get(0).isEmpty()) {
                    out.append(" ".repeat(column)).append(lines.get(0)).append(NL);
                }
            }
            for (String line : lines.subList(1, lines.size())) {
                out.append(" ".repeat(column + 2)).append(line).append(NL);
            }
        }
        return out.toString();
    }

    private static String pad(String text, int column) {
        return text + " ".repeat(Math.max(1, column - text.length()));
    }

    /**
     * {@code text} in lines of at most {@code width} characters, broken at spaces only (a
     * word longer than the line gets a line of its own); an empty text is one empty line.
     */
    static List<String> wrap(String text, int width) {
        return wrap(text, width, width);
    }

    /** As {@link #wrap(String, int)}, the first line {@code firstWidth} wide, the others {@code width}. */
    static List<String> wrap(String text, int firstWidth, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            int room = lines.isEmpty() ? firstWidth : width;
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
