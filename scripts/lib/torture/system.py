"""Processes scripts/torture starts (Xvfb, xmapwatch, the daemon, helpers),
how it measures them (/proc), and how it cleans them all up.

Every process is started in its own session (so Ctrl-C reaches only the
driver, which then stops things in order) and is stopped through its own
process group id, which also catches any children it spawned (e.g. the
daemon's GUI child JVM), and nothing else.
"""

import os
import re
import select
import shutil
import signal
import subprocess
import threading
import time


class Interrupted(Exception):
    """SIGTERM or SIGHUP arrived: stop and clean up, like Ctrl-C."""


def _raise_interrupted(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def install_signal_handlers():
    # Explicitly, as a shell starts background jobs with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupted)
    signal.signal(signal.SIGHUP, _raise_interrupted)


class Processes:
    """Starts processes and remembers them, so that stop_all() ends every one."""

    def __init__(self):
        self.started = []

    def spawn(self, argv, **kw):
        p = subprocess.Popen(argv, start_new_session=True, **kw)
        self.started.append(p)
        return p

    @staticmethod
    def stop(p, grace=5.0, sig=signal.SIGTERM):
        """Signals p's process group (p and anything it spawned), waits up to
        grace seconds, then kills the group. Returns p's exit code."""
        try:
            os.killpg(p.pid, sig)
        except ProcessLookupError:
            pass
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            pass
        try:
            # Children left behind by p (same group) go too.
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            return p.wait(5)
        except subprocess.TimeoutExpired:
            return None

    def stop_all(self):
        for p in reversed(self.started):
            self.stop(p, grace=3.0)
        self.started.clear()


# ----- /proc -----

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def proc_status(pid):
    """(rss_kib, threads, fds, cpu_seconds) of one process, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            status = f.read().decode("ascii", "replace")
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read().decode("ascii", "replace").rsplit(")", 1)[1].split()
        fds = len(os.listdir(f"/proc/{pid}/fd"))
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    rss = int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1)) if "VmRSS" in status else 0
    threads = int(re.search(r"^Threads:\s+(\d+)", status, re.M).group(1))
    cpu = (int(stat[11]) + int(stat[12])) / CLOCK_TICKS  # utime + stime
    return rss, threads, fds, cpu


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


def descendants(pid):
    """Pids of all processes below pid (children, their children, ...)."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read().decode("ascii", "replace")
        except (FileNotFoundError, ProcessLookupError):
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def thread_names(pid):
    """Names of pid's threads (as the JVM sets them, cut to 15 bytes), sorted."""
    names = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/comm", "rb") as f:
                    names.append(f.read().decode("utf-8", "replace").strip())
            except FileNotFoundError:
                pass
    except FileNotFoundError:
        pass
    return sorted(names)


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
    own = proc_status(pid)
    if own is None:
        return None
    kids = [s for s in (proc_status(k) for k in descendants(pid)) if s is not None]
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


# ----- Xvfb and xmapwatch -----

def start_xvfb(procs, log_path):
    """Starts a private Xvfb on a free display (it picks the number itself and
    reports it through -displayfd once it is ready). Returns ':N'."""
    r, w = os.pipe()
    log = open(log_path, "wb")
    procs.spawn(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                pass_fds=(w,), stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    os.close(w)
    data = b""
    deadline = time.monotonic() + 30
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([r], [], [], left)[0]:
            raise RuntimeError(f"Xvfb did not report a display within 30 s (see {log_path})")
        chunk = os.read(r, 64)
        if not chunk:
            raise RuntimeError(f"Xvfb exited before reporting a display (see {log_path})")
        data += chunk
    os.close(r)
    return ":" + data.decode().strip()


def build_xmapwatch(root, workdir):
    out = os.path.join(workdir, "xmapwatch")
    src = os.path.join(root, "scripts", "lib", "xmapwatch.c")
    subprocess.run(["cc", "-O2", "-o", out, src, "-lX11"], check=True)
    return out


class MapWatch:
    """Runs xmapwatch and collects (monotonic_ns, window_id, title) of every
    window mapped whose title contains pattern."""

    def __init__(self, procs, binary, env, pattern="mediachanged"):
        self.procs = procs
        self.maps = []
        self._cond = threading.Condition()
        self.proc = procs.spawn([binary, pattern], env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(10):
            raise RuntimeError("xmapwatch did not start")

    def _read(self):
        for raw in self.proc.stdout:
            parts = raw.decode("utf-8", "replace").rstrip("\n").split(" ", 2)
            if parts[0] == "ready":
                self._ready.set()
                continue
            if len(parts) == 3:
                with self._cond:
                    self.maps.append((int(parts[0]), parts[1], parts[2]))
                    self._cond.notify_all()

    def count(self):
        with self._cond:
            return len(self.maps)

    def wait_for(self, index, timeout):
        """The index-th map (0-based) once it has happened, or None after timeout seconds."""
        end = time.monotonic() + timeout
        with self._cond:
            while len(self.maps) <= index:
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            return self.maps[index]

    def close(self):
        Processes.stop(self.proc, grace=1.0)
        if self.proc in self.procs.started:
            self.procs.started.remove(self.proc)


# ----- the daemon -----

LISTENING = re.compile(rb"listening on .* port (\d+)")


class Daemon:
    """scripts/mediachanged started from the outside, as an operator would,
    on loopback only, logging to files."""

    def __init__(self, procs, root, workdir, name, args, env, bind="127.0.0.1"):
        self.procs = procs
        self.name = name
        self.out_path = os.path.join(workdir, f"{name}.daemon.out")
        self.err_path = os.path.join(workdir, f"{name}.daemon.err")
        self.args = ["--bind", bind, "--port", "0"] + list(args)
        argv = [os.path.join(root, "scripts", "mediachanged")] + self.args
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.proc = procs.spawn(argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        self.pid = self.proc.pid
        self.port = self._await_port(60)
        self.exit_code = None
        self.stop_seconds = None

    def _await_port(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            with open(self.out_path, "rb") as f:
                m = LISTENING.search(f.read())
            if m:
                return int(m.group(1))
            if self.proc.poll() is not None:
                raise RuntimeError(f"daemon exited {self.proc.returncode} at start: " + self.tail())
            time.sleep(0.05)
        raise RuntimeError(f"daemon did not listen within {seconds} s: " + self.tail())

    def alive(self):
        return self.proc.poll() is None

    def comm(self):
        try:
            with open(f"/proc/{self.pid}/comm") as f:
                return f.read().strip()
        except FileNotFoundError:
            return None

    def stdout_bytes(self):
        with open(self.out_path, "rb") as f:
            return f.read()

    def stderr_bytes(self):
        with open(self.err_path, "rb") as f:
            return f.read()

    def tail(self, n=2000):
        return (self.stdout_bytes()[-n:] + self.stderr_bytes()[-n:]).decode("utf-8", "replace")

    def jcmd(self, *command):
        """Runs jcmd against the daemon's JVM; returns its output ('' if jcmd is missing)."""
        jcmd = shutil.which("jcmd")
        java_home = os.environ.get("JAVA_HOME")
        if java_home and os.path.exists(os.path.join(java_home, "bin", "jcmd")):
            jcmd = os.path.join(java_home, "bin", "jcmd")
        if not jcmd:
            return ""
        r = subprocess.run([jcmd, str(self.pid)] + list(command), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60)
        return r.stdout.decode("utf-8", "replace")

    def stop(self):
        """SIGTERM, as systemd would; records exit code and how long it took."""
        t0 = time.monotonic()
        self.exit_code = Processes.stop(self.proc, grace=10.0)
        self.stop_seconds = time.monotonic() - t0
        if self.proc in self.procs.started:
            self.procs.started.remove(self.proc)
