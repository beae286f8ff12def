"""Case 2, 1 MiB lines: 100 clients send 1 MiB lines at once: the daemon's RSS
grows less than 32 MiB at -Xmx64m, no OutOfMemoryError, and every client gets
'Error line too long'."""

import collections
import time

from harness.stats import median

from ..netload import HALFCLOSE, Engine, Spec
from ..sampler import Sampler, listen_drops
from .common import MIB, check_daemon, gone_of, keys_of, save_samples, settle, stop_daemon

TITLE = "1MiB lines"


def run(ctx, res):
    clients = ctx.n(100)
    d = ctx.daemon(f"{res.number}-long-lines", ["--max-pending", str(max(64, clients))])
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
        baseline = median(s.rss for s in base_sampler.samples)
        kid_baseline = median(s.kid_rss for s in base_sampler.samples)
        sources = [f"127.0.1.{i}" for i in range(1, 14)]  # 8 per source at most: --max-per-source stays default
        results = []
        eng = Engine(d.port)
        with Sampler(d.pid, 0.02) as sampler:
            took = eng.run([Spec(sources[i % len(sources)], [(0, line)], then=HALFCLOSE, deadline=60, kind="1MiB")
                            for i in range(clients)], clients, results.append)
            time.sleep(3)
        save_samples(ctx, f"{res.number}-long-lines", sampler.samples)
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
