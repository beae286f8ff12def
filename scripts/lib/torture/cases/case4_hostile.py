"""Case 4, hostile: 100,000 connections: the Big List of Naughty Strings with
real dialogs, then seeded random byte streams: no crash, no exception, RSS
stable, every answer as docs/PROTOCOL.md says, each naughty string logged as
sent."""

import collections
import os
import re
import time

from .. import auditlog, hostile
from ..netload import Engine
from ..sampler import Sampler, listen_drops
from .common import check_daemon, cpu_note, gone_of, keys_of, ms, save_samples, settle, stop_daemon

TITLE = "hostile"

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


def run(ctx, res):
    total = ctx.n(100000)
    # Nobody answers: every dialog closes after --answer-timeout and its client gets Timeout. Up to
    # 128 at once, as dialogs that wait for it keep their connection for that long.
    answer_timeout = 2.0
    request_timeout = 10.0
    d = ctx.daemon(f"{res.number}-hostile", ["--answer-timeout", "2s", "--max-pending", "128",
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
        save_samples(ctx, f"{res.number}-hostile", sampler.samples)
        with open(os.path.join(ctx.logdir, f"{res.number}-hostile.progress.csv"), "w") as f:
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
