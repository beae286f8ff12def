"""Section 8 of the benchmark: the original Perl/Tk daemon (perltk_daemon.pl, after the book's
design: a forked child and its own X connection per request) beside ours, on one Xvfb, in the
same run: idle memory, one dialog, and bursts of 100 taken in turn, so that load changes hit both
alike. Skipped, with a note, when perl or Perl/Tk is missing."""

import shutil
import subprocess
import time
from pathlib import Path

from harness import procfs, x11
from harness.daemon import Daemon
from harness.stats import median, single, summarize

from .dialogs import BURST, connect_burst, dialog_once, send_burst, send_with_nc
from .run import BenchError, audit_count, mem_note, memory, now_ns, wait_audit

SCRIPT = Path(__file__).resolve().parent / "perltk_daemon.pl"


def perl_tk_missing():
    """Why the original cannot run here, or None."""
    if shutil.which("perl") is None:
        return "no perl"
    r = subprocess.run(["perl", "-MTk", "-MTk::Dialog", "-e", "1"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return None if r.returncode == 0 else "no Perl/Tk (apt-get install perl-tk)"


def original(run, env, name):
    run.daemons += 1
    return Daemon(run.procs, SCRIPT, run.tmp, f"{run.daemons}-{name}", [], env)


def answer_original(env, wid):
    """A click on the Tk dialog's Ok button: the middle of the left half of its bottom row."""
    geo = x11.xdotool(env, "getwindowgeometry", "--shell", wid).stdout.decode()
    size = dict(line.split("=", 1) for line in geo.split() if "=" in line)
    x11.xdotool(env, "mousemove", "--window", wid, str(int(size["WIDTH"]) // 4), str(int(size["HEIGHT"]) - 20),
                "click", "1")


def original_dialog_once(procs, d, watcher, env, text):
    """ms from starting nc to the original's dialog mapped; then Ok is clicked and nc must print Ok."""
    since = watcher.count()
    t0 = now_ns()
    nc = send_with_nc(procs, d.port, text)
    (t, wid, _), = watcher.wait_new(since, 1, 30)
    out = None
    try:
        # A click just after the map can come before Tk has bound the button: click until answered.
        for _ in range(10):
            time.sleep(0.2)
            answer_original(env, wid)
            try:
                out, _ = nc.communicate(timeout=1)
                break
            except subprocess.TimeoutExpired:
                continue
    finally:
        procs.stop(nc)
    if out != b"Ok\n":
        raise BenchError("nc got %r from the original instead of Ok" % out)
    return (t - t0) / 1e6


def section_original(run, env, xvfb_pid):
    missing = perl_tk_missing()
    if missing:
        run.notes.append("section 8 skipped: " + missing)
        return
    procs, opt = run.procs, run.opt
    watcher = x11.MapWatcher(procs, run.xmapwatch, env)
    ours = None
    try:
        # One dialog at a time, and the original's idle memory, on one original daemon.
        d = original(run, env, "original")
        try:
            procfs.wait_idle(d.pid)
            orig_idle = memory(d)
            orig_one = [original_dialog_once(procs, d, watcher, env, f"Please mount volume {i} of /dev/nst0")
                        for i in range(opt.warmup_dialogs + opt.dialogs // 2)][opt.warmup_dialogs:]
        finally:
            d.stop()
        ours = run.daemon(env, "beside-original", extra_args=("--max-pending", "128", "--max-per-source", "128"))
        procfs.wait_idle(ours.pid)
        ours_idle = memory(ours)
        ours_cold = dialog_once(procs, ours, watcher, env, "the first dialog of this daemon")
        # Bursts in turn: the original's on a fresh daemon each (its dialogs outlive their clients),
        # ours on the one daemon (its dialogs go with their clients).
        b_orig, b_ours, orig_up, ours_up = [], [], [], []
        for r in range(opt.bursts):
            d = original(run, env, f"original-burst-{r}")
            try:
                procfs.wait_idle(d.pid)
                ncs = connect_burst(procs, d.port)
                try:
                    b_orig.append(send_burst(ncs, watcher, f"original burst {r}")[1])
                    procfs.wait_idle(d.pid, timeout=10)
                    orig_up.append(memory(d))
                finally:
                    for p in ncs:
                        procs.stop(p, grace=1.0)
            finally:
                d.stop()
            procfs.wait_idle(ours.pid)
            audits = audit_count(ours)
            ncs = connect_burst(procs, ours.port)
            t0 = now_ns()
            try:
                b_ours.append(send_burst(ncs, watcher, f"burst {r}")[1])
                procfs.wait_idle(ours.pid, timeout=10)
                ours_up.append(memory(ours))
                time.sleep(max(0.0, 1.2 - (now_ns() - t0) / 1e9))
            finally:
                for p in ncs:
                    procs.stop(p, grace=2.0)
            wait_audit(ours, audits + BURST, 60)
    finally:
        if ours is not None:
            ours.stop()
        watcher.close()
    run.row("8", "original Perl/Tk: PSS idle after start (all processes)", "MiB",
            single(orig_idle["total_pss"] / 1024), mem_note(orig_idle, "perl"))
    run.row("8", "ours, same run: PSS idle after start (all processes)", "MiB",
            single(ours_idle["total_pss"] / 1024), mem_note(ours_idle))
    run.row("8", "original Perl/Tk: dialog latency, nc start -> dialog mapped", "ms", summarize(orig_one))
    run.row("8", "ours, same run: first dialog from idle", "ms", single(ours_cold))
    run.row("8", f"original Perl/Tk: burst of {BURST} -> last dialog mapped", "ms", summarize(b_orig))
    run.row("8", f"ours, same run, in turn: burst of {BURST} -> last dialog mapped", "ms", summarize(b_ours))
    run.row("8", "  ours / original (medians)", "x", single(median(b_ours) / median(b_orig)), "<= 0.25")
    run.row("8", f"original Perl/Tk: PSS with {BURST} dialogs up", "MiB",
            summarize([m["total_pss"] / 1024 for m in orig_up]), mem_note(orig_up[-1], "perl"))
    run.row("8", f"ours, same run: PSS with {BURST} dialogs up", "MiB",
            summarize([m["total_pss"] / 1024 for m in ours_up]), mem_note(ours_up[-1]))
