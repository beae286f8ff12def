"""Tests that section 9 of scripts/bench reads the JVM options the daemon's launcher really uses
(python3 -m unittest, run by scripts/test)."""

import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from bench.run import HERE, BenchError, launcher_jvm_opts


class LauncherJvmOptsTest(unittest.TestCase):

    def test_reads_the_options_the_launcher_passes_to_java(self):
        # The launcher run with a stand-in java that prints its arguments: the options read from
        # the file must be the ones it passes (the line the floor parses is the one that is used).
        # A copy of it in an installed layout with a stand-in jar, so that no build is needed (CI
        # runs these tests before the build).
        launcher = HERE.script("mediachanged")
        with tempfile.TemporaryDirectory() as home:
            fake = Path(home) / "bin" / "java"
            fake.parent.mkdir()
            fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
            fake.chmod(0o755)
            installed = Path(home) / "mediachange"
            (installed / "bin").mkdir(parents=True)
            (installed / "lib").mkdir()
            (installed / "lib" / "mediachange-daemon.jar").write_bytes(b"")
            copy = installed / "bin" / "mediachanged"
            shutil.copy2(launcher, copy)
            out = subprocess.run([str(copy), "--version"], env={"JAVA_HOME": home, "PATH": "/usr/bin:/bin"},
                                 stdout=subprocess.PIPE, timeout=30, check=True).stdout.decode().splitlines()
        opts = launcher_jvm_opts(launcher)
        self.assertIn("-XX:+UseSerialGC", opts)
        self.assertEqual(opts, out[:len(opts)])

    def test_a_launcher_without_the_line_is_an_error(self):
        with tempfile.NamedTemporaryFile("w", suffix=".sh") as f:
            f.write('#!/bin/sh\nexec java -Xmx64m "$@"\n')
            f.flush()
            with self.assertRaises(BenchError):
                launcher_jvm_opts(f.name)


if __name__ == "__main__":
    unittest.main()
