"""Case 7, stopped GUI (issue 8): the dialog process stopped (SIGSTOP) with 64
requests of 4,000 bytes pending: Timeout (--answer-timeout 2s) and
withdrawals still work, SIGTERM ends the daemon and the dialog process within
5 s; then stopped for 3 s and continued (SIGCONT): the same process carries
on; stopped for good: killed, and a new one shows all 64 dialogs again."""

import collections
import os
import re
import selectors
import signal
import subprocess
import time

from harness import procfs

from .. import auditlog
from .clients import SHOWING, await_stdout, dialog_process, reset, send_line
from .common import check_daemon, ms, settle

TITLE = "stopped GUI"

STOP_SOURCES = [f"127.0.5.{i}" for i in range(1, 9)]  # 8 per source: --max-per-source stays default
KILLED = re.compile(rb"dialog process (\d+) (did not answer a liveness check|stopped reading its input)")


def _sigterm(res, d, child, what):
    """SIGTERM to the daemon alone (not its process group); seconds until it and its dialog process ended."""
    t0 = time.monotonic()
    os.kill(d.pid, signal.SIGTERM)
    try:
        code = d.proc.wait(10)
    except subprocess.TimeoutExpired:
        code = None
    t_daemon = time.monotonic() - t0
    while procfs.state(child) not in (None, "Z") and time.monotonic() - t0 < 10:
        time.sleep(0.01)
    t_child = time.monotonic() - t0
    d.stop()  # the process group, in case anything is left
    res.details.append(f"{what}: SIGTERM to exit {t_daemon:.2f} s (exit {code}), dialog process gone"
                       f" {t_child:.2f} s after SIGTERM")
    if code is None or t_daemon > 5:
        res.failures.append(f"{what}: daemon not ended within 5 s of SIGTERM ({t_daemon:.1f} s)")
    if t_child > 5:
        res.failures.append(f"{what}: dialog process not ended within 5 s of SIGTERM ({t_child:.1f} s)")
    return t_daemon, t_child


