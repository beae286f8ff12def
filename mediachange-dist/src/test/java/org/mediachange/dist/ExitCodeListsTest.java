package org.mediachange.dist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.client.ExitCode;
import org.mediachange.client.ctl.CtlExitCode;
import org.mediachange.common.cli.ExitStatus;

/**
 * Issues 14 and 16: each program's exit codes are one enum, which {@code --help} lists ({@code Program}), the
 * man page lists (generated from the same command lines by {@link GenerateDocs}) and the README's tables give word
 * for word, so the three cannot disagree again ({@code Error shutting down} was listed under 4, but exits 5).
 */
class ExitCodeListsTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeTablesGiveEachCodeAsTheEnumDoes() throws Exception {
        Markdown readme = Markdown.read("README.md");
        assertThat(table(readme.section("## Client").section("### Exit codes")))
                .isEqualTo(ExitStatus.helpList(ExitCode.class));
        assertThat(table(readme.section("## Daemon").section("### Exit codes")))
                .isEqualTo(ExitStatus.helpList(org.mediachange.daemon.cli.ExitCode.class));
    }

    @Test
    void theCtlDocumentationListsTheSameCodes() throws Exception {
        Map<String, String> documented = new LinkedHashMap<>();
        for (List<String> row : Markdown.read("docs/CTL.md").section("## Exit codes").table("Code")) {
            documented.put(row.get(0), row.get(1));
        }
        assertThat(documented.keySet()).containsExactlyElementsOf(ExitStatus.helpList(CtlExitCode.class).keySet());
    }

    @Test
    void theManPagesListTheEnumsCodesAndHelpTheSame() throws Exception {
        GenerateDocs.main(new String[] {dir.resolve("adoc").toString(), dir.resolve("completion").toString()});
        check("mediachangec", ExitStatus.helpList(ExitCode.class));
        check("mediachanged", ExitStatus.helpList(org.mediachange.daemon.cli.ExitCode.class));
        check("mediachangectl", ExitStatus.helpList(CtlExitCode.class));
    }

    private void check(String program, Map<String, String> codes) throws Exception {
        String adoc = Files.readString(dir.resolve("adoc").resolve(program + ".adoc"), UTF_8);
        String section = adoc.substring(adoc.indexOf("// tag::picocli-generated-man-section-exit-status[]"),
                adoc.indexOf("// end::picocli-generated-man-section-exit-status[]"));
        for (Map.Entry<String, String> e : codes.entrySet()) {
            assertThat(section).as("%s(1) exit code %s", program, e.getKey())
                    .contains("*" + e.getKey() + "*::\n  " + e.getValue());
        }
    }

    private static Map<String, String> table(Markdown section) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (List<String> row : section.table("Code")) {
            rows.put(row.get(0), Markdown.plain(row.get(1)));
        }
        return rows;
    }
}
