package org.mediachange.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Issue 16: the option tables of the README (and CTL.md) list every option of their command, no option the
 * command lacks, and the default each option really has: the option's {@code defaultValue} where it has one,
 * else a default its own description names.
 */
class OptionTablesTest {

    private static final Pattern LONG_NAME = Pattern.compile("--[a-z][a-z0-9-]*");

    @Test
    void theReadmeTableOfMediachangec() throws Exception {
        check("README.md, mediachangec", Markdown.read("README.md").section("## Client").table("Option"),
                Commands.options(Commands.client()));
    }

    @Test
    void theReadmeTableOfMediachanged() throws Exception {
        check("README.md, mediachanged", Markdown.read("README.md").section("## Daemon").table("Option"),
                Commands.options(Commands.daemon()));
    }

    @Test
    void theCtlTableOfMediachangectl() throws Exception {
        check("docs/CTL.md, mediachangectl", Markdown.read("docs/CTL.md").section("## Commands").table("Option"),
                Commands.subcommandOptions(Commands.ctl()));
    }

    private static void check(String where, List<List<String>> rows, Map<String, OptionSpec> options) {
        Set<String> documented = new TreeSet<>();
        for (List<String> row : rows) {
            List<String> names = new ArrayList<>();
            Matcher m = LONG_NAME.matcher(String.join(" ", Markdown.code(row.get(0))));
            while (m.find()) {
                names.add(m.group());
            }
            assertThat(names).as("%s: options in row %s", where, row).isNotEmpty();
            List<String> defaults = defaults(row.get(1), names.size());
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                assertThat(options).as("%s lists %s, which the command does not have", where, name)
                        .containsKey(name);
                checkDefault(where, options.get(name), defaults.get(i));
                assertThat(documented.add(name)).as("%s lists %s twice", where, name).isTrue();
            }
        }
        assertThat(documented).as("%s: the options in the table", where).isEqualTo(new TreeSet<>(options.keySet()));
    }

    /** The default cell, one value per option of the row ("15m, 0" for two; one value may hold commas). */
    private static List<String> defaults(String cell, int options) {
        if (options == 1 || cell.isEmpty()) {
            return java.util.Collections.nCopies(options, cell);
        }
        String[] values = cell.split(", ");
        assertThat(values).as("one default per option in '%s'", cell).hasSize(options);
        return List.of(values);
    }

    private static void checkDefault(String where, OptionSpec option, String cell) {
        String name = option.longestName();
        if (option.defaultValue() != null) {
            // "0 (forever)": the value, then perhaps what it means.
            String value = Markdown.plain(cell).replaceFirst(" \\(.*\\)$", "");
            assertThat(value).as("%s: the default of %s", where, name).isEqualTo(option.defaultValue());
        } else if (option.arity().max() == 0) {
            assertThat(cell).as("%s: the default of the flag %s", where, name).isIn("", "false");
        } else if (!cell.isEmpty()) {
            List<String> pieces = Markdown.code(cell).isEmpty() ? List.of(cell) : Markdown.code(cell);
            for (String piece : pieces) {
                assertThat(Commands.description(option)).as("%s: the default '%s' of %s, as --help says it", where,
                        piece, name).contains(piece);
            }
        }
    }
}
