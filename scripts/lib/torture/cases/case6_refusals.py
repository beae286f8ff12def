"""Case 6, refusals: 5 s of connections from an address outside the
allow-list, then 2,048 from 1,024 addresses: every one Denied and accounted
for in the audit log, which stays within its bounded number of lines
(summaries past the rate)."""

import collections
import statistics
import time

from .. import auditlog
from ..netload import WAIT, Engine, Spec
from ..sampler import listen_drops
from .common import check_daemon, gone_of, keys_of, settle, stop_daemon

TITLE = "refusals"

DENIED_SRC = "127.200.0.1"
# The daemon's defaults (RefusalLimiter.Limits.DEFAULT): 10 s windows, 100 refusal lines in all
# per window, 100 sources told apart, and a summary per source (and 'others') and outcome.
REFUSAL_WINDOW = 10.0
REFUSAL_LINES_PER_WINDOW = 100 + 2 * (100 + 1)


def run(ctx, res):
    d = ctx.daemon(f"{res.number}-refusals", ["--allow", "127.0.0.0/9", "--allow", "::1"])
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
