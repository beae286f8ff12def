"""Case 5, closers (issue 8): 64 clients (8 addresses) that close right after
their line are all withdrawn within 5 s and another host is served;
half-closed clients killed 2 s and 15 s later are withdrawn within 5 s;
living half-closed clients get exactly their answer; a client whose host
vanishes (its veth link goes down) is withdrawn by keepalive within 40 s."""

import collections
import subprocess
import sys
import time

from .. import auditlog
from .clients import probe, send_line
from .common import check_daemon, settle, stop_daemon

TITLE = "closers"

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
    d = ctx.daemon(f"{res.number}-closers-vanish", ["--allow", "10.77.0.0/30"], bind="10.77.0.1")
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
            ctx.procs.stop(client, grace=1)
        stop_daemon(res, d)
        subprocess.run(["ip", "link", "del", "mc-d0"], stderr=subprocess.DEVNULL)
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)


def run(ctx, res):
    """Issue 8, item 3: clients that close right after their line must not keep
    dialogs and slots; a half-closed client that dies is withdrawn; a living
    half-closed one still gets its answer, exactly; a vanished host is noticed."""
    d = ctx.daemon(f"{res.number}-closers", [])
    try:
        # 1. 8 addresses x 8 clients that connect, send and close at once: all 64 slots, at no cost.
        closed_at = {}
        for i in range(64):
            s = send_line(f"127.0.7.{1 + i // 8}", d.port, b"hit and run %d\n" % i, False)
            key = s.getsockname()
            s.close()
            closed_at[key] = time.time()
        _withdraw_delays(res, d, closed_at, "64 instant closers", 5)
        # Their slots are free again: another host gets a dialog, not Busy.
        watch = ctx.mapwatch()
        try:
            dialog_ms, local, ok, note = probe(ctx, d, watch, 1, answer=True)
        finally:
            watch.close()
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
            socks = [send_line(f"127.0.8.{after}", d.port, b"half-closed, dies after %d s\n" % after, True)
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
    d = ctx.daemon(f"{res.number}-closers-living", ["--answer-timeout", "12s"])
    try:
        socks = [send_line("127.0.9.1", d.port, b"half-closed and waiting %d\n" % i, True) for i in range(4)]
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
