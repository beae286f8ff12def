#!/usr/bin/env python3
"""The benchmark behind scripts/bench; see docs/PERFORMANCE.md.

Starts a private Xvfb (-displayfd), runs the daemon through scripts/mediachanged
on it, drives it with nc clients on 127.0.0.1, times dialogs appearing with
scripts/lib/xmapwatch.c (CLOCK_MONOTONIC on both sides), reads memory from
/proc/PID/smaps_rollup, times the client launcher against an instant responder,
and runs the server core benchmark (mediachange-bench). Prints one table.
Everything it starts runs in its own process group and is stopped at the end,
also on Ctrl-C or SIGTERM. Every wait is bounded.
"""

import argparse
import os
import resource
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]
ROOT = HERE  # the checkout measured; --root changes it (e.g. an older commit, for before/after figures)
BENCH_JAR = HERE / "mediachange-bench/target/mediachange-bench.jar"


def client_jar():
    return ROOT / "mediachange-client/target/mediachange-client.jar"


def daemon_jar():
    return ROOT / "mediachange-daemon/target/mediachange-daemon.jar"
TITLE = "mediachanged"  # dialog titles start with this (MessageDialog.TITLE_PREFIX)
BURST = 100
# The original client from "Mastering Perl/Tk", chapter 19, reduced to its exchange
# (as in LaunchersIT).
PERL_CLIENT = r'''
use IO::Socket;
my ($host, $port, $msg) = @ARGV;
my $sock = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port, Proto => 'tcp')
    or die "mediachangec: cannot connect: $!\n";
print $sock "$msg\n";
print STDOUT <$sock>;
'''


class BenchError(Exception):
    """A benchmark step failed; the message says which."""


def now_ns():
    # time.monotonic_ns() is CLOCK_MONOTONIC on Linux, the clock xmapwatch stamps with.
    return time.monotonic_ns()


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- processes

class Processes:
    """Everything this run starts: each in its own session, stopped at the end by pid."""

    def __init__(self):
        self.procs = []

    def spawn(self, cmd, **kw):
        kw.setdefault("stdin", subprocess.DEVNULL)
        p = subprocess.Popen(cmd, start_new_session=True, **kw)
        self.procs.append(p)
        return p

    def stop(self, p, sig=signal.SIGTERM, wait=5.0):
        """Signals p (its process group, which holds any children it started) and reaps it."""
        if p.poll() is None:
            try:
                os.killpg(p.pid, sig)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
        # Whatever is left in its group (e.g. a dialog child JVM) goes too.
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if p.poll() is None:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        for f in (p.stdin, p.stdout, p.stderr):
            if f is not None:
                try:
                    f.close()
                except OSError:
                    pass
        if p in self.procs:
            self.procs.remove(p)

    def stop_all(self):
        for p in reversed(list(self.procs)):
            self.stop(p, wait=3.0)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- statistics

