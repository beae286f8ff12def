"""Processes the scripts start, and how every one of them is stopped.

Each process starts in its own session, so Ctrl-C reaches only the driver,
which then stops things in order; each is stopped through its own process
group id, which also catches any children it started (the daemon's dialog
JVM, a launcher's background training run) and nothing else. Every wait is
bounded.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

from . import HarnessError


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: stop and clean up, as on Ctrl-C."""


def _raise_interrupted(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def install_signal_handlers():
    """Ctrl-C raises KeyboardInterrupt (explicitly: a shell starts background jobs with SIGINT
    ignored); SIGTERM and SIGHUP raise Interrupted, a KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupted)
    signal.signal(signal.SIGHUP, _raise_interrupted)


def shield_cleanup():
    """From now on Ctrl-C and SIGTERM are ignored, so that a second one cannot cut the clean-up short."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


class Processes:
    """Starts processes and remembers them, so that stop_all() ends every one."""

    def __init__(self):
        self.started = []

    def spawn(self, argv, **kw):
        """subprocess.Popen in a session of its own; stdin is /dev/null unless given."""
        kw.setdefault("stdin", subprocess.DEVNULL)
        p = subprocess.Popen(argv, start_new_session=True, **kw)
        self.started.append(p)
        return p

    def stop(self, p, grace=5.0, sig=signal.SIGTERM):
        """Signals p's process group (p and anything it started), waits up to grace seconds, then
        kills whatever is left of the group; closes p's pipes and forgets it. Returns p's exit code
        (None if it could not be reaped)."""
        try:
            os.killpg(p.pid, sig)
        except ProcessLookupError:
            pass
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            code = p.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        for f in (p.stdin, p.stdout, p.stderr):
            if f is not None:
                try:
                    f.close()
                except OSError:
                    pass
        if p in self.started:
            self.started.remove(p)
        return code

    def stop_all(self):
        """Stops everything still running, the last started first."""
        for p in reversed(list(self.started)):
            self.stop(p, grace=3.0)

    @staticmethod
    def run(argv, timeout, input=None, **kw):
        """subprocess.run in a session of its own, output captured; past timeout seconds its whole
        process group is killed and HarnessError raised."""
        kw.setdefault("stdout", subprocess.PIPE)
        kw.setdefault("stderr", subprocess.PIPE)
        kw.setdefault("stdin", subprocess.DEVNULL if input is None else subprocess.PIPE)
        with subprocess.Popen(argv, start_new_session=True, **kw) as p:
            try:
                out, err = p.communicate(input, timeout=timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.communicate()
                raise HarnessError(f"{argv[0]} did not finish within {timeout} s") from None
        return subprocess.CompletedProcess(argv, p.returncode, out, err)


@contextlib.contextmanager
def temp_dir(prefix):
    """A private temporary directory (a Path), removed with everything in it at the end."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago (for servers that cannot take port 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
