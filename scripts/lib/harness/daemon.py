"""The daemon as an operator starts it: a launcher (a checkout's
scripts/mediachanged, or an installed layout's bin/mediachanged) on a
loopback address and a port the kernel picks, with a state directory of its
own, its stdout and stderr in files, so that it never waits for a reader."""

import datetime
import os
import re
import shutil
import subprocess
import time

from . import HarnessError, procfs

# "... mediachanged 0.1.0 listening on 127.0.0.1 port 8979, allowing [...]": the line up to past the port.
LISTENING = re.compile(rb"^(\S+) .*listening on .* port (\d+),", re.M)


def log_time(line):
    """Epoch seconds of a daemon log line (its ISO time stamp, milliseconds, first on the line)."""
    stamp = line.split(" ", 1)[0].replace("Z", "+00:00")
    return datetime.datetime.fromisoformat(stamp).timestamp()


def jcmd(pid, *command, timeout=60):
    """Runs jcmd against a JVM of ours (JAVA_HOME's jcmd first); its output, '' if there is no jcmd.
    subprocess.TimeoutExpired past timeout seconds."""
    tool = shutil.which("jcmd")
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.path.exists(os.path.join(java_home, "bin", "jcmd")):
        tool = os.path.join(java_home, "bin", "jcmd")
    if not tool:
        return ""
    r = subprocess.run([tool, str(pid), *command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=timeout)
    return r.stdout.decode("utf-8", "replace")


class Daemon:
    """One run of the daemon. Starting it waits (at most start_timeout seconds) until it logs
    'listening'; then port is its port and listening_ms the time from just before the launcher
    was started to that log line's own time stamp (or, where the line has none, to the moment
    it was seen)."""

    def __init__(self, procs, launcher, log_dir, name, args, env, bind="127.0.0.1", start_timeout=60):
        self.procs = procs
        self.name = name
        self.out_path = os.path.join(log_dir, f"{name}.daemon.out")
        self.err_path = os.path.join(log_dir, f"{name}.daemon.err")
        # A state directory of its own: none of the user's, and no requests kept from an earlier run.
        self.args = ["--bind", bind, "--port", "0", "--state-dir", os.path.join(log_dir, f"{name}.state"), *args]
        self.exit_code = None
        self.stop_seconds = None
        started = time.time()
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.proc = procs.spawn([str(launcher), *self.args], env=env, stdout=out, stderr=err)
        self.pid = self.proc.pid
        stamp, self.port = self._await_listening(start_timeout)
        try:
            logged = log_time(stamp)
        except ValueError:  # a logging configuration of one's own, without the ISO time first
            logged = time.time()
        self.listening_ms = (logged - started) * 1000

    def _await_listening(self, seconds):
        end = time.monotonic() + seconds
        with open(self.out_path, "rb") as out:
            seen = b""
            while True:
                seen += out.read()
                m = LISTENING.search(seen)
                if m:
                    return m.group(1).decode(), int(m.group(2))
                if self.proc.poll() is not None:
                    raise HarnessError(f"the daemon exited {self.proc.returncode} at start: " + self.tail())
                if time.monotonic() > end:
                    raise HarnessError(f"the daemon did not listen within {seconds} s: " + self.tail())
                time.sleep(0.005)

    def alive(self):
        return self.proc.poll() is None

    def comm(self):
        return procfs.comm(self.pid)

    def stdout_bytes(self):
        with open(self.out_path, "rb") as f:
            return f.read()

    def stderr_bytes(self):
        with open(self.err_path, "rb") as f:
            return f.read()

    def tail(self, n=2000):
        return (self.stdout_bytes()[-n:] + self.stderr_bytes()[-n:]).decode("utf-8", "replace")

    def jcmd(self, *command):
        return jcmd(self.pid, *command)

    def stop(self, grace=10.0):
        """SIGTERM to its process group, as systemd would; records the exit code and how long it took."""
        t0 = time.monotonic()
        self.exit_code = self.procs.stop(self.proc, grace=grace)
        self.stop_seconds = time.monotonic() - t0
