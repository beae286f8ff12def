"""How scripts/torture watches the daemon during a case: samples of its RSS,
threads, fds and CPU (and, apart, of its children) on a background thread,
the accept queue of its listening socket, and the kernel's listen drops."""

import subprocess
import threading
import time

from harness import procfs


def listen_drops():
    """The kernel's count of connections dropped because a listening socket's
    accept queue was full (TcpExt ListenDrops; for this network namespace)."""
    try:
        with open("/proc/net/netstat") as f:
            lines = [l.split() for l in f if l.startswith("TcpExt:")]
        names, values = lines[0], lines[1]
        return int(values[names.index("ListenDrops")])
    except (OSError, ValueError, IndexError):
        return None


class Sample:
    __slots__ = ("t", "rss", "threads", "fds", "cpu", "kids", "kid_rss", "kid_threads", "kid_fds")

    def __init__(self, t, own, kids):
        self.t = t
        self.rss, self.threads, self.fds, self.cpu = own
        self.kids = len(kids)
        self.kid_rss = sum(k[0] for k in kids)
        self.kid_threads = sum(k[1] for k in kids)
        self.kid_fds = sum(k[2] for k in kids)


def sample(pid):
    """One measurement of pid and, separately, of its descendants; None if pid is gone."""
    own = procfs.status(pid)
    if own is None:
        return None
    kids = [s for s in (procfs.status(k) for k in procfs.descendants(pid)) if s is not None]
    return Sample(time.monotonic(), own, kids)


def accept_queue(port):
    """(connections waiting in the accept queue, its size) of the listener on
    port, from ss; None if ss is missing or the listener is gone."""
    try:
        r = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return None
    fields = r.stdout.split()
    if len(fields) < 3:
        return None
    return int(fields[1]), int(fields[2])


class Sampler:
    """Samples a process every interval seconds on a background thread; with
    a port, also the accept queue of the daemon's listening socket."""

    def __init__(self, pid, interval, port=None):
        self.pid = pid
        self.interval = interval
        self.port = port
        self.queue_max = 0
        self.queue_size = None
        self.samples = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            s = sample(self.pid)
            if s is not None:
                self.samples.append(s)
            if self.port:
                q = accept_queue(self.port)
                if q:
                    self.queue_max = max(self.queue_max, q[0])
                    self.queue_size = q[1]
            self._stop.wait(self.interval)