def pct(values, p):
    """Nearest-rank percentile."""
    v = sorted(values)
    if not v:
        return float("nan")
    k = max(1, -(-len(v) * p // 100))
    return v[int(k) - 1]


def summary(values):
    return {"n": len(values), "median": statistics.median(values), "p95": pct(values, 95),
            "min": min(values), "max": max(values)}


# ---------------------------------------------------------------- /proc

def proc_children():
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    return kids


def tree(pid):
    """pid and all its descendants."""
    kids = proc_children()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def smaps(pid):
    """KiB figures from smaps_rollup: Pss, its anonymous and file-backed parts, and Rss."""
    out = {"Pss": 0, "Pss_Anon": 0, "Pss_File": 0, "Rss": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                k, _, rest = line.partition(":")
                if k in out:
                    out[k] = int(rest.split()[0])
    except OSError:
        pass
    return out


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total


THREAD_GROUPS = (("event dispatch thread", "AWT-EventQueue"), ("X event thread", "AWT-XAWT"),
                 ("JIT", "CompilerThre"), ("GC", "GC Thread"), ("GC", "VM Thread"))


def thread_ticks(pids):
    """{(pid, tid): (thread name, clock ticks)} for every thread of the processes."""
    out = {}
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    stat = f.read()
                name = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat.rsplit(")", 1)[1].split()
                out[(pid, tid)] = (name, int(fields[11]) + int(fields[12]))
            except (OSError, ValueError, IndexError):
                pass
    return out


def cpu_by_group(before, after):
    """CPU ms per kind of thread between two thread_ticks snapshots."""
    groups = {}
    for key, (name, ticks) in after.items():
        used = ticks - before.get(key, (name, 0))[1]
        group = next((g for g, prefix in THREAD_GROUPS if prefix in name), "others")
        groups[group] = groups.get(group, 0) + used * 1000 / os.sysconf("SC_CLK_TCK")
    return groups


def wait_idle(pid, quiet=0.4, timeout=15.0):
    """Waits until the process tree used no CPU for `quiet` seconds (at most `timeout`)."""
    end = time.monotonic() + timeout
    last = cpu_ticks(tree(pid))
    since = time.monotonic()
    while time.monotonic() < end:
        time.sleep(0.05)
        cur = cpu_ticks(tree(pid))
        if cur - last > 1:  # more than one clock tick: still busy
            last, since = cur, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return True
    return False


# ---------------------------------------------------------------- X

class Xvfb:
    """A private Xvfb on a display it picks itself (-displayfd). Other Xvfb servers may be
    starting at the same moment, so a server that dies or does not answer is started again."""

    def __init__(self, procs, xmapwatch, env, log_path):
        self.log_path = log_path
        for attempt in range(8):
            r, w = os.pipe()
            with open(log_path, "ab") as err:
                proc = procs.spawn(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x1024x24", "-nolisten",
                                    "tcp"], pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=err)
            os.close(w)
            ready, _, _ = select.select([r], [], [], 20)
            data = os.read(r, 64) if ready else b""
            os.close(r)
            if data.strip().isdigit():
                self.proc, self.display = proc, ":" + data.decode().strip()
                if self._answers(procs, xmapwatch, env):
                    return
            procs.stop(proc)
            time.sleep(0.5 * (attempt + 1))  # other sessions' servers come and go: back off
        raise BenchError("could not start Xvfb (8 attempts; its messages are in the log below)")

    def _answers(self, procs, xmapwatch, env):
        probe = procs.spawn([str(xmapwatch), "xvfb-probe"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=dict(env, DISPLAY=self.display))
        ready, _, _ = select.select([probe.stdout], [], [], 10)
        ok = bool(ready) and probe.stdout.readline().startswith(b"ready") and self.proc.poll() is None
        procs.stop(probe)
        return ok


class MapWatcher:
    """Runs xmapwatch and records (monotonic ns, window id) for every dialog mapped."""

    def __init__(self, procs, exe, env):
        self.events = []
        self.cond = threading.Condition()
        self.proc = procs.spawn([str(exe), TITLE], stdout=subprocess.PIPE, env=env)
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(10):
            raise BenchError("xmapwatch did not start (display %s)" % env.get("DISPLAY"))

    def _read(self):
        for raw in self.proc.stdout:
            parts = raw.decode(errors="replace").split(None, 2)
            if parts and parts[0] == "ready":
                self.ready.set()
            elif len(parts) >= 2 and parts[0].isdigit():
                with self.cond:
                    self.events.append((int(parts[0]), parts[1]))
                    self.cond.notify_all()

    def count(self):
        with self.cond:
            return len(self.events)

    def wait_new(self, since, k, timeout):
        """The k events after index `since`, waiting at most `timeout` seconds."""
        end = time.monotonic() + timeout
        with self.cond:
            while len(self.events) < since + k:
                left = end - time.monotonic()
                if left <= 0:
                    raise BenchError(f"only {len(self.events) - since} of {k} dialogs appeared within {timeout} s")
                self.cond.wait(left)
            return self.events[since:since + k]


def answer_dialog(wid, env):
    """Clicks into the dialog and presses Return (OK), as the end-to-end tests do: after the 0.7 s in
    which a dialog that has just appeared or taken the focus ignores keys."""
    subprocess.run(["timeout", "20", "xdotool", "mousemove", "--window", wid, "120", "24", "click", "1",
                    "sleep", "1", "key", "Return"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)


# ---------------------------------------------------------------- daemon

class Daemon:
    """scripts/mediachanged on 127.0.0.1, whatever it starts (the JVM, a dialog child process)."""

    def __init__(self, procs, env, extra_args=(), java_opts=None):
        self.procs = procs
        self.port = free_port()
        env = dict(env)
        if java_opts is not None:
            # The same options for the daemon and its dialog process (where Swing runs).
            env["MEDIACHANGE_JAVA_OPTS"] = java_opts
            env["MEDIACHANGE_GUI_JAVA_OPTS"] = java_opts
        self.lines = []
        self.cond = threading.Condition()
        self.listening_ns = None
        self.started_ns = now_ns()
        self.proc = procs.spawn([str(ROOT / "scripts/mediachanged"), "-p", str(self.port), "--bind", "127.0.0.1",
                                 "--allow", "127.0.0.0/8", "--bell-interval", "0", *extra_args],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode(errors="replace")
            with self.cond:
                if self.listening_ns is None and "listening" in line:
                    self.listening_ns = now_ns()
                self.lines.append(line)
                self.cond.notify_all()

    def wait_listening(self, timeout=60):
        end = time.monotonic() + timeout
        with self.cond:
            while self.listening_ns is None:
                if self.proc.poll() is not None:
                    raise BenchError("the daemon exited at start:\n" + "".join(self.lines[-10:]))
                left = end - time.monotonic()
                if left <= 0:
                    raise BenchError("the daemon did not say 'listening' within %d s" % timeout)
                self.cond.wait(min(left, 0.2))
        return (self.listening_ns - self.started_ns) / 1e6

    def audit_count(self):
        with self.cond:
            return sum(1 for line in self.lines if "outcome=" in line)

    def wait_audit(self, n, timeout):
        end = time.monotonic() + timeout
        with self.cond:
            while sum(1 for line in self.lines if "outcome=" in line) < n:
                left = end - time.monotonic()
                if left <= 0:
                    raise BenchError(f"fewer than {n} audit lines within {timeout} s")
                self.cond.wait(min(left, 0.2))

    def memory(self):
        """KiB of the daemon JVM and of every other process it started (e.g. the dialog JVM)."""
        pids = tree(self.proc.pid)
        main = next((p for p in pids if "mediachange-daemon" in cmdline(p) and "java" in cmdline(p)), pids[0])
        own = smaps(main)
        rest = {"Pss": 0, "Pss_Anon": 0, "Pss_File": 0, "Rss": 0}
        for p in pids:
            if p != main:
                for k, v in smaps(p).items():
                    rest[k] += v
        return {"daemon": own, "children": rest, "nchildren": len(pids) - 1,
                "total_pss": own["Pss"] + rest["Pss"], "anon": own["Pss_Anon"] + rest["Pss_Anon"],
                "file": own["Pss_File"] + rest["Pss_File"]}

    def stop(self):
        self.procs.stop(self.proc, wait=10.0)


def send_with_nc(procs, port, text):
    p = procs.spawn(["nc", "127.0.0.1", str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL)
    p.stdin.write(text.encode() + b"\n")
    p.stdin.flush()
    return p


def dialog_once(procs, daemon, watcher, env, text):
    """ms from starting an nc client to its dialog being mapped; then answers OK and checks nc got Ok."""
    since = watcher.count()
    t0 = now_ns()
    nc = send_with_nc(procs, daemon.port, text)
    (t, wid), = watcher.wait_new(since, 1, 30)
    answer_dialog(wid, env)
    try:
        out, _ = nc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        procs.stop(nc)
        raise BenchError("nc got no answer after the dialog was answered")
    procs.stop(nc)
    if out != b"Ok\n":
        raise BenchError("nc got %r instead of Ok" % out)
    return (t - t0) / 1e6


# ---------------------------------------------------------------- sections

def section_dialogs(procs, env, xmap, xvfb_pid, opt, rows, notes):
    # Cold starts: the first dialog of a fresh daemon, with and without the Swing warm-up.
    cold = {"idle": [], "nowarm": [], "at_listen": []}
    start_ms = []
    for i in range(opt.cold_runs):
        for kind in ("idle", "nowarm", "at_listen"):
            watcher = MapWatcher(procs, xmap, env)
            d = Daemon(procs, env, java_opts="-Dmediachange.warmup=false" if kind == "nowarm" else None)
            try:
                ms = d.wait_listening()
                if kind == "idle":
                    start_ms.append(ms)
                if kind != "at_listen":
                    wait_idle(d.proc.pid)
                cold[kind].append(dialog_once(procs, d, watcher, env, f"cold {kind} {i}"))
            finally:
                d.stop()
                procs.stop(watcher.proc)
    rows.append(("1", "daemon start -> 'listening' logged", "ms", summary(start_ms), ""))
    rows.append(("1", "first dialog, daemon idle after start", "ms", summary(cold["idle"]), ""))
    rows.append(("1", "  same, Swing warm-up off (-Dmediachange.warmup=false)", "ms", summary(cold["nowarm"]), ""))
    rows.append(("1", "first dialog, sent as soon as 'listening'", "ms", summary(cold["at_listen"]), ""))

    # The warm daemon: caps raised for the burst (the defaults are 64 in all, 8 per source).
    watcher = MapWatcher(procs, xmap, env)
    d = Daemon(procs, env, extra_args=("--max-pending", "128", "--max-per-source", "128"))
    try:
        d.wait_listening()
        wait_idle(d.proc.pid)
        mem_start = d.memory()
        for i in range(opt.warmup_dialogs):
            dialog_once(procs, d, watcher, env, f"warm-up {i}")
        warm = []
        for i in range(opt.dialogs):
            time.sleep(0.05)
            warm.append(dialog_once(procs, d, watcher, env, f"Please mount volume {i} of /dev/nst0"))
        rows.append(("1", "dialog latency, warm: nc start -> dialog mapped", "ms", summary(warm), "<= 30 ms"))
        wait_idle(d.proc.pid)
        mem_idle = d.memory()

        bursts, firsts, growth, peak, cpu_daemon, cpu_x, cpu_groups = [], [], [], [], [], [], []
        for r in range(opt.bursts):
            wait_idle(d.proc.pid)
            before = d.memory()
            audits = d.audit_count()
            # Connect all clients first (nc -v reports each connection), then release the lines at once.
            ncs = [procs.spawn(["nc", "-v", "127.0.0.1", str(d.port)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(BURST)]
            try:
                for p in ncs:
                    ready, _, _ = select.select([p.stderr], [], [], 20)
                    if not ready or b"succeeded" not in p.stderr.readline():
                        raise BenchError("an nc client of the burst did not connect")
                since = watcher.count()
                d_ticks, x_ticks = cpu_ticks(tree(d.proc.pid)), cpu_ticks([xvfb_pid])
                threads_before = thread_ticks(tree(d.proc.pid))
                t0 = now_ns()
                for k, p in enumerate(ncs):
                    p.stdin.write(f"burst {r} request {k}\n".encode())
                    p.stdin.flush()
                events = watcher.wait_new(since, BURST, 60)
                # CPU used until the last dialog was mapped (clock ticks, 10 ms each)
                cpu_daemon.append((cpu_ticks(tree(d.proc.pid)) - d_ticks) * 1000 / os.sysconf("SC_CLK_TCK"))
                cpu_x.append((cpu_ticks([xvfb_pid]) - x_ticks) * 1000 / os.sysconf("SC_CLK_TCK"))
                cpu_groups.append(cpu_by_group(threads_before, thread_ticks(tree(d.proc.pid))))
                bursts.append((events[-1][0] - t0) / 1e6)
                firsts.append((events[0][0] - t0) / 1e6)
                wait_idle(d.proc.pid, timeout=10)
                up = d.memory()
                peak.append(up)
                growth.append((up["total_pss"] - before["total_pss"]) / BURST)
                # (Once mattered: a close within 1 s of the line was taken for a half-close.
                # The daemon now probes and withdraws at once; the pause keeps the method comparable.)
                time.sleep(max(0.0, 1.2 - (now_ns() - t0) / 1e9))
            finally:
                for p in ncs:
                    procs.stop(p, wait=2.0)
            d.wait_audit(audits + BURST, 60)
        rows.append(("2", f"burst: {BURST} nc clients send at once -> last dialog mapped", "ms", summary(bursts),
                     "<= 500 ms"))
        rows.append(("2", "  CPU used meanwhile by the daemon (all its processes)", "ms", summary(cpu_daemon),
                     "Xvfb %.0f ms (median)" % statistics.median(cpu_x)))
        rows.append(("2", f"  first of the {BURST} dialogs mapped", "ms", summary(firsts), ""))
        kinds = sorted({k for g in cpu_groups for k in g}, key=lambda k: -statistics.median(
            [g.get(k, 0) for g in cpu_groups]))
        notes.append("burst CPU by daemon thread (median ms over the bursts): " + ", ".join(
            "%s %.0f" % (k, statistics.median([g.get(k, 0) for g in cpu_groups])) for k in kinds)
            + "; Xvfb %.0f" % statistics.median(cpu_x))
        rows.append(("3", "daemon PSS idle, after start (daemon JVM + other processes)", "MiB",
                     one(mem_start["total_pss"] / 1024), mem_note(mem_start) + "; goal <= 64 MiB"))
        rows.append(("3", f"daemon PSS idle, after {opt.warmup_dialogs + opt.dialogs} dialogs", "MiB",
                     one(mem_idle["total_pss"] / 1024), mem_note(mem_idle)))
        rows.append(("3", f"daemon PSS with {BURST} dialogs up", "MiB",
                     summary([m["total_pss"] / 1024 for m in peak]), mem_note(peak[-1])))
        rows.append(("3", "PSS growth per pending request, first burst", "MiB", one(growth[0] / 1024),
                     "<= 0.5 MiB; heap, thread stacks and code grow once"))
        if len(growth) > 1:
            rows.append(("3", "PSS growth per pending request, later bursts", "MiB",
                         summary([g / 1024 for g in growth[1:]]), "<= 0.5 MiB; handler threads reused"))
        notes.append(f"burst daemon ran with --max-pending 128 --max-per-source 128 "
                     f"(defaults 64 and 8 would answer Busy)")
    finally:
        d.stop()
        procs.stop(watcher.proc)


# ---------------------------------------------------------------- web console

class WebDriver:
    """Headless Chromium through chromedriver's W3C WebDriver protocol (plain HTTP and JSON, no
    Selenium needed here): Debian's binaries, offline, everything it writes under `home`."""

    def __init__(self, procs, home):
        self.port = free_port()
        env = dict(os.environ, HOME=str(home), TMPDIR=str(home), XDG_CONFIG_HOME=str(home / "config"),
                   XDG_CACHE_HOME=str(home / "cache"))
        self.proc = procs.spawn(["chromedriver", "--port=%d" % self.port], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.monotonic() + 30
        while True:
            try:
                self._call("GET", "/status")
                break
            except OSError:
                if time.monotonic() > end or self.proc.poll() is not None:
                    raise BenchError("chromedriver did not start")
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--mute-audio",
                     "--user-data-dir=" + str(home / "profile")]}}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _call(self, method, path, body=None):
        import json
        import urllib.request
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read().decode())["value"]

    def open(self, url):
        self._call("POST", "/session/%s/url" % self.session, {"url": url})

    def script(self, js, *args):
        return self._call("POST", "/session/%s/execute/sync" % self.session, {"script": js, "args": list(args)})

    def wait(self, js, timeout, *args):
        end = time.monotonic() + timeout
        while True:
            v = self.script(js, *args)
            if v:
                return v
            if time.monotonic() > end:
                raise BenchError("the page did not get there within %d s: %s" % (timeout, js))
            time.sleep(0.005)

    def quit(self):
        try:
            self._call("DELETE", "/session/%s" % self.session)
        except OSError:
            pass


# Records, in the page, when each message's request first appears (Date.now(): the same clock
# as this script's time.time() on this machine).
SEEN_JS = """
window.benchSeen = {};
new MutationObserver(function () {
  document.querySelectorAll('#pending > li').forEach(function (li) {
    var m = li.querySelector('.message').textContent;
    if (!(m in window.benchSeen)) { window.benchSeen[m] = Date.now(); }
  });
}).observe(document.getElementById('pending'), {childList: true});
return true;
"""


def section_web(procs, env, tmp, opt, rows, notes):
    """Idle memory with and without the web console; request -> visible in a real page."""
    operators = tmp / "operators"
    made = subprocess.run([str(ROOT / "scripts/mediachanged"), "--operators", str(operators), "--set-password",
                           "bench"], input=b"bench password\n", env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=120)
    if made.returncode != 0:
        raise BenchError("--set-password failed: " + made.stdout.decode(errors="replace"))
    mem = {}
    for label, extra in (("without", ()), ("with", ("--web", "127.0.0.1:%d" % free_port(), "--operators",
                                                     str(operators)))):
        samples = []
        for _ in range(opt.web_memory_runs):
            d = Daemon(procs, env, extra_args=extra)
            try:
                d.wait_listening()
                time.sleep(1.0)
                wait_idle(d.proc.pid)
                samples.append(d.memory())
            finally:
                d.stop()
        mem[label] = samples
        rows.append(("6", "daemon PSS idle after start, %s --web" % label, "MiB",
                     summary([m["total_pss"] / 1024 for m in samples]), mem_note(samples[-1])))
    added = statistics.median(m["total_pss"] for m in mem["with"]) - statistics.median(
        m["total_pss"] for m in mem["without"])
    rows.append(("6", "  added by the web console (medians)", "MiB", one(added / 1024), "goal <= 16 MiB"))

    if shutil.which("chromium") is None or shutil.which("chromedriver") is None:
        notes.append("section 6: no chromium/chromedriver, so no page latency (apt-get install chromium"
                     " chromium-driver)")
        return
    web_port = free_port()
    d = Daemon(procs, env, extra_args=("--web", "127.0.0.1:%d" % web_port, "--operators", str(operators)))
    browser = None
    try:
        d.wait_listening()
        home = tmp / "chromium"
        home.mkdir()
        browser = WebDriver(procs, home)
        browser.open("http://127.0.0.1:%d/" % web_port)
        browser.wait("return !document.getElementById('login').hidden", 20)
        browser.script("document.getElementById('login-name').value = 'bench';"
                       "document.getElementById('login-password').value = 'bench password';"
                       "document.getElementById('login-submit').click(); return true;")
        browser.wait("return document.getElementById('status').textContent === 'Live'", 30)
        browser.script(SEEN_JS)
        latency = []
        for i in range(opt.web_samples + 3):
            text = "bench web request %d" % i
            with socket.create_connection(("127.0.0.1", d.port), timeout=10) as s:
                t0 = time.time() * 1000
                s.sendall(text.encode() + b"\n")
                seen = browser.wait("return window.benchSeen[arguments[0]] || null", 20, text)
                if i >= 3:  # the first few warm the page and the daemon up
                    latency.append(seen - t0)
            # Closing withdraws the request; wait until the page has dropped it.
            browser.wait("return document.querySelectorAll('#pending > li').length === 0", 20)
            time.sleep(0.05)
        rows.append(("6", "request line sent -> shown in the page (headless Chromium)", "ms", summary(latency),
                     "goal: within 2 s"))
        wait_idle(d.proc.pid)
        m = d.memory()
        rows.append(("6", "daemon PSS idle with --web, one page open (live stream)", "MiB",
                     one(m["total_pss"] / 1024), mem_note(m)))
        notes.append("section 6: dialog x11 under Xvfb in both memory rows (the dialog process included); "
                     "latency: Date.now() in the page's MutationObserver minus time.time() before the send, "
                     "%d samples after 3 warm-up" % opt.web_samples)
    finally:
        if browser is not None:
            browser.quit()
            procs.stop(browser.proc)
        d.stop()


def one(v):
    return {"n": 1, "median": v, "p95": None, "min": None, "max": None}


def mem_note(m):
    s = "JVM %.1f" % (m["daemon"]["Pss"] / 1024)
    if m["nchildren"]:
        s += " + %d other %.1f" % (m["nchildren"], m["children"]["Pss"] / 1024)
    # File-backed pages (libjvm.so, the JDK's CDS archive) are shared with every other JVM on the
    # machine, so that part of PSS shrinks as more JVMs run; the anonymous part is the daemon's own.
    s += "; anon %.1f + file %.1f" % (m["anon"] / 1024, m["file"] / 1024)
    return s


class Responder:
    """Answers Ok at once to every line: the instant daemon for the client round trip."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.served = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            with c:
                c.settimeout(10)
                buf = b""
                try:
                    while b"\n" not in buf:
                        data = c.recv(4096)
                        if not data:
                            break
                        buf += data
                    c.sendall(b"Ok\n")
                    c.shutdown(socket.SHUT_WR)
                    self.served += 1
                except OSError:
                    pass

    def close(self):
        self.sock.close()


def timed_run(cmd, env, stdin_data=None, cpu=None):
    """ms from start to exit; appends the run's CPU ms (user + system, all its threads) to `cpu`."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = now_ns()
    p = subprocess.run(cmd, env=env, input=stdin_data, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30,
                       start_new_session=True)
    ms = (now_ns() - t0) / 1e6
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000)
    if p.stdout != b"Ok\n" or p.returncode != 0:
        raise BenchError("%s: exit %d, stdout %r, stderr %r" % (cmd[0], p.returncode, p.stdout, p.stderr[-300:]))
    return ms, p.stderr


def cpu_note(cpu):
    return "CPU %.0f ms" % statistics.median(cpu) if cpu else ""


def wait_for_training(cache, timeout=60):
    """Waits until the launcher's background training run (if any) has finished."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not any(p.name.endswith(".lock") for p in cache.rglob("*")) if cache.exists() else True:
            return
        time.sleep(0.05)


def installed_layouts(tmp, notes):
    """The client as users install it, unpacked from the measured checkout's build: the tarball
    (tar) and the client .deb (dpkg-deb -x), each with its shipped configuration file. Returns
    {"tarball": bin/mediachangec, "deb": usr/bin/mediachangec}, leaving out what is missing."""
    target = ROOT / "mediachange-dist/target"
    out = {}
    tarballs = sorted(target.glob("mediachange-*.tar.gz"))
    if tarballs:
        subprocess.run(["tar", "-xzf", str(tarballs[-1]), "-C", str(tmp)], check=True)
        top = tmp / tarballs[-1].name[:-len(".tar.gz")]
        out["tarball"] = top / "bin/mediachangec"
    debs = sorted(target.glob("mediachange-client_*_all.deb"))
    if debs and shutil.which("dpkg-deb"):
        root = tmp / "debroot"
        subprocess.run(["dpkg-deb", "-x", str(debs[-1]), str(root)], check=True)
        out["deb"] = root / "usr/bin/mediachangec"
    for name in ("tarball", "deb"):
        if name not in out:
            notes.append(f"no {name} client measured: build it with ./mvnw -q package -DskipTests"
                         + (" (and install dpkg for dpkg-deb)" if name == "deb" else ""))
    return out


def section_client(tmp, env, opt, rows, notes):
    r = Responder()
    try:
        port = str(r.port)
        msg = "Please mount volume 3 of /dev/nst0"
        cache = tmp / "cache"
        # HOME: an empty directory, so that no ~/.mediachangec.properties of the person running
        # this counts; the installed .deb row gets one of its own.
        home = tmp / "home"
        home.mkdir()
        cenv = dict(env, XDG_CACHE_HOME=str(cache), HOME=str(home))
        launcher = [str(ROOT / "scripts/mediachangec"), "-p", port, "127.0.0.1", msg]
        variants = [("nc (reference)", ["nc", "127.0.0.1", port], cenv, (msg + "\n").encode(), opt.clients)]
        if shutil.which("perl"):
            script = tmp / "mediachangec.pl"
            script.write_text(PERL_CLIENT)
            variants.append(("original Perl client (reference)", ["perl", str(script), "127.0.0.1", port, msg],
                             cenv, None, opt.clients))
        variants.append(("java -jar mediachange-client.jar, no JVM options",
                         ["java", "-jar", str(client_jar()), "-p", port, "127.0.0.1", msg], cenv, None, opt.clients))
        variants.append(("scripts/mediachangec, MEDIACHANGE_CDS=off", launcher,
                         dict(cenv, MEDIACHANGE_CDS="off"), None, opt.clients))
        # The launcher's class data sharing archive: the first run starts a background training
        # run that writes it; later runs map it.
        first, first_cpu = [], []
        for _ in range(opt.cds_first_runs):
            shutil.rmtree(cache, ignore_errors=True)
            first.append(timed_run(launcher, cenv, cpu=first_cpu)[0])
            wait_for_training(cache)
        users = [("scripts/mediachangec (as users run it)", launcher, cenv, None, opt.clients)]
        # The installed client, as users run it: with the configuration file the packages ship
        # (all commented out), and on the .deb with a user's ~/.mediachangec.properties naming
        # the host and port, so that the message alone is the whole command line.
        installed = installed_layouts(tmp, notes)
        if "tarball" in installed:
            users.append(("tarball bin/mediachangec, shipped etc/mediachangec.properties",
                          [str(installed["tarball"]), "-p", port, "127.0.0.1", msg], cenv, None, opt.clients))
        if "deb" in installed:
            user_home = tmp / "home-user"
            user_home.mkdir()
            (user_home / ".mediachangec.properties").write_text(f"host=127.0.0.1\nport={port}\n")
            users.append((".deb /usr/bin/mediachangec MESSAGE, host= port= in ~/.mediachangec.properties",
                          [str(installed["deb"]), msg], dict(cenv, HOME=str(user_home)), None, opt.clients))
        for name, cmd, venv, data, n in users[1:]:
            timed_run(cmd, venv, data)  # starts its training run, as a user's first run would
            wait_for_training(cache)
        variants.extend(users)
        # Round robin, so that a change in the machine's load hits every variant alike.
        times = {name: [] for name, *_ in variants}
        cpus = {name: [] for name, *_ in variants}
        stderr_noise = b""
        for name, cmd, venv, data, n in variants:
            timed_run(cmd, venv, data)  # not counted: loads the files into the page cache
        for _ in range(opt.clients):
            for name, cmd, venv, data, n in variants:
                ms, err = timed_run(cmd, venv, data, cpus[name])
                times[name].append(ms)
                if any(name == u[0] for u in users):
                    stderr_noise += err
        for name, *_ in variants:
            if name.startswith("scripts/mediachangec (as"):
                rows.append(("4", "round trip: scripts/mediachangec, first run (starts the training)", "ms",
                             summary(first), cpu_note(first_cpu) + " (training in background)"))
                rows.append(("4", "round trip: " + name, "ms", summary(times[name]),
                             cpu_note(cpus[name]) + "; goal <= 100 ms"))
            elif any(name == u[0] for u in users):
                rows.append(("4", "round trip: " + name, "ms", summary(times[name]),
                             cpu_note(cpus[name]) + "; as the checkout's"))
            else:
                rows.append(("4", "round trip: " + name, "ms", summary(times[name]), cpu_note(cpus[name])))
        archives = sorted(p.name for p in cache.rglob("*.jsa")) if cache.exists() else []
        notes.append("client archive(s) in $XDG_CACHE_HOME: " + (", ".join(archives) or "none"))
        if stderr_noise:
            notes.append("client stderr was not empty: %r" % stderr_noise[:200])
    finally:
        r.close()


def launcher_jvm_flags(tmp):
    """The JVM options scripts/mediachanged passes, read by running it with a stand-in java."""
    fake = tmp / "fakejdk/bin"
    fake.mkdir(parents=True, exist_ok=True)
    out = tmp / "fakejdk/args"
    (fake / "java").write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "' + str(out) + '"\n')
    (fake / "java").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "MEDIACHANGE_JAVA_OPTS"}
    env["JAVA_HOME"] = str(tmp / "fakejdk")
    subprocess.run([str(ROOT / "scripts/mediachanged"), "--version"], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=30, start_new_session=True)
    flags = []
    if out.exists():
        for a in out.read_text().splitlines():
            if a in ("-jar", "-cp", "-classpath", "--class-path"):
                break
            flags.append(a)
    return flags


def section_core(tmp, env, opt, rows, notes):
    flags = launcher_jvm_flags(tmp)
    # The measured checkout's daemon classes come first on the class path (for --root).
    classpath = [str(daemon_jar()), str(ROOT / "mediachange-daemon/target/lib/mediachange-common-0.1.0.jar"),
                 str(BENCH_JAR)]
    cmd = ["java", *flags, "-cp", ":".join(classpath), "org.mediachange.bench.ServerCoreBench", "--threads", "2",
           "--warmup", str(opt.core_warmup), "--rounds", str(opt.core_rounds), "--round-seconds", "1"]
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                       start_new_session=True)
    out = p.stdout.decode()
    total = next((l for l in out.splitlines() if l.startswith("total ")), None)
    if p.returncode != 0 or total is None:
        raise BenchError("server core benchmark failed: " + (out + p.stderr.decode())[-500:])
    kv = dict(x.split("=", 1) for x in total.split()[1:])
    rounds = [float(dict(x.split("=", 1) for x in l.split()[2:])["rps"]) for l in out.splitlines()
              if l.startswith("round ")]
    rows.append(("5", "server core: requests/s, 2 client threads (1 s rounds)", "req/s", summary(rounds),
                 ">= 5000"))
    rows.append(("5", "server core: latency p50 / p99 of all requests", "ms",
                 {"n": int(kv["requests"]), "median": float(kv["p50_us"]) / 1e3,
                  "p95": float(kv["p95_us"]) / 1e3, "min": None, "max": float(kv["max_us"]) / 1e3},
                 "p99 %.2f ms" % (float(kv["p99_us"]) / 1e3)))
    rows.append(("5", "server core: CPU per request, server side / client threads", "us",
                 one(float(kv["server_cpu_us"])), "client %s us" % kv["client_cpu_us"]))
    notes.append("server core JVM options (from scripts/mediachanged): " + (" ".join(flags) or "(none)"))


# ---------------------------------------------------------------- output

def fmt(v, unit):
    if v is None:
        return "-"
    if unit == "req/s":
        return "%.0f" % v
    if unit == "us":
        return "%.0f" % v
    if unit == "MiB":
        return "%.2f" % v
    return "%.1f" % v if v < 1000 else "%.0f" % v


def print_table(meta, rows, notes):
    print()
    print("mediachange benchmark: %s" % meta["when"])
    print("machine: %d cores, load average %s at start, %s at end; %s" % (
        meta["cores"], meta["load_start"], meta["load_end"], meta["java"]))
    print("measured: %s (%s)" % (ROOT, meta["commit"]))
    print()
    head = ("#", "figure", "unit", "n", "median", "p95", "min", "max", "goal / note")
    table = [head]
    for sec, name, unit, s, note in rows:
        table.append((sec, name, unit, str(s["n"]), fmt(s["median"], unit),
                      fmt(s["p95"], unit) if s["n"] >= 10 or s["p95"] is None else "-",
                      fmt(s["min"], unit), fmt(s["max"], unit), note))
    widths = [max(len(r[i]) for r in table) for i in range(len(head) - 1)]
    for r in table:
        cells = [r[i].ljust(widths[i]) if i in (1, 2) else r[i].rjust(widths[i]) for i in range(len(head) - 1)]
        print("  ".join(cells) + "  " + r[-1])
    print()
    for n in notes:
        print("note: " + n)


def preflight():
    missing = [t for t in ("Xvfb", "xdotool", "nc", "cc", "java", "timeout") if shutil.which(t) is None]
    if missing:
        raise BenchError("missing tools: %s (apt-get install xvfb xdotool netcat-openbsd gcc libx11-dev)"
                         % " ".join(missing))
    for jar in (client_jar(), daemon_jar(), BENCH_JAR):
        if not jar.exists():
            raise BenchError(f"{jar} is missing; build first: ./mvnw -q package -DskipTests")


def parse_args():
    ap = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, for a first look")
    ap.add_argument("--only", default="1,2,3,4,5,6",
                    help="sections to run, e.g. 4,5 (1-3 share one daemon run; 6: the web console)")
    ap.add_argument("--root", help="measure the build in this checkout instead (e.g. an older commit, built)")
    opt = ap.parse_args()
    q = opt.quick
    opt.cold_runs = 2 if q else 5
    opt.warmup_dialogs = 3 if q else 5
    opt.dialogs = 8 if q else 20
    opt.bursts = 2 if q else 5
    opt.clients = 8 if q else 20
    opt.cds_first_runs = 2 if q else 5
    opt.core_warmup = 1 if q else 2
    opt.core_rounds = 3 if q else 5
    opt.web_samples = 5 if q else 20
    opt.web_memory_runs = 1 if q else 3
    opt.sections = set(opt.only.split(","))
    return opt


def main():
    global ROOT
    opt = parse_args()
    if opt.root:
        ROOT = Path(opt.root).resolve()
    procs = Processes()

    def terminate(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    # Ctrl-C stops the run even where it was started with SIGINT ignored (as a shell's background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)

    tmp = Path(tempfile.mkdtemp(prefix="mediachange-bench."))
    rows, notes = [], []
    t_start = time.monotonic()
    try:
        preflight()
        java = subprocess.run(["java", "-version"], stderr=subprocess.PIPE, text=True).stderr.splitlines()
        meta = {"cores": len(os.sched_getaffinity(0)), "java": java[1] if len(java) > 1 else java[0],
                "load_start": "%.2f" % os.getloadavg()[0], "when": time.strftime("%Y-%m-%d %H:%M:%S %Z")}
        rev = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True).stdout.strip()
        meta["commit"] = rev[:60] or "not a git checkout"
        env = {k: v for k, v in os.environ.items() if k not in ("MEDIACHANGE_JAVA_OPTS", "MEDIACHANGE_CDS")}
        env["LANG"] = env.get("LANG", "C.UTF-8")
        xmap = tmp / "xmapwatch"
        if opt.sections & {"1", "2", "3", "6"}:
            cc = subprocess.run(["cc", "-O2", "-o", str(xmap), str(ROOT / "scripts/lib/xmapwatch.c"), "-lX11"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if cc.returncode != 0:
                raise BenchError("cannot build xmapwatch (apt-get install gcc libx11-dev):\n" + cc.stdout)
        if opt.sections & {"1", "2", "3"}:
            x = Xvfb(procs, xmap, env, tmp / "xvfb.log")
            xenv = dict(env, DISPLAY=x.display)
            xenv.pop("XAUTHORITY", None)
            log(f"Xvfb on DISPLAY={x.display}; sections 1-3: dialogs, burst, memory")
            section_dialogs(procs, xenv, xmap, x.proc.pid, opt, rows, notes)
            procs.stop(x.proc)
        if "6" in opt.sections:
            x = Xvfb(procs, xmap, env, tmp / "xvfb-web.log")
            xenv = dict(env, DISPLAY=x.display)
            xenv.pop("XAUTHORITY", None)
            log(f"Xvfb on DISPLAY={x.display}; section 6: web console")
            section_web(procs, xenv, tmp, opt, rows, notes)
            procs.stop(x.proc)
        if "4" in opt.sections:
            log("section 4: client round trip")
            section_client(tmp, env, opt, rows, notes)
        if "5" in opt.sections:
            log("section 5: server core throughput")
            section_core(tmp, env, opt, rows, notes)
        meta["load_end"] = "%.2f" % os.getloadavg()[0]
        notes.append("took %.0f s; every figure in ms unless the unit says otherwise" % (time.monotonic() - t_start))
        print_table(meta, rows, notes)
        return 0
    except BenchError as e:
        log("failed: " + str(e))
        xlog = tmp / "xvfb.log"
        if xlog.exists() and xlog.stat().st_size:
            log("Xvfb said: " + xlog.read_text(errors="replace")[-1000:])
        for p in procs.procs:
            if p.poll() is not None:
                log("%s exited with %s" % (p.args[0], p.returncode))
        return 1
    except KeyboardInterrupt:
        log("interrupted; stopping everything this run started")
        return 130
    finally:
        # A second Ctrl-C must not cut the clean-up short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
