"""The load and abuse cases of issues 3 and 8, each against a freshly started
real daemon (scripts/mediachanged) on 127.0.0.1, with the real Swing
dialogs on a private Xvfb. Each returns a CaseResult: one line of figures,
PASS or FAIL, and details for the log directory."""

import collections
import json
import os
import re
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

from . import auditlog, hostile
from .netload import CLOSE, HALFCLOSE, LINGER_RESET, RESET, Engine, Spec
from .system import Daemon, MapWatch, Processes, Sampler, descendants, listen_drops, sample, thread_names

MIB = 1024 * 1024
JAVA_OPTS = "-Xmx64m"


class CaseResult:
    def __init__(self, number, title):
        self.number = number
        self.title = title
        self.figures = []
        self.failures = []
        self.details = []

    @property
    def passed(self):
        return not self.failures

    def line(self):
        text = f"[{self.number}] {self.title:<11} {'PASS' if self.passed else 'FAIL'}  " + "; ".join(self.figures)
        if self.failures:
            text += "  -- FAILED: " + "; ".join(self.failures)
        return text


class Context:
    """What every case needs: where things are, the display, the processes."""

    def __init__(self, root, logdir, procs, display, xmapwatch, scale, seed, java_opts=JAVA_OPTS, dns_stats=None):
        self.root = root
        self.logdir = logdir
        self.procs = procs
        self.display = display
        self.xmapwatch = xmapwatch
        self.scale = scale
        self.seed = seed
        self.env = dict(os.environ, DISPLAY=display)
        self.env.pop("XAUTHORITY", None)
        # The daemon as started at boot: plain C locale, small heap.
        self.java_opts = java_opts
        self.dns_stats = dns_stats
        self.daemon_env = dict(self.env, LANG="C", LC_ALL="C", MEDIACHANGE_JAVA_OPTS=java_opts)

    def dns_queries(self):
        """(queries, slow ones) torture's resolver has answered so far; None outside the namespace."""
        if not self.dns_stats or not os.path.exists(self.dns_stats):
            return None
        with open(self.dns_stats) as f:
            q, slow = f.read().split()
        return int(q), int(slow)

    def n(self, count):
        return max(1, int(count * self.scale))

    def daemon(self, name, args, bind="127.0.0.1"):
        d = Daemon(self.procs, self.root, self.logdir, name, args, self.daemon_env, bind)
        if d.comm() != "java":
            # scripts/mediachanged execs java; if that changes, the pid measured here is not the JVM.
            raise RuntimeError(f"pid {d.pid} of scripts/mediachanged is '{d.comm()}', not java")
        return d

    def mapwatch(self):
        return MapWatch(self.procs, self.xmapwatch, self.env)


# ----- shared checks -----

def save_samples(ctx, name, samples):
    """Writes a measurement series to the log directory, for plots and second looks."""
    with open(os.path.join(ctx.logdir, name + ".samples.csv"), "w") as f:
        f.write("t,rss_kib,threads,fds,cpu_s,children,children_rss_kib,children_threads,children_fds\n")
        t0 = samples[0].t if samples else 0
        for x in samples:
            f.write(f"{x.t - t0:.2f},{x.rss},{x.threads},{x.fds},{x.cpu:.2f},{x.kids},{x.kid_rss},{x.kid_threads},"
                    f"{x.kid_fds}\n")


def cpu_note(samples, connections):
    """The daemon's CPU time over the samples, per connection and as a share of one core."""
    if len(samples) < 2 or not connections:
        return ""
    cpu = samples[-1].cpu - samples[0].cpu
    wall = samples[-1].t - samples[0].t
    return (f"daemon CPU {cpu:.1f} s in {wall:.1f} s ({100 * cpu / wall:.0f}% of a core),"
            f" {1e6 * cpu / connections:.0f} us per connection")


def settle(d, expected_total, seconds):
    """Waits until the daemon's audit log accounts for expected_total
    connections, with their own lines or in summaries (or the time is up),
    and returns its parsed log."""
    end = time.monotonic() + seconds
    while True:
        log = auditlog.Log(d.stdout_bytes(), d.stderr_bytes())
        if log.accounted() >= expected_total or time.monotonic() > end:
            return log
        time.sleep(0.2)


def check_daemon(res, d, log, expected_keys, gone_keys=None, drops=0, sampler=None):
    """Common to every case: the daemon is alive, logged no exception and no
    stray line, and wrote exactly one audit line per accepted connection.

    expected_keys: the connections the clients saw established. One of them
    may never have been accepted: when the daemon's listen queue is full,
    the kernel drops the client's final ACK (the client thinks it is
    connected); if that client then resets at once, the daemon never sees
    the connection. Missing lines are put down to that only if each such
    connection is in gone_keys (reset without waiting for an answer) and
    the kernel counted at least as many ListenDrops during the case."""
    if not d.alive():
        res.failures.append(f"daemon died (exit {d.proc.returncode})")
    exc = log.exceptions()
    if exc:
        res.failures.append(f"{len(exc)} exception line(s) in the daemon log, first: {exc[0][:200]}")
    if log.stray:
        res.failures.append(f"{len(log.stray)} stray log line(s) (forged or stack trace), first: {log.stray[0][:200]!r}")
    missing, extra = auditlog.compare_keys(expected_keys, log)
    total = sum(expected_keys.values())
    n_missing = sum(missing.values())
    kernel = (n_missing and not extra and gone_keys is not None and drops >= n_missing
              and not (missing - gone_keys))
    res.figures.append(f"audit {total - n_missing:,}/{total:,}"
                       + (f" (+{sum(extra.values())} extra)" if extra else "")
                       + (f" ({n_missing} reset before the full listen queue let the daemon accept it)"
                          if kernel else ""))
    if drops:
        res.figures.append(f"kernel ListenDrops +{drops:,}")
    if sampler is not None and sampler.queue_size:
        res.details.append(f"accept queue: up to {sampler.queue_max} of {sampler.queue_size} seen waiting"
                           f" (sampled every {sampler.interval} s)")
    if (missing or extra) and not kernel:
        res.failures.append(f"audit invariant broken: {sum(missing.values())} connection(s) without an audit line"
                            f" (e.g. {list(missing)[:3]}), {sum(extra.values())} line(s) too many"
                            f" (e.g. {list(extra)[:3]})")
    res.details.append(f"audit outcomes: {dict(log.outcomes())}")
    res.details.append(f"log records by level: {dict(log.levels)}; WARN/ERROR: {log.problems[:5]}")


