"""Tests that what the harness starts is always stopped (python3 -m unittest, run by scripts/test)."""

import os
import subprocess
import tempfile
import time
import unittest

from harness import HarnessError, procfs
from harness.procs import Processes


def gone(pid):
    return procfs.state(pid) in (None, "Z")


class ProcessesTest(unittest.TestCase):

    def test_stop_ends_the_process_and_what_it_started(self):
        procs = Processes()
        # A shell that ignores SIGTERM and has a child: both must go, within the grace period and a kill.
        p = procs.spawn(["sh", "-c", "trap '' TERM; sleep 60 & echo $!; wait"], stdout=subprocess.PIPE)
        child = int(p.stdout.readline())
        t0 = time.monotonic()
        procs.stop(p, grace=0.5)
        self.assertLess(time.monotonic() - t0, 5)
        self.assertTrue(gone(p.pid))
        for _ in range(50):  # the child is reaped by init once killed
            if gone(child):
                break
            time.sleep(0.02)
        self.assertTrue(gone(child))
        self.assertEqual(procs.started, [])

    def test_stop_all_ends_everything_started(self):
        procs = Processes()
        started = [procs.spawn(["sleep", "60"]) for _ in range(3)]
        procs.stop_all()
        self.assertTrue(all(p.returncode is not None for p in started))
        self.assertEqual(procs.started, [])

    def test_run_kills_its_process_group_past_the_timeout(self):
        with tempfile.TemporaryDirectory() as tmp:
            pidfile = os.path.join(tmp, "pid")
            t0 = time.monotonic()
            with self.assertRaises(HarnessError):
                Processes.run(["sh", "-c", f"sleep 60 & echo $! > {pidfile}; sleep 60"], 0.5)
            self.assertLess(time.monotonic() - t0, 5)
            with open(pidfile) as f:
                child = int(f.read())
        for _ in range(50):
            if gone(child):
                break
            time.sleep(0.02)
        self.assertTrue(gone(child))

    def test_run_returns_output_and_exit_code(self):
        r = Processes.run(["sh", "-c", "read x; echo got $x; exit 3"], 10, input=b"line\n")
        self.assertEqual((r.returncode, r.stdout), (3, b"got line\n"))


if __name__ == "__main__":
    unittest.main()
