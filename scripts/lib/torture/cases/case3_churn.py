"""Case 3, churn: 10,000 connect/close cycles (alternately FIN and reset):
open fds and threads back to the baseline within 15 s."""

import collections
import time

from harness import procfs

from ..netload import CLOSE, RESET, Engine, Spec
from ..sampler import Sampler, listen_drops, sample
from .common import check_daemon, cpu_note, gone_of, keys_of, save_samples, settle, stop_daemon

TITLE = "churn"


def run(ctx, res):
    cycles = ctx.n(10000)
    d = ctx.daemon(f"{res.number}-churn", [])
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
        base_names = procfs.thread_names(d.pid)
        results = []
        eng = Engine(d.port)
        with Sampler(d.pid, 0.1, d.port) as sampler:
            took = eng.run(specs(cycles), 32, results.append)
        t_done = time.monotonic()
        save_samples(ctx, f"{res.number}-churn", sampler.samples)
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
            extra = collections.Counter(procfs.thread_names(d.pid)) - collections.Counter(base_names)
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
