"""What /proc says about the processes the scripts start: their trees,
memory, CPU time, threads and file descriptors. Every reader tolerates a
process that has just gone (it then counts as nothing)."""

import os
import re
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid, tid=None):
    """The fields of /proc/PID[/task/TID]/stat after the command name (field 3, the state, first)."""
    path = f"/proc/{pid}/stat" if tid is None else f"/proc/{pid}/task/{tid}/stat"
    with open(path, "rb") as f:
        return f.read().decode("ascii", "replace").rsplit(")", 1)[1].split()


def _children():
    """{ppid: [pid, ...]} of every process now."""
    kids = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            ppid = int(_stat_fields(name)[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(name))
    return kids


def descendants(pid):
    """Pids of all processes below pid (children, their children, ...)."""
    kids = _children()
    out, todo = [], [pid]
    while todo:
        for child in kids.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def tree(pid):
    """pid and all its descendants."""
    return [pid] + descendants(pid)


def cmdline(pid):
    """The command line of pid, arguments joined by spaces ('' once it is gone)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def comm(pid):
    """The command name of pid (what it executed last), or None once it is gone."""
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return None


def state(pid):
    """The state letter of pid ('T' stopped, 'Z' zombie), or None once it is gone."""
    try:
        return _stat_fields(pid)[0]
    except (OSError, IndexError):
        return None


def find_descendant(pid, needle, seconds):
    """The first process below pid whose command line contains needle, waiting up to seconds; or None."""
    end = time.monotonic() + seconds
    while True:
        for p in descendants(pid):
            if needle in cmdline(p):
                return p
        if time.monotonic() >= end:
            return None
        time.sleep(0.05)


def smaps(pid):
    """KiB from smaps_rollup: Pss, its anonymous and file-backed parts, and Rss."""
    out = {"Pss": 0, "Pss_Anon": 0, "Pss_File": 0, "Rss": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                k, _, rest = line.partition(":")
                if k in out:
                    out[k] = int(rest.split()[0])
    except OSError:
        pass
    return out


def cpu_ticks(pids):
    """User + system clock ticks the processes used so far."""
    total = 0
    for pid in pids:
        try:
            fields = _stat_fields(pid)
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total


def thread_ticks(pids):
    """{(pid, tid): (thread name, clock ticks)} for every thread of the processes."""
    out = {}
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    stat = f.read()
                name = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat.rsplit(")", 1)[1].split()
                out[(pid, tid)] = (name, int(fields[11]) + int(fields[12]))
            except (OSError, ValueError, IndexError):
                pass
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


def status(pid):
    """(rss_kib, threads, fds, cpu_seconds) of one process, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            text = f.read().decode("ascii", "replace")
        stat = _stat_fields(pid)
        fds = len(os.listdir(f"/proc/{pid}/fd"))
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    rss = int(re.search(r"^VmRSS:\s+(\d+)", text, re.M).group(1)) if "VmRSS" in text else 0
    threads = int(re.search(r"^Threads:\s+(\d+)", text, re.M).group(1))
    cpu = (int(stat[11]) + int(stat[12])) / CLOCK_TICKS  # utime + stime
    return rss, threads, fds, cpu


def wait_idle(pid, quiet=0.4, timeout=15.0):
    """Waits until pid's process tree used no CPU for `quiet` seconds (at most `timeout`); whether it did."""
    end = time.monotonic() + timeout
    last = cpu_ticks(tree(pid))
    since = time.monotonic()
    while time.monotonic() < end:
        time.sleep(0.05)
        cur = cpu_ticks(tree(pid))
        if cur - last > 1:  # more than one clock tick: still busy
            last, since = cur, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return True
    return False