def stop_daemon(res, d):
    d.stop()
    res.details.append(f"daemon stopped by SIGTERM: exit {d.exit_code} after {d.stop_seconds:.2f} s")


def keys_of(results):
    return collections.Counter((r.local[0], r.local[1]) for r in results if r.local and r.established)


def gone_of(results):
    """Connections the client reset without having had any answer."""
    return keys_of(r for r in results if not r.reply and (r.spec.then == RESET or r.deadline_hit or r.overflow))


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * (len(values) - 1)))))
    return values[k]


def ms(ns):
    return ns / 1e6


# ----- case 1: slowloris + probe -----

PROBE_SRC = "127.0.0.2"
# A dialog ignores keys for 0.7 s after it appears or takes the focus (KeyGuard.DELAY); wait this long.
KEY_GUARD_WAIT = 1.0
ATTACK_SRC = "127.0.0.66"


def _xdotool(ctx, *args):
    return subprocess.run(["timeout", "10", "xdotool"] + list(args), env=ctx.env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _viewable(ctx, wid):
    r = subprocess.run(["xwininfo", "-id", wid], env=ctx.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return r.returncode == 0 and b"IsViewable" in r.stdout


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
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        s.close()
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
            _xdotool(ctx, "mousemove", "--window", wid, "120", "24", "click", "1")
            time.sleep(KEY_GUARD_WAIT)
            _xdotool(ctx, "key", "Return")
            s.settimeout(3)
            try:
                reply = s.recv(64)
                break
            except socket.timeout:
                continue
        s.close()
        ok = reply == b"Ok\n"
        return dialog_ms, local, ok, f"probe {k}: answered OK, client got {reply!r}"
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
    s.close()
    t_reset = time.monotonic()
    while time.monotonic() - t_reset < 2.0:
        if not _viewable(ctx, wid):
            return dialog_ms, local, True, f"probe {k}: withdrawn, dialog gone after {1000 * (time.monotonic() - t_reset):.0f} ms"
        time.sleep(0.05)
    return dialog_ms, local, False, f"probe {k}: withdrawn, dialog still up after 2 s"


# Source ports of the Busy checks: below the kernel's ephemeral range (ip_local_port_range, 32768 and
# up by default), so no attacker connection shares a check's (address, port) in the audit log.
BUSY_CHECK_PORTS = range(20000, 32000)


def busy_check(d, port):
    """One connection from the attacker's address, which is at its
    --max-per-source cap: the time from connect() to the Busy line and the
    close, measured by a blocking client that does nothing else. Returns
    (ms, reply, local); ms is None if no answer came within 3 s (a slot was
    free, so the daemon is waiting for a line; or the connection is still
    in the kernel's full listen queue)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(3.0)
    reply = b""
    t0 = time.monotonic_ns()
    try:
        s.bind((ATTACK_SRC, port))
        t0 = time.monotonic_ns()
        s.connect(("127.0.0.1", d.port))
        while True:
            data = s.recv(64)
            if not data:
                break
            reply += data
        return ms(time.monotonic_ns() - t0), reply, s.getsockname()
    except socket.timeout:
        local = s.getsockname()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        return None, reply, local
    except OSError as e:
        return None, repr(e).encode(), None
    finally:
        s.close()


def case_slowloris(ctx):
    res = CaseResult(1, "slowloris")
    d = ctx.daemon("1-slowloris", [])
    watch = ctx.mapwatch()
    drops0 = listen_drops()
    expected = collections.Counter()
    gone = collections.Counter()
    busy_walls = []  # (wall clock at connect, local) of the Busy checks
    probe_outcomes = {}
    try:
        # Reference: the same probe on an idle daemon (also warms up the dialog code).
        idle = []
        for k in range(3):
            dialog_ms, local, ok, note = probe(ctx, d, watch, k, answer=(k % 2 == 0))
            res.details.append("idle " + note + (f", dialog {dialog_ms:.0f} ms" if dialog_ms else ""))
            if local:
                expected[local] += 1
                probe_outcomes[local] = "ok" if k % 2 == 0 else "withdrawn"
            if dialog_ms is not None:
                idle.append(dialog_ms)
            if not ok:
                res.failures.append("idle " + note)

        out = os.path.join(ctx.logdir, "1-slowloris.attacker.json")
        env = dict(ctx.env, PYTHONPATH=os.path.join(ctx.root, "scripts", "lib"), PYTHONDONTWRITEBYTECODE="1")
        with open(os.path.join(ctx.logdir, "1-slowloris.attacker.log"), "wb") as alog:
            attacker = ctx.procs.spawn(
                [sys.executable, "-m", "torture.attacker", "--port", str(d.port), "--src", ATTACK_SRC,
                 "--conns", str(ctx.n(1000)), "--rate", "1000", "--dribble", "1", "--max-seconds", "120",
                 "--out", out], env=env, stdin=subprocess.DEVNULL, stdout=alog, stderr=alog)
        time.sleep(3)  # ramp-up: 1,000 connections at 1,000 per second
        lat = []
        busy_own = []
        busy_admitted = 0
        peak = None
        with Sampler(d.pid, 0.25, d.port) as sampler:
            for k in range(3, 3 + ctx.n(20)):
                answer = k % 2 == 0
                dialog_ms, local, ok, note = probe(ctx, d, watch, k, answer)
                res.details.append("attack " + note + (f", dialog {dialog_ms:.0f} ms" if dialog_ms else ""))
                if local:
                    expected[local] += 1
                    probe_outcomes[local] = "ok" if answer else "withdrawn"
                lat.append(dialog_ms)
                if not ok:
                    res.failures.append(note)
                # Meanwhile: how fast does one more connection from the attacking address get Busy?
                for _ in range(10):
                    wall = time.time()
                    took, reply, local = busy_check(d, BUSY_CHECK_PORTS[len(busy_walls)])
                    if local:
                        expected[local] += 1
                        busy_walls.append((wall, local))
                    if took is None:
                        busy_admitted += 1
                        if local and not reply:
                            gone[local] += 1
                    elif reply != b"Busy\n":
                        res.failures.append(f"excess connection got {reply!r}, not Busy")
                    else:
                        busy_own.append(took)
                    time.sleep(0.05)
        save_samples(ctx, "1-slowloris", sampler.samples)
        if sampler.samples:
            peak = max(sampler.samples, key=lambda s: s.fds)
        Processes.stop(attacker, grace=30)
        ctx.procs.started.remove(attacker)
        with open(out) as f:
            att = json.load(f)
        recs = att["records"]
        est = [r for r in recs if r["t_est"] is not None]
        for r in est:
            expected[(ATTACK_SRC, r["port"])] += 1
            if r["aborted"] and not r["reply"]:
                gone[(ATTACK_SRC, r["port"])] += 1
        busy = [ms(r["t_end"] - r["t_start"]) for r in est if r["reply"] == "Busy" and r["t_end"]]
        timeouts = sum(1 for r in est if r["reply"] == "Error request timeout")
        other = collections.Counter(r["reply"] or ("reset" if r["recv_error"] else "aborted" if r["aborted"] else "none")
                                    for r in est if r["reply"] not in ("Busy", "Error request timeout"))
        refused = sum(1 for r in recs if r["t_est"] is None)

        got = [x for x in lat if x is not None]
        if len(idle) < 3:
            res.failures.append(f"only {len(idle)} of 3 idle probes got a dialog")
            idle = idle or [float("nan")]
        if len(got) == len(lat) and got:
            res.figures.append(f"probe dialog max {max(got):.0f} ms, median {statistics.median(got):.0f} ms"
                               f" over {len(got)} probes during {len(recs):,} attack connections in"
                               f" {att['seconds']:.0f} s (limit 500 ms; idle: first dialog after start {idle[0]:.0f} ms,"
                               f" then {statistics.median(idle[1:] or idle):.0f} ms)")
        else:
            res.figures.append(f"{len(lat) - len(got)} of {len(lat)} probes got no dialog")
        slow = [x for x in got if x > 500]
        if slow:
            res.failures.append(f"{len(slow)} probe dialog(s) over 500 ms: {[round(x) for x in slow]}")
        if busy_own:
            over = sum(1 for x in busy_own if x > 50)
            res.figures.append(f"excess connection Busy+closed in median {statistics.median(busy_own):.1f} ms,"
                               f" max {max(busy_own):.1f} ms over {len(busy_own)} tries (limit 50 ms)")
            if over:
                res.failures.append(f"{over} of {len(busy_own)} excess connections took over 50 ms to get Busy"
                                    f" (max {max(busy_own):.1f} ms)")
        else:
            res.failures.append("no excess connection got Busy: the per-source cap did not act")
        res.details.append(f"Busy checks: {len(busy_own)} refused, {busy_admitted} without an answer within 3 s,"
                           f" times {sorted(round(x, 1) for x in busy_own)[-10:]} (10 slowest)")
        if busy:
            res.details.append(f"attacker's own view (its event loop serves 1,000 sockets, so an upper bound):"
                               f" Busy+close p50 {statistics.median(busy):.1f} ms, p99 {pct(busy, 99):.1f} ms,"
                               f" max {max(busy):.1f} ms over {len(busy):,} refusals")
        res.details.append(f"attacker {ATTACK_SRC}: {len(recs):,} connections in {att['seconds']:.1f} s,"
                           f" {len(est):,} established, {len(busy):,} Busy, {timeouts} cut by request timeout,"
                           f" others {dict(other)}, {refused} not established; peak open (client) {att['peak_established']}")
        res.details.append(cpu_note(sampler.samples, len(recs)))
        if peak:
            res.details.append(f"daemon peak during attack: {peak.fds} fds, {peak.threads} threads,"
                               f" RSS {peak.rss / 1024:.0f} MiB; children {peak.kids}")
        log = settle(d, sum(expected.values()), 20)
        by_key = log.by_key()
        # The daemon's side of each Busy check: from the client's connect() to the audit line's
        # time stamp (written after the refusal was sent and the socket closed).
        server = []
        for wall, local in busy_walls:
            lines = [line for o, line in by_key.get((local[0], local[1]), []) if o == "busy"]
            if len(lines) == 1:
                server.append(1000 * (auditlog.timestamp(lines[0]) - wall))
        if server:
            res.details.append(f"Busy checks, daemon side (connect() to the audit line's time stamp, 1 ms"
                               f" resolution): median {statistics.median(server):.1f} ms, max {max(server):.1f} ms")
        for local, want in probe_outcomes.items():
            got_lines = by_key.get((local[0], local[1]), [])
            if [o for o, _ in got_lines] != [want]:
                res.failures.append(f"probe {local}: audit {[o for o, _ in got_lines]}, expected [{want}]")
        check_daemon(res, d, log, expected, gone, listen_drops() - drops0, sampler)
    finally:
        watch.close()
        stop_daemon(res, d)
    return res


# ----- case 2: 100 clients x 1 MiB lines -----

def case_long_lines(ctx):
    res = CaseResult(2, "1MiB lines")
    clients = ctx.n(100)
    d = ctx.daemon("2-long-lines", ["--max-pending", str(max(64, clients))])
    drops0 = listen_drops()
    expected = collections.Counter()
    try:
        line = b"x" * MIB  # no line end
        eng = Engine(d.port)
        warm = []
        eng.run([Spec("127.0.1.100", [(0, line)], then=HALFCLOSE, kind="warm") for _ in range(8)], 8, warm.append)
        time.sleep(2)
        with Sampler(d.pid, 0.1) as base_sampler:
            time.sleep(1)
        baseline = statistics.median(s.rss for s in base_sampler.samples)
        kid_baseline = statistics.median(s.kid_rss for s in base_sampler.samples)
        sources = [f"127.0.1.{i}" for i in range(1, 14)]  # 8 per source at most: --max-per-source stays default
        results = []
        eng = Engine(d.port)
        with Sampler(d.pid, 0.02) as sampler:
            took = eng.run([Spec(sources[i % len(sources)], [(0, line)], then=HALFCLOSE, deadline=60, kind="1MiB")
                            for i in range(clients)], clients, results.append)
            time.sleep(3)
        save_samples(ctx, "2-long-lines", sampler.samples)
        peak = max(sampler.samples, key=lambda s: s.rss)
        growth = (peak.rss - baseline) / 1024
        after = (sampler.samples[-1].rss - baseline) / 1024
        kid_growth = (max(s.kid_rss for s in sampler.samples) - kid_baseline) / 1024
        replies = collections.Counter(r.reply_line for r in results)
        good = replies.get("Error line too long", 0)
        res.figures.append(f"daemon RSS growth {growth:.1f} MiB peak, {after:.1f} MiB 3 s after (limit 32 MiB,"
                           f" {ctx.java_opts}, baseline {baseline / 1024:.0f} MiB)")
        if peak.kids or kid_baseline:
            res.figures.append(f"children RSS growth {kid_growth:.1f} MiB")
        res.figures.append(f"{good}/{clients} got 'Error line too long' ({eng.peak_established} connected at once,"
                           f" {took:.1f} s)")
        if growth >= 32:
            res.failures.append(f"RSS grew {growth:.1f} MiB")
        if good != clients:
            res.failures.append(f"replies: {dict(replies)}")
        res.details.append(f"replies {dict(replies)}; client send errors"
                           f" {dict(collections.Counter(r.send_error for r in results))};"
                           f" recv errors {dict(collections.Counter(r.recv_error for r in results))};"
                           f" bytes sent per client min {min(r.sent for r in results):,}"
                           f" max {max(r.sent for r in results):,}")
        res.details.append(f"peak sample: RSS {peak.rss / 1024:.1f} MiB, {peak.threads} threads, {peak.fds} fds")
        expected = keys_of(warm) + keys_of(results)
        log = settle(d, sum(expected.values()), 15)
        check_daemon(res, d, log, expected, gone_of(warm + results), listen_drops() - drops0)
        if any("OutOfMemoryError" in l for l in log.lines) or "OutOfMemoryError" in log.stderr:
            res.failures.append("OutOfMemoryError in the daemon log")
        else:
            res.figures.append("no OOM")
    finally:
        stop_daemon(res, d)
    return res


# ----- case 3: 10,000 connect/close cycles -----

def case_churn(ctx):
    res = CaseResult(3, "churn")
    cycles = ctx.n(10000)
    d = ctx.daemon("3-churn", [])
    sources = [f"127.0.2.{i}" for i in range(1, 9)]

    def specs(n):
        # Plain connect and close, alternately with a FIN and with a reset.
        return (Spec(sources[i % len(sources)], [], then=CLOSE if i % 2 else RESET, kind="cycle") for i in range(n))

    try:
        drops0 = listen_drops()
        warm = []
        Engine(d.port).run(specs(500), 32, warm.append)
        time.sleep(3)
        base = sample(d.pid)
        base_names = thread_names(d.pid)
        results = []
        eng = Engine(d.port)
        with Sampler(d.pid, 0.1, d.port) as sampler:
            took = eng.run(specs(cycles), 32, results.append)
        t_done = time.monotonic()
        save_samples(ctx, "3-churn", sampler.samples)
        back = None
        last = None
        while time.monotonic() - t_done < 15:
            last = sample(d.pid)
            if last and last.fds <= base.fds and last.threads <= base.threads:
                back = time.monotonic() - t_done
                break
            time.sleep(0.1)
        peak_fds = max(s.fds for s in sampler.samples)
        peak_threads = max(s.threads for s in sampler.samples)
        est = sum(1 for r in results if r.established)
        figure = (f"fds {base.fds}->{peak_fds}->{last.fds}, threads {base.threads}->{peak_threads}->{last.threads}"
                  f" (baseline->peak->after)")
        if back is not None:
            figure += f", back to baseline {back:.1f} s after {cycles:,} cycles (limit 15 s)"
        res.figures.append(figure)
        res.figures.append(f"{cycles:,} cycles in {took:.1f} s ({cycles / took:,.0f}/s)")
        res.details.append(cpu_note(sampler.samples, cycles))
        if last.kids or base.kids:
            res.figures.append(f"children fds {base.kid_fds}->{last.kid_fds}, threads {base.kid_threads}->{last.kid_threads}")
        if back is None:
            res.failures.append(f"not back to baseline 15 s later: fds {last.fds} (baseline {base.fds}),"
                                f" threads {last.threads} (baseline {base.threads})")
            extra = collections.Counter(thread_names(d.pid)) - collections.Counter(base_names)
            res.details.append(f"threads beyond the baseline: {dict(extra)}")
        if est != cycles:
            res.failures.append(f"only {est} of {cycles} connections established: "
                                f"{dict(collections.Counter(r.connect_error for r in results))}")
        expected = keys_of(warm) + keys_of(results)
        gone = gone_of(warm + results)
        log = settle(d, sum(expected.values()), 15)
        check_daemon(res, d, log, expected, gone, listen_drops() - drops0, sampler)
    finally:
        stop_daemon(res, d)
    return res


# ----- case 4: 100,000 hostile connections -----

FFFD_RUN = re.compile("\ufffd+")
HEAP_USED = re.compile(r"garbage-first heap\s+total \d+K, used (\d+)K|used (\d+)K")


def _histogram(d):
    """Bytes per class on the heap after a full GC (jcmd GC.class_histogram)."""
    h = collections.Counter()
    for line in d.jcmd("GC.class_histogram").splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0].endswith(":") and parts[2].isdigit():
            h[parts[3]] += int(parts[2])
    return h


def _heap_after_gc(d):
    d.jcmd("GC.run")
    m = HEAP_USED.search(d.jcmd("GC.heap_info"))
    if not m:
        return None
    return int(m.group(1) or m.group(2)) / 1024


def case_hostile(ctx):
    res = CaseResult(4, "hostile")
    total = ctx.n(100000)
    # Nobody answers: every dialog closes after --answer-timeout and its client gets Timeout. Up to
    # 128 at once, as dialogs that wait for it keep their connection for that long.
    answer_timeout = 2.0
    request_timeout = 10.0
    d = ctx.daemon("4-hostile", ["--answer-timeout", "2s", "--max-pending", "128",
                                 "--allow", "127.0.0.0/9", "--allow", "::1"])
    watch = ctx.mapwatch()
    sources = [f"127.0.4.{i}" for i in range(1, 33)]
    drops0 = listen_drops()
    try:
        heap0 = _heap_after_gc(d)
        histo0 = _histogram(d)
        # (a) every naughty string, and our extra lines, as a real request with a real dialog
        naughty = hostile.naughty_specs(ctx.root, sources, answer_timeout)
        a_results = []
        # 32 at once, 2 s each: about 16 new dialogs per second. A loaded 2-core machine shows some
        # 20-50 per second, and a request whose answer timeout passes first is never shown.
        took_a = Engine(d.port).run(naughty, 32, a_results.append)
        dialogs_a = watch.count()
        shown_expected = sum(1 for s in naughty if s.meta[0] == "Timeout")
        # (b) the rest of the 100,000 as seeded random byte streams of many kinds
        count_b = max(0, total - len(naughty))
        b_results = []
        progress = []

        def on_b(r):
            b_results.append(r)
            if len(b_results) % 1000 == 0:
                progress.append((time.monotonic(), len(b_results)))

        specs_b = hostile.random_specs(count_b, ctx.seed, sources, "127.200.0.1", answer_timeout, request_timeout,
                                       slow_every=max(1, count_b // 20),
                                       slow_dns_sources=[f"127.0.6.{i}" for i in range(1, 9)],
                                       slow_dns_every=max(1, count_b // 40))
        with Sampler(d.pid, 0.5, d.port) as sampler:
            took_b = Engine(d.port).run(specs_b, 48, on_b, max_seconds=400)
        results = a_results + b_results
        save_samples(ctx, "4-hostile", sampler.samples)
        with open(os.path.join(ctx.logdir, "4-hostile.progress.csv"), "w") as f:
            f.write("t,connections_done\n" + "".join(f"{t - progress[0][0]:.2f},{n}\n" for t, n in progress))
        expected = keys_of(results)
        log = settle(d, sum(expected.values()), 30)
        heap1 = _heap_after_gc(d)
        histo1 = _histogram(d)

        # Replies where the protocol fixes them; Busy is always a correct answer under the caps.
        by_key = log.by_key()
        wrong = collections.defaultdict(list)
        checked = busy = 0
        for r in results:
            if not r.established or r.spec.meta is None or r.spec.meta[0] is None:
                continue
            checked += 1
            if r.reply_line == "Busy":
                busy += 1
            elif r.reply_line != r.spec.meta[0]:
                audit = [o for o, _ in by_key.get((r.local[0], r.local[1]), [])]
                wrong[r.spec.kind].append(f"expected {r.spec.meta[0]!r}, got {r.reply_line!r}"
                                          f" after {ms(r.t_end - r.t_start):.0f} ms"
                                          f" (recv error {r.recv_error}, gave up {r.deadline_hit}, audit {audit})")
        # The audit line of each naughty string carries it, escaped (docs/PROTOCOL.md). Decoders
        # may replace one bad sequence by one or by several U+FFFD: runs of them compare equal.
        bad_msg = []
        for r in a_results:
            if not r.local or r.spec.meta[1] is None:
                continue
            # A source port may be used again later in the run: any of its lines may be this one.
            logged = [m.group(1) for m in (auditlog.MSG.search(line) for _, line in
                                           by_key.get((r.local[0], r.local[1]), [])) if m]
            want = auditlog.escape_for_log(r.spec.meta[1])
            if FFFD_RUN.sub("\ufffd", want) not in [FFFD_RUN.sub("\ufffd", x) for x in logged]:
                bad_msg.append((want[:80], [x[:80] for x in logged]))

        kinds = collections.Counter(r.spec.kind for r in results)
        res.figures.append(f"{len(results):,} connections ({len(naughty)} naughty strings with real dialogs,"
                           f" {len(b_results):,} random) in {took_a + took_b:.0f} s")
        res.figures.append(f"{dialogs_a}/{shown_expected} naughty dialogs shown")
        if dialogs_a < shown_expected:
            res.failures.append(f"only {dialogs_a} of {shown_expected} naughty strings were shown in a dialog"
                                f" before their {answer_timeout:.0f} s answer timeout")
        res.figures.append(f"{sum(len(v) for v in wrong.values())} wrong answers of {checked:,} checked"
                           + (f" ({busy} Busy)" if busy else ""))
        for kind, items in wrong.items():
            res.failures.append(f"{len(items)} wrong answer(s) to {kind}, e.g. {items[:2]}")
            res.details.append(f"wrong answers to {kind}: {items[:20]}")
        if bad_msg:
            res.failures.append(f"{len(bad_msg)} naughty string(s) not logged as sent, e.g. {bad_msg[:2]}")
        # RSS stable: what the daemon needs after warming up (JIT, malloc arenas, font caches) it
        # needs from the first half of (b) on; a leak keeps growing into the second half.
        samples = sampler.samples
        half = next((t for t, n in progress if n >= count_b // 2), None)
        if samples and half:
            first = [s for s in samples if s.t <= half]
            rest = [s for s in samples if s.t > half]
            if first and rest:
                r1 = max(s.rss for s in first) / 1024
                r2 = max(s.rss for s in rest) / 1024
                res.figures.append(f"RSS max {r1:.0f} MiB in the 1st half, {r2:.0f} MiB in the 2nd"
                                   f" ({r2 - r1:+.1f} MiB, limit +16; start {samples[0].rss / 1024:.0f} MiB)")
                if r2 - r1 >= 16:
                    res.failures.append(f"RSS grew {r2 - r1:.1f} MiB in the second half of the run")
                kids = max(s.kids for s in samples)
                if kids:
                    res.figures.append(f"children RSS max {max(s.kid_rss for s in samples) / 1024:.0f} MiB")
        if heap0 is not None and heap1 is not None:
            res.figures.append(f"heap after full GC {heap0:.1f} -> {heap1:.1f} MiB")
            if heap1 - heap0 >= 8:
                res.failures.append(f"heap after full GC grew {heap1 - heap0:.1f} MiB")
        res.details.append(f"kinds: {dict(kinds)}")
        res.details.append("(b) " + cpu_note(samples, len(b_results)))
        res.details.append(f"dialogs mapped: {dialogs_a} during the naughty strings, {watch.count()} in all")
        grown = histo1 - histo0
        res.details.append("heap classes grown most (bytes after full GC): "
                           + ", ".join(f"{k} +{v:,}" for k, v in grown.most_common(12)))
        res.details.append(f"(a) {took_a:.1f} s, (b) {took_b:.1f} s; client connect errors"
                           f" {dict(collections.Counter(r.connect_error for r in results if r.connect_error))};"
                           f" clients that gave up {sum(1 for r in results if r.deadline_hit)}")
        check_daemon(res, d, log, expected, gone_of(results), listen_drops() - drops0, sampler)
    finally:
        watch.close()
        stop_daemon(res, d)
    return res


CASES = [case_slowloris, case_long_lines, case_churn, case_hostile]


# ----- instant closers, half-closers that die, and hosts that vanish -----

def _case_number(fn):
    return CASES.index(fn) + 1


def _audit_times(d):
    """(peer, port) -> (outcome, epoch seconds of the audit line)."""
    log = auditlog.Log(d.stdout_bytes(), d.stderr_bytes())
    return {(peer, port): (o, auditlog.timestamp(line)) for o, peer, port, line in log.audit}


def _await_audit(d, keys, seconds):
    end = time.monotonic() + seconds
    while True:
        times = _audit_times(d)
        if all(k in times for k in keys) or time.monotonic() > end:
            return times
        time.sleep(0.1)


def _withdraw_delays(res, d, closed_at, what, limit):
    """closed_at: (peer, port) -> epoch seconds the client closed or died. Checks that each was
    audited 'withdrawn' within limit seconds and reports the delays."""
    times = _await_audit(d, closed_at.keys(), limit + 2)
    delays, wrong = [], []
    for k, t in closed_at.items():
        got = times.get(k)
        if got is None or got[0] != "withdrawn":
            wrong.append(f"{k}: {got[0] if got else 'no audit line'}")
        else:
            delays.append(got[1] - t)
    if delays:
        res.figures.append(f"{what}: withdrawn after {min(delays):.2f}-{max(delays):.2f} s (n={len(delays)})")
    if wrong:
        res.failures.append(f"{what}: {len(wrong)} not withdrawn within {limit} s, e.g. {wrong[:3]}")
    elif max(delays) > limit:
        res.failures.append(f"{what}: withdrawn after up to {max(delays):.2f} s (limit {limit} s)")
    return delays


def _send_line(src, port, line, half_close):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(5)
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    s.sendall(line)
    if half_close:
        s.shutdown(socket.SHUT_WR)
    return s


def _vanishing_host(ctx, res):
    """A client in a network namespace of its own, behind a veth pair, that
    sends its line and keeps the connection open; then its link goes down
    (as a host that loses power). Keepalive must withdraw the request."""
    ns = "mc-torture-client"
    cmds = [["ip", "netns", "add", ns],
            ["ip", "link", "add", "mc-d0", "type", "veth", "peer", "name", "mc-c0"],
            ["ip", "link", "set", "mc-c0", "netns", ns],
            ["ip", "addr", "add", "10.77.0.1/30", "dev", "mc-d0"],
            ["ip", "link", "set", "mc-d0", "up"],
            ["ip", "netns", "exec", ns, "ip", "addr", "add", "10.77.0.2/30", "dev", "mc-c0"],
            ["ip", "netns", "exec", ns, "ip", "link", "set", "mc-c0", "up"],
            ["ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"]]
    try:
        for c in cmds:
            subprocess.run(c, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except (OSError, subprocess.CalledProcessError) as e:
        err = getattr(e, "stderr", b"") or b""
        res.failures.append(f"vanishing host: cannot set up a veth pair: {e} {err.decode(errors='replace').strip()}")
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        return
    d = ctx.daemon("closers-vanish", ["--allow", "10.77.0.0/30"], bind="10.77.0.1")
    client = None
    try:
        code = ("import socket,sys,time\n"
                "s=socket.create_connection(('10.77.0.1',int(sys.argv[1])),timeout=5)\n"
                "s.sendall(b'host about to lose power\\n')\n"
                "print(s.getsockname()[1],flush=True)\n"
                "time.sleep(120)\n")
        client = ctx.procs.spawn(["ip", "netns", "exec", ns, sys.executable, "-c", code, str(d.port)],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        port = int(client.stdout.readline())
        time.sleep(1.0)
        subprocess.run(["ip", "netns", "exec", ns, "ip", "link", "set", "mc-c0", "down"], check=True)
        _withdraw_delays(res, d, {("10.77.0.2", port): time.time()}, "host vanished", 40)
    finally:
        if client is not None:
            Processes.stop(client, grace=1)
        stop_daemon(res, d)
        subprocess.run(["ip", "link", "del", "mc-d0"], stderr=subprocess.DEVNULL)
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)


def case_closers(ctx):
    """Issue 8, item 3: clients that close right after their line must not keep
    dialogs and slots; a half-closed client that dies is withdrawn; a living
    half-closed one still gets its answer, exactly; a vanished host is noticed."""
    res = CaseResult(_case_number(case_closers), "closers")
    d = ctx.daemon("closers", [])
    try:
        # 1. 8 addresses x 8 clients that connect, send and close at once: all 64 slots, at no cost.
        closed_at = {}
        for i in range(64):
            s = _send_line(f"127.0.7.{1 + i // 8}", d.port, b"hit and run %d\n" % i, False)
            key = s.getsockname()
            s.close()
            closed_at[key] = time.time()
        _withdraw_delays(res, d, closed_at, "64 instant closers", 5)
        # Their slots are free again: another host gets a dialog, not Busy.
        watch = ctx.mapwatch()
        dialog_ms, local, ok, note = probe(ctx, d, watch, 1, answer=True)
        expected = collections.Counter(closed_at.keys())
        if local:
            expected[local] += 1
        res.details.append(note)
        if not ok:
            res.failures.append(f"after the closers another host was not served: {note}")
        else:
            res.figures.append(f"then another host's dialog in {dialog_ms:.0f} ms and its Ok")
        # 2. Half-closed clients (nc -N, then killed) after 2 s, and after 15 s.
        for after, n in ((2, 4), (15, 2)):
            socks = [_send_line(f"127.0.8.{after}", d.port, b"half-closed, dies after %d s\n" % after, True)
                     for _ in range(n)]
            time.sleep(after)
            died = {}
            for s in socks:
                died[s.getsockname()] = time.time()
                s.close()
            expected.update(died.keys())
            _withdraw_delays(res, d, died, f"half-closed, died after {after} s", 5)
        check_daemon(res, d, settle(d, sum(expected.values()), 5), expected)
    finally:
        stop_daemon(res, d)
    # 3. Living half-closed clients, probed for 12 s, get exactly the answer.
    d = ctx.daemon("closers-living", ["--answer-timeout", "12s"])
    try:
        socks = [_send_line("127.0.9.1", d.port, b"half-closed and waiting %d\n" % i, True) for i in range(4)]
        replies = []
        for s in socks:
            s.settimeout(20)
            data = b""
            try:
                while True:
                    chunk = s.recv(64)
                    if not chunk:
                        break
                    data += chunk
            except OSError as e:
                data += repr(e).encode()
            replies.append(data)
            s.close()
        good = sum(1 for r in replies if r == b"Timeout\n")
        res.figures.append(f"living half-closed clients probed for 12 s: {good}/4 got exactly 'Timeout\\n'")
        if good != 4:
            res.failures.append(f"half-closed clients got {replies!r}")
    finally:
        stop_daemon(res, d)
    _vanishing_host(ctx, res)
    return res


CASES.append(case_closers)

# ----- case 5: a flood of refused connections -----

from .netload import WAIT  # noqa: E402  (here, so this case stays one block at the end)

DENIED_SRC = "127.200.0.1"
# The daemon's defaults (RefusalLimiter.Limits.DEFAULT): 10 s windows, 100 refusal lines in all
# per window, 100 sources told apart, and a summary per source (and 'others') and outcome.
REFUSAL_WINDOW = 10.0
REFUSAL_LINES_PER_WINDOW = 100 + 2 * (100 + 1)


def case_refusals(ctx):
    res = CaseResult(_case_number(case_refusals), "refusals")
    d = ctx.daemon("5-refusals", ["--allow", "127.0.0.0/9", "--allow", "::1"])
    drops0 = listen_drops()
    try:
        t0 = time.monotonic()
        # (a) one address outside the allow-list, as fast as it can for 5 s; (b) then 1,024 addresses
        # of a /16, twice each: more sources than the daemon tells apart.
        one = []
        Engine(d.port).run((Spec(DENIED_SRC, [], then=WAIT, deadline=10, kind="one") for _ in range(ctx.n(200000))),
                           16, one.append, max_seconds=5)
        took_a = time.monotonic() - t0
        many = []
        Engine(d.port).run((Spec(f"127.201.{i // 256}.{i % 256}", [], then=WAIT, deadline=10, kind="many")
                            for i in list(range(ctx.n(1024))) * 2), 32, many.append, max_seconds=60)
        flood_seconds = time.monotonic() - t0
        results = one + many
        expected = keys_of(results)
        total = sum(expected.values())
        # The last summaries come when the last window ends, up to 10 s after the flood.
        log = settle(d, total, REFUSAL_WINDOW + 15)
        # Connections still open when a phase's time was up are reset by the engine: no reply to check.
        cut = sum(1 for r in results if r.established and r.deadline_hit)
        replies = collections.Counter(r.reply_line for r in results if r.established and not r.deadline_hit)
        own = [line for o, _, _, line in log.audit if o == "denied"]
        summaries = log.summaries
        written = sum(len(line) + 1 for line in own) + sum(len(s[4]) + 1 for s in summaries)
        per_line = statistics.mean(len(line) + 1 for line in own) if own else 0
        res.figures.append(f"{total:,} refused connections ({len(one):,} from one address in {took_a:.1f} s,"
                           f" {len(many):,} from {ctx.n(1024):,} addresses)")
        res.figures.append(f"{len(own) + len(summaries):,} audit lines ({len(own)} own, {len(summaries)} summaries),"
                           f" {written / 1024:.1f} KiB instead of {total:,} lines, about"
                           f" {total * per_line / 1024:,.0f} KiB")
        windows = int(flood_seconds // REFUSAL_WINDOW) + 2
        limit = windows * REFUSAL_LINES_PER_WINDOW
        if len(own) + len(summaries) > limit:
            res.failures.append(f"{len(own) + len(summaries)} refusal lines in {flood_seconds:.1f} s,"
                                f" more than {limit} ({windows} windows)")
        if set(replies) - {"Denied"}:
            res.failures.append(f"replies other than Denied: {dict(replies)}")
        if not any(s[1] == DENIED_SRC for s in summaries):
            res.failures.append(f"no summary for {DENIED_SRC}")
        if not any(s[1] == auditlog.OTHERS for s in summaries):
            res.failures.append("no summary for 'others' after more sources than the daemon tells apart")
        res.details.append(f"replies {dict(replies)}, {cut} cut at the end of a phase; summaries: {[s[4].split(' audit ')[-1] for s in summaries][:8]}")
        check_daemon(res, d, log, expected, gone_of(results), listen_drops() - drops0)
    finally:
        stop_daemon(res, d)
    return res


CASES.append(case_refusals)


# ----- a stopped dialog process (issue 8) -----

STOP_SOURCES = [f"127.0.5.{i}" for i in range(1, 9)]  # 8 per source: --max-per-source stays default
SHOWING = re.compile(rb"showing requests on DISPLAY=\S+(?: \((\d+) pending\))?")
KILLED = re.compile(rb"dialog process (\d+) (did not answer a liveness check|stopped reading its input)")


def _dialog_process(d, seconds=30):
    """Pid of the daemon's dialog process (the java below it running PromptHostMain), or None."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for pid in descendants(d.pid):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if b"PromptHostMain" in f.read():
                        return pid
            except OSError:
                continue
        time.sleep(0.05)
    return None


def _state(pid):
    """The /proc state letter of pid ('T' stopped, 'Z' zombie), or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().decode("ascii", "replace").rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def _await_stdout(d, pattern, seconds, count=1):
    """Waits until pattern (bytes regex) matches count times in the daemon's stdout; the matches, or None."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = list(pattern.finditer(d.stdout_bytes()))
        if len(found) >= count:
            return found
        time.sleep(0.02)
    return None


def _connect(src, port, line):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(5)
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    s.sendall(line)
    return s


def _reset(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
    s.close()


def _sigterm(res, d, child, what):
    """SIGTERM to the daemon alone (not its process group); seconds until it and its dialog process ended."""
    t0 = time.monotonic()
    os.kill(d.pid, signal.SIGTERM)
    try:
        code = d.proc.wait(10)
    except subprocess.TimeoutExpired:
        code = None
    t_daemon = time.monotonic() - t0
    while _state(child) not in (None, "Z") and time.monotonic() - t0 < 10:
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


def case_stopped_gui(ctx):
    number = CASES.index(case_stopped_gui) + 1
    res = CaseResult(number, "stopped GUI")
    # (a) Dialog process stopped (SIGSTOP), then 64 requests of 4,000 bytes, far more than the 64 KiB
    # pipe to it holds: half are reset by their clients after 0.5 s, half must get Timeout at 2 s.
    d = ctx.daemon(f"{number}-stopped-gui-a", ["--answer-timeout", "2s"])
    sockets = []
    try:
        if not _await_stdout(d, SHOWING, 30):
            raise RuntimeError("the dialog process did not become ready within 30 s")
        child = _dialog_process(d)
        os.kill(child, signal.SIGSTOP)
        expected = collections.Counter()
        filler = b"x" * 3970
        sent = {}
        for k in range(64):
            s = _connect(STOP_SOURCES[k % 8], d.port, b"torture stopped %d " % k + filler + b"\n")
            sent[s] = time.monotonic()
            expected[s.getsockname()] += 1
            sockets.append(s)
        time.sleep(0.5)
        leaving, waiting = sockets[:32], sockets[32:]
        wall_reset = time.time()
        gone = collections.Counter()
        for s in leaving:
            gone[s.getsockname()] += 1
            _reset(s)
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
        stopped = _state(child) == "T"
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
                                f" (state {_state(child)}): they did not test a stopped process")
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
        if not _await_stdout(d, SHOWING, 30):
            raise RuntimeError("the dialog process did not become ready within 30 s")
        first = _dialog_process(d)
        expected = collections.Counter()
        t0 = time.monotonic()
        for k in range(63):
            s = _connect(STOP_SOURCES[k % 8], d.port, b"torture recover %d\n" % k)
            expected[s.getsockname()] += 1
            sockets.append(s)
        if watch.wait_for(62, 60) is None:
            raise RuntimeError(f"only {watch.count()} of 63 dialogs shown within 60 s")
        res.details.append(f"63 dialogs on screen {time.monotonic() - t0:.1f} s after the first request")
        os.kill(first, signal.SIGSTOP)
        s = _connect(STOP_SOURCES[7], d.port, b"torture recover while stopped\n")
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
        if KILLED.search(d.stdout_bytes()) or _dialog_process(d, 1) != first:
            res.failures.append("a dialog process stopped for only 3 s was replaced")
        shown_before = watch.count()
        t_stop = time.monotonic()
        os.kill(first, signal.SIGSTOP)
        killed = _await_stdout(d, KILLED, 40)
        t_killed = time.monotonic() - t_stop
        ready = _await_stdout(d, SHOWING, 40, count=2)
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
        if _state(first) not in (None, "Z"):
            res.failures.append(f"the stopped dialog process {first} is still there (state {_state(first)})")
        gone = collections.Counter()
        for s in sockets:
            gone[s.getsockname()] += 1
            _reset(s)
        log = settle(d, 64, 20)
        if log.outcomes().get("withdrawn", 0) != 64:
            res.failures.append(f"recovery: audit outcomes {dict(log.outcomes())}, expected 64 withdrawn")
        check_daemon(res, d, log, expected, gone)
        _sigterm(res, d, _dialog_process(d, 1) or first, "after recovery")
    finally:
        watch.close()
        for s in sockets:
            s.close()
        if d.alive():
            d.stop()
    return res


CASES.append(case_stopped_gui)


# ----- 64 pending requests of mixed-direction text (issue 8) -----

BIDI_SOURCES = [f"127.0.5.{i}" for i in range(1, 9)]  # 8 addresses x the default --max-per-source 8
BIDI_MAX_LINE = 65536
# What a normal request's dialog may take with the 64 hostile ones pending (issue 8).
BIDI_LIMIT_MS = 1000
# Bounds of the case: how long to wait for the normal dialog and for all the hostile ones.
BIDI_WAIT_NORMAL = 60.0
BIDI_WAIT_ALL = 60.0


def _jcmd_pid(pid, *command):
    """jcmd against any JVM of ours ('' if jcmd is missing or fails)."""
    jcmd = shutil.which("jcmd")
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.path.exists(os.path.join(java_home, "bin", "jcmd")):
        jcmd = os.path.join(java_home, "bin", "jcmd")
    if not jcmd:
        return ""
    try:
        r = subprocess.run([jcmd, str(pid)] + list(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=60)
    except subprocess.TimeoutExpired:
        return ""
    return r.stdout.decode("utf-8", "replace")


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


def case_bidi_dialogs(ctx):
    res = CaseResult(CASES.index(case_bidi_dialogs) + 1, "bidi text")
    n_hostile = len(BIDI_SOURCES) * 8
    d = ctx.daemon("5-bidi", ["--max-pending", str(n_hostile + 8), "--max-line", str(BIDI_MAX_LINE),
                              "--bell-interval", "0"])
    watch = ctx.mapwatch()
    paintwait = os.path.join(os.path.dirname(ctx.xmapwatch), "xpaintwait")
    subprocess.run(["cc", "-O2", "-o", paintwait, os.path.join(ctx.root, "scripts", "lib", "xpaintwait.c"), "-lX11"],
                   check=True)
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
            gui = _dialog_process(d, 1)
            heap = _heap_used_mib(gui) if gui else None
            time.sleep(0.5)
        save_samples(ctx, "5-bidi", sampler.samples)
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
            r = _xdotool(ctx, "search", "--onlyvisible", "--name", "^mediachanged")
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
    return res


CASES.append(case_bidi_dialogs)
