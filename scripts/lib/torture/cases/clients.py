"""The clients and the operator the cases share: a probe request from another
host (answered OK with xdotool, or withdrawn), plain connections that send a
line, resets, and finding the daemon's dialog process."""

import re
import socket
import time

from harness import procfs, x11

from ..netload import LINGER_RESET
from .common import ms

PROBE_SRC = "127.0.0.2"
# The daemon's log line when a dialog process is ready (with the requests handed to a new one).
SHOWING = re.compile(rb"showing requests on DISPLAY=\S+(?: \((\d+) pending\))?")


def probe(ctx, d, watch, k, answer):
    """One request from another allowed address. Returns (dialog_ms or None,
    local (addr, port), ok, note). answer=True: the operator presses OK
    (xdotool) and the client must get 'Ok'; False: the client resets and the
    dialog must close within 2 s."""
    before = watch.count()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(5)
    s.bind((PROBE_SRC, 0))
    t0 = time.monotonic_ns()
    try:
        s.connect(("127.0.0.1", d.port))
    except OSError as e:
        s.close()
        return None, None, False, f"probe {k}: connect failed: {e}"
    local = s.getsockname()
    s.sendall(b"torture probe %d\n" % k)
    m = watch.wait_for(before, 5.0)
    if m is None:
        reset(s)
        return None, local, False, f"probe {k}: no dialog within 5 s"
    t_map, wid, title = m
    dialog_ms = ms(t_map - t0)
    if PROBE_SRC not in title:
        note = f"probe {k}: dialog mapped is not the probe's: {title!r}"
        s.close()
        return dialog_ms, local, False, note
    if answer:
        reply = b""
        for attempt in range(3):
            # No window manager under Xvfb: a click gives the dialog the keyboard, Return is OK, once
            # the dialog takes keys (it ignores them for 0.7 s after it appears or takes the focus).
            x11.answer_ok(ctx.env, wid)
            s.settimeout(3)
            try:
                reply = s.recv(64)
                break
            except socket.timeout:
                continue
        s.close()
        ok = reply == b"Ok\n"
        return dialog_ms, local, ok, f"probe {k}: answered OK, client got {reply!r}"
    reset(s)
    t_reset = time.monotonic()
    while time.monotonic() - t_reset < 2.0:
        if not x11.viewable(ctx.env, wid):
            return dialog_ms, local, True, f"probe {k}: withdrawn, dialog gone after {1000 * (time.monotonic() - t_reset):.0f} ms"
        time.sleep(0.05)
    return dialog_ms, local, False, f"probe {k}: withdrawn, dialog still up after 2 s"


def send_line(src, port, line, half_close=False):
    """A connection from src to the daemon on 127.0.0.1 that has sent line (and, with
    half_close, shut down its sending side)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(5)
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    s.sendall(line)
    if half_close:
        s.shutdown(socket.SHUT_WR)
    return s


def reset(s):
    """Closes s with a reset (SO_LINGER 0), as a client that gives up at once."""
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
    s.close()


def dialog_process(d, seconds=30):
    """Pid of the daemon's dialog process (the java below it running PromptHostMain), or None."""
    return procfs.find_descendant(d.pid, "PromptHostMain", seconds)


def await_stdout(d, pattern, seconds, count=1):
    """Waits until pattern (bytes regex) matches count times in the daemon's stdout; the matches, or None."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = list(pattern.finditer(d.stdout_bytes()))
        if len(found) >= count:
            return found
        time.sleep(0.02)
    return None