def run(ctx, res):
    number = res.number
    # (a) Dialog process stopped (SIGSTOP), then 64 requests of 4,000 bytes, far more than the 64 KiB
    # pipe to it holds: half are reset by their clients after 0.5 s, half must get Timeout at 2 s.
    # The dialog process starts with the first request (--dialog-keep-warm): that one starts it,
    # the other 63 come once it is stopped.
    d = ctx.daemon(f"{number}-stopped-gui-a", ["--answer-timeout", "2s"])
    sockets = []
    try:
        expected = collections.Counter()
        filler = b"x" * 3970
        sent = {}
        for k in range(64):
            s = send_line(STOP_SOURCES[k % 8], d.port, b"torture stopped %d " % k + filler + b"\n")
            sent[s] = time.monotonic()
            expected[s.getsockname()] += 1
            sockets.append(s)
            if k == 0:
                if not await_stdout(d, SHOWING, 30):
                    raise RuntimeError("the dialog process did not become ready within 30 s of the first request")
                child = dialog_process(d)
                os.kill(child, signal.SIGSTOP)
        time.sleep(0.5)
        # The first request (which started the process) waits: its 2 s may have run out already.
        leaving, waiting = sockets[32:], sockets[:32]
        wall_reset = time.time()
        gone = collections.Counter()
        for s in leaving:
            gone[s.getsockname()] += 1
            reset(s)
        sel = selectors.DefaultSelector()
        for s in waiting:
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ, bytearray())
        replies, latency = collections.Counter(), []
        end = time.monotonic() + 30
        while sel.get_map() and time.monotonic() < end:
            for key, _ in sel.select(0.5):
                try:
                    data = key.fileobj.recv(64)
                except OSError:
                    data = b""
                if data:
                    key.data.extend(data)
                    continue
                replies[bytes(key.data)] += 1
                latency.append(time.monotonic() - sent[key.fileobj])
                sel.unregister(key.fileobj)
        replies["no answer within 30 s"] += len(sel.get_map())
        log = settle(d, 64, 20)
        stopped = procfs.state(child) == "T"
        by = log.outcomes()
        withdrawn_after = [auditlog.timestamp(line) - wall_reset for o, _, _, line in log.audit if o == "withdrawn"]
        if replies.get(b"Timeout\n", 0) == 32 and latency:
            res.figures.append(f"stopped: 32/32 Timeout after {min(latency):.2f}-{max(latency):.2f} s"
                               f" (--answer-timeout 2s)")
        else:
            res.failures.append(f"stopped: replies {dict(replies)}, expected 32 Timeout")
        if by.get("withdrawn", 0) == 32 and withdrawn_after:
            res.figures.append(f"32/32 withdrawn audited {1000 * max(withdrawn_after):.0f} ms after the resets at most")
        else:
            res.failures.append(f"stopped: audit outcomes {dict(by)}, expected 32 withdrawn and 32 timeout")
        if not stopped:
            res.failures.append(f"the dialog process was no longer stopped when the checks ended"
                                f" (state {procfs.state(child)}): they did not test a stopped process")
        check_daemon(res, d, log, expected, gone)
        t_daemon, t_child = _sigterm(res, d, child, "stopped")
        res.figures.append(f"SIGTERM to exit {t_daemon:.2f} s, dialog process gone {t_child:.2f} s (limit 5 s)")
    finally:
        for s in sockets:
            s.close()
        if d.alive():
            d.stop()
    # (b) Recovery: 63 dialogs up; stopped for 3 s (less than the deadlines) while one more request
    # comes, then SIGCONT: the same process carries on. Stopped again for good: the daemon kills it
    # and a new one shows all 64 again.
    d = ctx.daemon(f"{number}-stopped-gui-b", [])
    watch = ctx.mapwatch()
    sockets = []
    try:
        expected = collections.Counter()
        t0 = time.monotonic()
        first = None
        for k in range(63):
            s = send_line(STOP_SOURCES[k % 8], d.port, b"torture recover %d\n" % k)
            expected[s.getsockname()] += 1
            sockets.append(s)
            if k == 0:  # the first request starts the dialog process
                if not await_stdout(d, SHOWING, 30):
                    raise RuntimeError("the dialog process did not become ready within 30 s of the first request")
                first = dialog_process(d)
        if watch.wait_for(62, 60) is None:
            raise RuntimeError(f"only {watch.count()} of 63 dialogs shown within 60 s")
        res.details.append(f"63 dialogs on screen {time.monotonic() - t0:.1f} s after the first request")
        os.kill(first, signal.SIGSTOP)
        s = send_line(STOP_SOURCES[7], d.port, b"torture recover while stopped\n")
        expected[s.getsockname()] += 1
        sockets.append(s)
        time.sleep(3)
        os.kill(first, signal.SIGCONT)
        t_cont = time.monotonic_ns()
        m = watch.wait_for(63, 20)
        if m is None:
            res.failures.append("the request made while the dialog process was stopped for 3 s did not appear"
                                " within 20 s of SIGCONT")
        else:
            res.figures.append(f"stopped 3 s then SIGCONT: same process, the request made meanwhile on screen"
                               f" {ms(m[0] - t_cont):.0f} ms after SIGCONT")
        if KILLED.search(d.stdout_bytes()) or dialog_process(d, 1) != first:
            res.failures.append("a dialog process stopped for only 3 s was replaced")
        shown_before = watch.count()
        t_stop = time.monotonic()
        os.kill(first, signal.SIGSTOP)
        killed = await_stdout(d, KILLED, 40)
        t_killed = time.monotonic() - t_stop
        ready = await_stdout(d, SHOWING, 40, count=2)
        t_ready = time.monotonic() - t_stop
        back = watch.wait_for(shown_before + 63, 60)
        t_back = time.monotonic() - t_stop
        if not killed or not ready or back is None:
            res.failures.append(f"after a lasting SIGSTOP: killed {bool(killed)}, new process ready {bool(ready)},"
                                f" dialogs back {watch.count() - shown_before}/64 within 60 s")
        else:
            res.figures.append(f"stopped for good: killed after {t_killed:.1f} s ({killed[0].group(2).decode()}),"
                               f" new process ready after {t_ready:.1f} s, all 64 dialogs back after"
                               f" {t_back:.1f} s")
            if ready[1].group(1) and int(ready[1].group(1)) != 64:
                res.failures.append(f"the new dialog process was given {ready[1].group(1)} pending requests, not 64")
        if procfs.state(first) not in (None, "Z"):
            res.failures.append(f"the stopped dialog process {first} is still there (state {procfs.state(first)})")
        gone = collections.Counter()
        for s in sockets:
            gone[s.getsockname()] += 1
            reset(s)
        log = settle(d, 64, 20)
        if log.outcomes().get("withdrawn", 0) != 64:
            res.failures.append(f"recovery: audit outcomes {dict(log.outcomes())}, expected 64 withdrawn")
        check_daemon(res, d, log, expected, gone)
        _sigterm(res, d, dialog_process(d, 1) or first, "after recovery")
    finally:
        watch.close()
        for s in sockets:
            s.close()
        if d.alive():
            d.stop()
