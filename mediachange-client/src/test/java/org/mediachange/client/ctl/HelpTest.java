package org.mediachange.client.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The help texts, with the exit codes from {@link CtlExitCode}, and the usage errors of the command line. */
class HelpTest {

    private final Ctl ctl = new Ctl();

    @Test
    void helpListsTheCommandsAndEveryExitCode() {
        Ctl.Run run = ctl.run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: mediachangectl list [OPTIONS]\n")
                .containsPattern("(?m)^  list +Prints the pending requests, then the recently ended ones")
                .containsPattern("(?m)^  ok +Answers a request with Ok\\.")
                .containsPattern("(?m)^  cancel +Answers a request with Cancel\\.")
                .containsPattern("(?m)^  watch +Prints requests as they come and go")
                .containsPattern("(?m)^  status +Says whether the daemon is up and can show requests\\.");
        java.util.Set<Integer> listed = new java.util.HashSet<>();
        for (CtlExitCode c : CtlExitCode.values()) {
            if (listed.add(c.code())) { // a code two commands share: one entry, the first description first
                assertThat(run.out()).containsPattern("(?m)^  " + c.code() + " +"
                        + java.util.regex.Pattern.quote(c.description().substring(0, 20)));
            }
            assertThat(run.out().replaceAll("\\s+", " ")).contains(c.description());
        }
    }

    @Test
    void eachCommandHasItsOwnHelpWithTheSharedOptions() {
        for (String command : new String[] {"list", "ok", "cancel", "watch", "status"}) {
            Ctl.Run run = ctl.run(command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Usage: mediachangectl " + command + " [OPTIONS]");
            assertThat(run.out().replaceAll("\\s+", " ")).as(command).contains("--url=URL")
                    .contains("(default: http://127.0.0.1:8980)")
                    .contains("--operator=NAME").contains("--password-file=FILE").contains("--ca-file=FILE")
                    .contains("--timeout=DURATION").contains("Exit codes:");
            assertThat(run.out().contains("--retry-for=DURATION")).as(command).isEqualTo(command.equals("watch"));
        }
    }

    @Test
    void versionNamesTheProgram() {
        Ctl.Run run = ctl.run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("mediachangectl ");
    }

    @Test
    void aMissingOrUnknownCommandIsAUsageError() {
        assertThat(ctl.run()).isEqualTo(new Ctl.Run(2, "", "mediachangectl: missing COMMAND: list, ok, cancel,"
                + " watch or status (see 'mediachangectl --help')\n"));
        Ctl.Run unknown = ctl.run("approve", "12");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.errLines()).singleElement().asString().contains("'approve'");
        Ctl.Run badOption = ctl.run("list", "--colour");
        assertThat(badOption.exitCode()).isEqualTo(2);
        assertThat(badOption.err()).isEqualTo("mediachangectl: Unknown option: '--colour'"
                + " (see 'mediachangectl list --help')\n");
        assertThat(ctl.run("list", "--timeout", "soon").exitCode()).isEqualTo(2);
    }

    @Test
    void aPasswordIsNeverAnOption() {
        String said = "mediachangectl: there is no --password: a password on the command line is seen by everyone"
                + " with ps; use MEDIACHANGE_PASSWORD or --password-file FILE\n";
        assertThat(ctl.run("list", "--password", "s3cret")).isEqualTo(new Ctl.Run(2, "", said));
        assertThat(ctl.run("ok", "--password=s3cret", "12")).isEqualTo(new Ctl.Run(2, "", said));
    }
}
