"""Case 8, bidi text (issue 8): 64 pending requests of 64 KiB mixed
right-to-left and left-to-right text from 8 addresses, then a normal one: its
dialog within 1 s; every request gets a dialog or an answer; the dialog
process's RSS and heap at -Xmx64m, no OutOfMemoryError."""

import collections
import re
import socket
import subprocess
import time

from harness import x11
from harness.daemon import jcmd

from .. import hostile
from ..netload import LINGER_RESET
from ..sampler import Sampler, listen_drops
from .clients import PROBE_SRC, dialog_process, probe
from .common import check_daemon, ms, save_samples, settle, stop_daemon

TITLE = "bidi text"

BIDI_SOURCES = [f"127.0.5.{i}" for i in range(1, 9)]  # 8 addresses x the default --max-per-source 8
BIDI_MAX_LINE = 65536
# What a normal request's dialog may take with the 64 hostile ones pending (issue 8).
BIDI_LIMIT_MS = 1000
# Bounds of the case: how long to wait for the normal dialog and for all the hostile ones.
BIDI_WAIT_NORMAL = 60.0
BIDI_WAIT_ALL = 60.0


def _jcmd_pid(pid, *command):
    """jcmd against any JVM of ours ('' if jcmd is missing or fails)."""
    try:
        return jcmd(pid, *command)
    except subprocess.TimeoutExpired:
        return ""


GENERATION_USED = re.compile(r"(?:def new generation|tenured generation|garbage-first heap)\s+total \d+K, used (\d+)K")


def _heap_used_mib(pid):
    """Heap in use now, all generations (jcmd GC.heap_info, no collection forced), or None."""
    used = [int(x) for x in GENERATION_USED.findall(_jcmd_pid(pid, "GC.heap_info"))]
    return sum(used) / 1024 if used else None


def _map_for(watch, start, needle, timeout):
    """The first window mapped at or after index start whose title contains needle: (index, map), or None."""
    end = time.monotonic() + timeout
    i = start
    while True:
        m = watch.wait_for(i, max(0.0, end - time.monotonic()))
        if m is None:
            return None
        if needle in m[2]:
            return i, m
        i += 1


