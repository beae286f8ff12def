"""What every section of the benchmark gets, and how it records its figures."""

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness import HarnessError, procfs, stats
from harness.daemon import Daemon
from harness.layout import Checkout
from harness.procs import Processes

HERE = Checkout(Path(__file__).resolve().parents[3])  # this checkout: the harness and mediachange-bench


class BenchError(HarnessError):
    """A benchmark step failed; the message says which."""


def now_ns():
    # time.monotonic_ns() is CLOCK_MONOTONIC on Linux, the clock xmapwatch stamps with.
    return time.monotonic_ns()


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


@dataclass
class Run:
    """One run: its options, the checkout measured (--root), its processes, its temporary
    directory, the environment without the daemon's and client's tuning variables, the
    map watcher executable, and the rows and notes of the table."""

    opt: object
    measured: Checkout
    procs: Processes
    tmp: Path
    env: dict
    xmapwatch: Path = None
    launcher: Path = None  # the mediachanged launcher measured: the checkout's, or an installed layout's
    cache: Path = None  # $XDG_CACHE_HOME of every daemon started (the dialog process's class archive)
    rows: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    daemons: int = 0

    def row(self, section, name, unit, summary, note=""):
        """A row of the table: section number, figure, unit, a stats.Summary, goal or note."""
        self.rows.append((section, name, unit, summary, note))

    def daemon(self, env, name, extra_args=(), java_opts=None):
        """The measured launcher (the checkout's scripts/mediachanged, or the tarball's bin/mediachanged
        with its shipped etc/mediachanged.properties) on 127.0.0.1, allowing loopback, no bell; with
        java_opts, the same JVM options for the daemon and its dialog process (where Swing runs)."""
        self.daemons += 1
        env = dict(env)
        if java_opts is not None:
            env["MEDIACHANGE_JAVA_OPTS"] = java_opts
            env["MEDIACHANGE_GUI_JAVA_OPTS"] = java_opts
        return Daemon(self.procs, self.launcher or self.measured.script("mediachanged"), self.tmp,
                      f"{self.daemons}-{name}",
                      ["--allow", "127.0.0.0/8", "--bell-interval", "0", *extra_args], env)


JVM_OPTS = re.compile(r'^jvm_opts="([^"]*)"', re.M)


def launcher_jvm_opts(launcher):
    """The JVM options the launcher gives the daemon: its line jvm_opts="...", split."""
    m = JVM_OPTS.search(Path(launcher).read_text(encoding="utf-8"))
    if m is None:
        raise BenchError(f'no line jvm_opts="..." in {launcher}')
    return m.group(1).split()


def audit_count(d):
    """Audit lines the daemon has written so far."""
    return d.stdout_bytes().count(b" outcome=")


def wait_audit(d, n, timeout):
    end = time.monotonic() + timeout
    while audit_count(d) < n:
        if time.monotonic() > end:
            raise BenchError(f"fewer than {n} audit lines within {timeout} s")
        time.sleep(0.2)


def memory(d):
    """KiB of the daemon JVM and of every other process it started (e.g. the dialog JVM)."""
    pids = procfs.tree(d.pid)
    main = next((p for p in pids if "mediachange-daemon" in procfs.cmdline(p) and "java" in procfs.cmdline(p)),
                pids[0])
    own = procfs.smaps(main)
    rest = {"Pss": 0, "Pss_Anon": 0, "Pss_File": 0, "Rss": 0}
    for p in pids:
        if p != main:
            for k, v in procfs.smaps(p).items():
                rest[k] += v
    return {"daemon": own, "children": rest, "nchildren": len(pids) - 1,
            "total_pss": own["Pss"] + rest["Pss"], "anon": own["Pss_Anon"] + rest["Pss_Anon"],
            "file": own["Pss_File"] + rest["Pss_File"]}


def mem_note(m, main="JVM"):
    s = "%s %.1f" % (main, m["daemon"]["Pss"] / 1024)
    if m["nchildren"]:
        s += " + %d other %.1f" % (m["nchildren"], m["children"]["Pss"] / 1024)
    # File-backed pages (libjvm.so, the JDK's CDS archive) are shared with every other JVM on the
    # machine, so that part of PSS shrinks as more JVMs run; the anonymous part is the daemon's own.
    s += "; anon %.1f + file %.1f" % (m["anon"] / 1024, m["file"] / 1024)
    return s


def cpu_note(cpu):
    return "CPU %.0f ms" % stats.median(cpu) if cpu else ""
