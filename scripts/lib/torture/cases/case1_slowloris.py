"""Case 1, slowloris: 1,000 dribbling connections from one address (a process
of its own, torture.attacker); meanwhile probes from another address must get
their dialog within 500 ms, and excess connections from the attacking address
must get Busy within 50 ms."""

import collections
import json
import os
import socket
import subprocess
import sys
import time

from harness.stats import describe, median, summarize

from .. import auditlog
from ..netload import LINGER_RESET
from ..sampler import Sampler, listen_drops
from .clients import probe
from .common import check_daemon, cpu_note, ms, save_samples, settle, stop_daemon

TITLE = "slowloris"
ATTACK_SRC = "127.0.0.66"


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


def run(ctx, res):
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
        ctx.procs.stop(attacker, grace=30)
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
            res.figures.append(f"probe dialog {describe(summarize(got), 'ms')}"
                               f" over {len(got)} probes during {len(recs):,} attack connections in"
                               f" {att['seconds']:.0f} s (limit 500 ms; idle: first dialog after start {idle[0]:.0f} ms,"
                               f" then {median(idle[1:] or idle):.0f} ms)")
        else:
            res.figures.append(f"{len(lat) - len(got)} of {len(lat)} probes got no dialog")
        slow = [x for x in got if x > 500]
        if slow:
            res.failures.append(f"{len(slow)} probe dialog(s) over 500 ms: {[round(x) for x in slow]}")
        if busy_own:
            over = sum(1 for x in busy_own if x > 50)
            res.figures.append(f"excess connection Busy+closed in {describe(summarize(busy_own), 'ms')}"
                               f" over {len(busy_own)} tries (limit 50 ms)")
            if over:
                res.failures.append(f"{over} of {len(busy_own)} excess connections took over 50 ms to get Busy"
                                    f" (max {max(busy_own):.1f} ms)")
        else:
            res.failures.append("no excess connection got Busy: the per-source cap did not act")
        res.details.append(f"Busy checks: {len(busy_own)} refused, {busy_admitted} without an answer within 3 s,"
                           f" times {sorted(round(x, 1) for x in busy_own)[-10:]} (10 slowest)")
        if busy:
            res.details.append(f"attacker's own view (its event loop serves 1,000 sockets, so an upper bound):"
                               f" Busy+close {describe(summarize(busy), 'ms')} over {len(busy):,} refusals")
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
                               f" resolution): {describe(summarize(server), 'ms')}")
        for local, want in probe_outcomes.items():
            got_lines = by_key.get((local[0], local[1]), [])
            if [o for o, _ in got_lines] != [want]:
                res.failures.append(f"probe {local}: audit {[o for o, _ in got_lines]}, expected [{want}]")
        check_daemon(res, d, log, expected, gone, listen_drops() - drops0, sampler)
    finally:
        watch.close()
        stop_daemon(res, d)
    return res

