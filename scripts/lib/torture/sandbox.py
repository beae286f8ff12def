"""A private network and mount namespace for the whole torture run.

Inside it only the loopback interface exists, so no packet of the run can
leave the machine, the kernel's listen-queue counters and `ss` see only the
run's own sockets, and the daemon's reverse DNS lookups (it looks up every
connection) go to torture's own resolver on 127.0.0.53 (see fakedns.py)
through a private bind mount of /etc/resolv.conf, instead of flooding the
machine's real resolver. Everything disappears with the run's processes.
"""

import ctypes
import os
import subprocess

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000

NAMESERVER = "127.0.0.53"


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


def enter(workdir):
    """Moves this (still single-threaded) process into new network and mount
    namespaces (and a user namespace when not root), brings up loopback and
    points /etc/resolv.conf at NAMESERVER. Children inherit all of it."""
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.geteuid(), os.getegid()
    flags = CLONE_NEWNET | CLONE_NEWNS
    if uid != 0:
        flags |= CLONE_NEWUSER
    if libc.unshare(flags) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"unshare: {os.strerror(e)} (run as root, or allow unprivileged user namespaces)")
    if uid != 0:
        # Be root inside the new user namespace, mapped to ourselves outside.
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"0 {uid} 1")
        _write("/proc/self/gid_map", f"0 {gid} 1")
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    subprocess.run(["mount", "--make-rprivate", "/"], check=True)
    resolv = os.path.join(workdir, "resolv.conf")
    _write(resolv, f"nameserver {NAMESERVER}\n")
    subprocess.run(["mount", "--bind", resolv, "/etc/resolv.conf"], check=True)
    # The X sockets live in the file system, which the namespace otherwise shares:
    # without a private socket directory, our Xvfb would replace (and on exit
    # delete) the socket of a host X server with the same display number.
    os.makedirs("/tmp/.X11-unix", mode=0o1777, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=1777", "tmpfs", "/tmp/.X11-unix"], check=True)