def run(ctx, res):
    n_hostile = len(BIDI_SOURCES) * 8
    d = ctx.daemon(f"{res.number}-bidi", ["--max-pending", str(n_hostile + 8), "--max-line", str(BIDI_MAX_LINE),
                              "--bell-interval", "0"])
    watch = ctx.mapwatch()
    paintwait = ctx.helper("xpaintwait")
    drops0 = listen_drops()
    expected = collections.Counter()
    socks = []
    answers = {}
    try:
        # Reference: a normal request on the idle daemon (also warms the dialog process up); withdrawn.
        idle_ms, local, ok, note = probe(ctx, d, watch, 0, answer=False)
        res.details.append("idle " + note + (f", dialog {idle_ms:.0f} ms" if idle_ms else ""))
        if local:
            expected[local] += 1
        if not ok:
            res.failures.append("idle " + note)
        time.sleep(2)
        lines = hostile.bidi_lines(n_hostile, BIDI_MAX_LINE - 1)
        before = watch.count()
        with Sampler(d.pid, 0.1) as sampler:
            # Each hostile line without its end first, then all the ends at once: the 64 requests
            # reach the dialog process together, and the normal one sent next queues behind them.
            for i, line in enumerate(lines):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.settimeout(10)
                s.bind((BIDI_SOURCES[i % len(BIDI_SOURCES)], 0))
                s.connect(("127.0.0.1", d.port))
                s.sendall(line)
                socks.append(s)
                expected[s.getsockname()] += 1
            time.sleep(0.5)  # the daemon has read them (1.5 MiB a second would do)
            t_hostile = time.monotonic_ns()
            for s in socks:
                s.sendall(b"\n")
            sent_ms = ms(time.monotonic_ns() - t_hostile)
            # The normal request once the dialog process is at work on them (the first hostile dialog is
            # up), so that it queues behind the others rather than overtaking them on the way there.
            first = watch.wait_for(before, BIDI_WAIT_NORMAL)
            first_ms = ms(first[0] - t_hostile) if first else None
            n = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            n.settimeout(10)
            n.bind((PROBE_SRC, 0))
            t0 = time.monotonic_ns()
            n.connect(("127.0.0.1", d.port))
            n.sendall(b"Please mount volume 5 (normal request behind 64 hostile ones)\n")
            socks.append(n)
            expected[n.getsockname()] += 1
            found = _map_for(watch, before, PROBE_SRC, BIDI_WAIT_NORMAL)
            normal_ms = ms(found[1][0] - t0) if found else None
            painted_ms = None
            if found:
                # Mapped is not yet readable: when was it first painted (something drawn in it)?
                pw = subprocess.run([paintwait, found[1][1], str(int(BIDI_WAIT_NORMAL * 1000))], env=ctx.env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=BIDI_WAIT_NORMAL + 30)
                if pw.returncode == 0:
                    painted_ms = ms(int(pw.stdout.split()[0]) - t0)
                else:
                    res.details.append(f"xpaintwait: {pw.stderr.decode(errors='replace').strip()}")
            # Then every hostile request must get its dialog (or an answer).
            end = time.monotonic() + BIDI_WAIT_ALL
            while watch.count() - before < n_hostile + 1 and time.monotonic() < end:
                time.sleep(0.1)
            maps = watch.maps[before:]
            all_ms = ms(maps[-1][0] - t_hostile) if len(maps) >= n_hostile + 1 else None
            gui = dialog_process(d, 1)
            heap = _heap_used_mib(gui) if gui else None
            time.sleep(0.5)
        save_samples(ctx, f"{res.number}-bidi", sampler.samples)
        kid_rss = max((s.kid_rss for s in sampler.samples), default=0) / 1024
        # Which requests were answered meanwhile (e.g. 'Error dialog failed'), without waiting.
        for s in socks:
            s.setblocking(False)
            try:
                data = s.recv(1024)
                answers[s.getsockname()] = data.decode("utf-8", "replace").strip() or "EOF"
            except (BlockingIOError, OSError):
                pass
        shown = collections.Counter()
        for _, _, title in maps:
            for src in BIDI_SOURCES:
                if title.endswith(src) or f" {src}" in title:
                    shown[src] += 1
        answered = collections.Counter(k[0] for k in answers if k[0] in BIDI_SOURCES)
        orphans = {src: 8 - shown[src] - answered[src] for src in BIDI_SOURCES if shown[src] + answered[src] < 8}

        kib = round(len(lines[0]) / 1024)
        res.figures.append(f"normal dialog mapped {normal_ms:.0f} ms, painted "
                           + (f"{painted_ms:.0f} ms" if painted_ms is not None else "(not measured)")
                           + f" behind {n_hostile} pending requests of {kib} KiB mixed-direction text"
                           f" (limit {BIDI_LIMIT_MS} ms; idle: mapped {idle_ms:.0f} ms)" if normal_ms is not None else
                           f"normal dialog: none within {BIDI_WAIT_NORMAL:.0f} s behind {n_hostile} pending requests"
                           f" of {kib} KiB mixed-direction text (limit {BIDI_LIMIT_MS} ms)")
        res.figures.append(f"{sum(shown.values())}/{n_hostile} hostile dialogs shown"
                           + (f" in {all_ms / 1000:.1f} s" if all_ms is not None else f" within {BIDI_WAIT_ALL:.0f} s")
                           + (f", {sum(answered.values())} answered" if answered else ""))
        res.figures.append(f"dialog process RSS max {kid_rss:.0f} MiB, heap in use "
                           + (f"{heap:.0f} MiB" if heap is not None else "unknown") + " (-Xmx64m)")
        res.details.append("first hostile dialog mapped " + (f"{first_ms:.0f} ms" if first_ms is not None else
                                                              "never") + " after the lines ended; the normal request"
                           " was sent then")
        if found:
            res.details.append(f"{found[0] - before} hostile dialogs mapped before the normal one; hostile dialogs"
                               f" mapped at (ms after the lines ended): "
                               + " ".join(f"{ms(m[0] - t_hostile):.0f}" for m in maps if PROBE_SRC not in m[2]))
        res.details.append(f"the ends of the 64 lines sent in {sent_ms:.0f} ms; answers meanwhile:"
                           f" {dict(collections.Counter(answers.values()))}")
        if normal_ms is None or normal_ms > BIDI_LIMIT_MS:
            res.failures.append("normal dialog " + ("never shown" if normal_ms is None else f"after {normal_ms:.0f} ms"))
        elif painted_ms is not None and painted_ms > BIDI_LIMIT_MS:
            res.failures.append(f"normal dialog painted after {painted_ms:.0f} ms")
        if orphans:
            res.failures.append(f"{sum(orphans.values())} request(s) pending with neither a dialog nor an answer:"
                                f" {orphans}")

        # Everyone gives up (reset): every dialog must close, every request end in one audit line.
        for s in socks:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
            s.close()
        socks.clear()
        t_gone = time.monotonic()
        left = None
        while time.monotonic() - t_gone < 20:
            r = x11.xdotool(ctx.env, "search", "--onlyvisible", "--name", "^mediachanged")
            left = len(r.stdout.split()) if r.returncode == 0 else 0
            if left == 0:
                break
            time.sleep(0.2)
        if left:
            res.failures.append(f"{left} dialog(s) still open 20 s after every client went away")
        else:
            res.details.append(f"all dialogs closed {time.monotonic() - t_gone:.1f} s after the clients went away")
        log = settle(d, sum(expected.values()), 30)
        oom = [l for l in log.lines if "OutOfMemoryError" in l] + \
              [l for l in log.stderr.split("\n") if "OutOfMemoryError" in l]
        if oom:
            res.failures.append(f"OutOfMemoryError in the logs: {oom[0][:200]}")
        check_daemon(res, d, log, expected, None, listen_drops() - drops0)
    finally:
        for s in socks:
            s.close()
        watch.close()
        stop_daemon(res, d)
