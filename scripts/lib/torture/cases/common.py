"""What every case of scripts/torture shares: its result (one line of figures,
PASS or FAIL, details for the log directory), the context it runs in (the
daemon as started at boot, the display, the map watcher), and the checks
made after every case (the daemon alive, no exception or stray line, one
audit line per accepted connection)."""

import collections
import os
import time

from harness import x11
from harness.daemon import Daemon

from .. import auditlog
from ..netload import RESET

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

    def __init__(self, root, logdir, workdir, procs, display, xmapwatch, scale, seed, java_opts=JAVA_OPTS,
                 dns_stats=None):
        self.root = root
        self.logdir = logdir
        self.workdir = workdir
        self.procs = procs
        self.display = display
        self.xmapwatch = xmapwatch
        self.scale = scale
        self.seed = seed
        self.env = x11.display_env(os.environ, display)
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
        """The checkout's scripts/mediachanged on bind, port 0, its logs NAME.daemon.out/.err in the log directory."""
        d = Daemon(self.procs, os.path.join(self.root, "scripts", "mediachanged"), self.logdir, name, args,
                   self.daemon_env, bind)
        if d.comm() != "java":
            # scripts/mediachanged execs java; if that changes, the pid measured here is not the JVM.
            raise RuntimeError(f"pid {d.pid} of scripts/mediachanged is '{d.comm()}', not java")
        return d

    def mapwatch(self):
        return x11.MapWatcher(self.procs, self.xmapwatch, self.env)

    def helper(self, name):
        """scripts/lib/NAME.c built (once) into the run's temporary directory."""
        path = os.path.join(self.workdir, name)
        return path if os.path.exists(path) else str(x11.build_helper(name, self.workdir))


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


def ms(ns):
    return ns / 1e6


