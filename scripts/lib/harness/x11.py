"""The X side: a private Xvfb, the C helpers next to this package
(scripts/lib/xmapwatch.c, scripts/lib/xpaintwait.c), the map watcher, and the
operator's hand (xdotool).

There is no window manager under Xvfb: dialogs are children of the root
window, a click gives one the keyboard, and Return is its OK.
"""

import os
import select
import subprocess
import threading
import time
from pathlib import Path

from . import HarnessError

HELPERS = Path(__file__).resolve().parents[1]  # scripts/lib, where the C helpers are
TITLE = "mediachanged"  # dialog titles start with this (MessageDialog.TITLE_PREFIX)
# A dialog ignores keys for 0.7 s after it appears or takes the focus (KeyGuard.DELAY); wait this long.
KEY_GUARD_WAIT = 1.0


def build_helper(name, out_dir):
    """Compiles scripts/lib/NAME.c against Xlib into out_dir; returns the executable's path."""
    out = Path(out_dir) / name
    cc = subprocess.run(["cc", "-O2", "-o", str(out), str(HELPERS / f"{name}.c"), "-lX11"],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if cc.returncode != 0:
        raise HarnessError(f"cannot build {name} (apt-get install gcc libx11-dev):\n{cc.stdout}")
    return out


def display_env(env, display):
    """env for clients of display (and no XAUTHORITY: Xvfb is started without access control files)."""
    out = dict(env, DISPLAY=display)
    out.pop("XAUTHORITY", None)
    return out


class Xvfb:
    """A private Xvfb on a display it picks itself (-displayfd). Other Xvfb servers may be
    starting at the same moment, so a server that dies or does not answer is started again.
    xmapwatch (built by build_helper) checks that it answers."""

    ATTEMPTS = 8

    def __init__(self, procs, xmapwatch, env, log_path):
        self.procs = procs
        for attempt in range(self.ATTEMPTS):
            r, w = os.pipe()
            with open(log_path, "ab") as log:
                proc = procs.spawn(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x1024x24", "-nolisten",
                                    "tcp"], pass_fds=(w,), stdout=log, stderr=log)
            os.close(w)
            ready, _, _ = select.select([r], [], [], 20)
            data = os.read(r, 64) if ready else b""
            os.close(r)
            if data.strip().isdigit():
                self.proc, self.display = proc, ":" + data.decode().strip()
                if self._answers(xmapwatch, env):
                    return
            procs.stop(proc)
            time.sleep(0.5 * (attempt + 1))  # other sessions' servers come and go: back off
        raise HarnessError(f"could not start Xvfb ({self.ATTEMPTS} attempts; its messages are in {log_path})")

    def _answers(self, xmapwatch, env):
        probe = self.procs.spawn([str(xmapwatch), "xvfb-probe"], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, env=display_env(env, self.display))
        ready, _, _ = select.select([probe.stdout], [], [], 10)
        ok = bool(ready) and probe.stdout.readline().startswith(b"ready") and self.proc.poll() is None
        self.procs.stop(probe)
        return ok

    @property
    def pid(self):
        return self.proc.pid

    def env(self, env):
        """env for clients of this server."""
        return display_env(env, self.display)

    def stop(self):
        self.procs.stop(self.proc)


class MapWatcher:
    """Runs xmapwatch and records (CLOCK_MONOTONIC ns, window id, title) of every window mapped
    whose title contains pattern (time.monotonic_ns() is the same clock)."""

    def __init__(self, procs, xmapwatch, env, pattern=TITLE):
        self.procs = procs
        self.maps = []
        self._cond = threading.Condition()
        self._ready = threading.Event()
        self.proc = procs.spawn([str(xmapwatch), pattern], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(10):
            procs.stop(self.proc)
            raise HarnessError(f"xmapwatch did not start (display {env.get('DISPLAY')})")

    def _read(self):
        for raw in self.proc.stdout:
            parts = raw.decode("utf-8", "replace").rstrip("\n").split(" ", 2)
            if parts[0] == "ready":
                self._ready.set()
            elif len(parts) == 3 and parts[0].isdigit():
                with self._cond:
                    self.maps.append((int(parts[0]), parts[1], parts[2]))
                    self._cond.notify_all()

    def count(self):
        with self._cond:
            return len(self.maps)

    def wait_for(self, index, timeout):
        """The index-th map (0-based) once it has happened, or None after timeout seconds."""
        end = time.monotonic() + timeout
        with self._cond:
            while len(self.maps) <= index:
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            return self.maps[index]

    def wait_new(self, since, k, timeout):
        """The k maps after index since, waiting at most timeout seconds; HarnessError if they do not come."""
        if self.wait_for(since + k - 1, timeout) is None:
            raise HarnessError(f"only {self.count() - since} of {k} dialogs appeared within {timeout} s")
        with self._cond:
            return self.maps[since:since + k]

    def close(self):
        self.procs.stop(self.proc, grace=1.0)


def xdotool(env, *args, timeout=10):
    """Runs xdotool (bounded by timeout(1)); the CompletedProcess, output captured."""
    return subprocess.run(["timeout", str(timeout), "xdotool", *args], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)


def click(env, wid):
    """A click into the dialog, which gives it the keyboard."""
    xdotool(env, "mousemove", "--window", wid, "120", "24", "click", "1")


def answer_ok(env, wid):
    """The operator answers OK: a click into the dialog, then Return once it takes keys."""
    click(env, wid)
    time.sleep(KEY_GUARD_WAIT)
    xdotool(env, "key", "Return")


def viewable(env, wid):
    """Whether the window is mapped and viewable (xwininfo)."""
    r = subprocess.run(["xwininfo", "-id", wid], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return r.returncode == 0 and b"IsViewable" in r.stdout
