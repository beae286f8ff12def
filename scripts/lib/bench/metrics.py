"""Section 7 of the benchmark: what the metrics (/metrics, issue 19) and the systemd notification cost in
idle memory: the daemon with the X dialog as usual, without and with --metrics, then scraped, then under a
stand-in for systemd's notification socket (NOTIFY_SOCKET, which loads JNA)."""

import os
import socket
import time
import urllib.request

from harness import procfs
from harness.procs import free_port
from harness.stats import median, single, summarize

from .run import BenchError, mem_note, memory

SCRAPES = 5


def scrape(port):
    """One scrape of /metrics as Prometheus asks for it (OpenMetrics first); the body's size."""
    req = urllib.request.Request("http://127.0.0.1:%d/metrics" % port, headers={
        "Accept": "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return len(r.read())


def idle(run, env, name, extra, scrapes=0):
    """PSS of one daemon, idle after start (and after `scrapes` scrapes of `extra`'s metrics port)."""
    d = run.daemon(env, name, extra_args=extra)
    try:
        time.sleep(1.0)
        if scrapes:
            port = int(extra[extra.index("--metrics") + 1].rsplit(":", 1)[1])
            for _ in range(scrapes):
                scrape(port)
                time.sleep(0.2)
        procfs.wait_idle(d.pid)
        return memory(d)
    finally:
        d.stop()


def section_metrics(run, env):
    """Idle memory without and with --metrics, after scrapes, and with NOTIFY_SOCKET set."""
    runs = run.opt.web_memory_runs
    mem = {}
    variants = (
        ("without --metrics", (), 0, env),
        ("with --metrics", None, 0, env),
        ("with --metrics, after %d scrapes" % SCRAPES, None, SCRAPES, env),
    )
    for label, extra, scrapes, e in variants:
        samples = [idle(run, e, "metrics-memory", extra if extra is not None
                        else ("--metrics", "127.0.0.1:%d" % free_port()), scrapes) for _ in range(runs)]
        mem[label] = samples
        run.row("7", "daemon PSS idle after start, %s" % label, "MiB",
                summarize([m["total_pss"] / 1024 for m in samples]), mem_note(samples[-1]))
    base = mem["without --metrics"]
    for label in list(mem)[1:]:
        run.row("7", "  added: %s (medians)" % label, "MiB", single(added(mem[label], base, "total_pss")),
                "daemon JVM alone %+.1f" % added(mem[label], base, "jvm"))
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = str(run.tmp / "notify.sock")
    receiver.bind(path)
    try:
        e = dict(env, NOTIFY_SOCKET=path, WATCHDOG_USEC="30000000")
        samples = [idle(run, e, "notify-memory", ()) for _ in range(runs)]
        got = []
        receiver.setblocking(False)
        try:
            while True:
                got.append(receiver.recv(4096))
        except BlockingIOError:
            pass
        if not any(b"READY=1" in g for g in got):
            raise BenchError("the daemon under NOTIFY_SOCKET sent no READY=1")
    finally:
        receiver.close()
        os.unlink(path)
    run.row("7", "daemon PSS idle after start, NOTIFY_SOCKET set (JNA loaded)", "MiB",
            summarize([m["total_pss"] / 1024 for m in samples]), mem_note(samples[-1]))
    run.row("7", "  added by the systemd notification (medians)", "MiB", single(added(samples, base, "total_pss")),
            "daemon JVM alone %+.1f" % added(samples, base, "jvm"))


def added(samples, base, what):
    """MiB between the medians of `samples` and `base`: of all processes, or of the daemon JVM alone (the dialog
    process's own PSS varies by about 1 MiB from run to run, which hides small differences)."""
    def value(m):
        return m["total_pss"] if what == "total_pss" else m["daemon"]["Pss"]
    return (median([value(m) for m in samples]) - median([value(m) for m in base])) / 1024
