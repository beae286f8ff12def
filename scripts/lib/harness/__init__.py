"""One harness for scripts/bench and scripts/torture.

Both drive the real daemon from the outside and report figures; they share
one way to do each of these, so that their figures can be compared:

  procs    processes, each in its own process group, stopped by group with
           a grace period and always cleaned up (also on Ctrl-C, SIGTERM,
           SIGHUP); bounded runs of short commands; temporary directories
  procfs   what /proc says about a process tree: descendants, memory (PSS,
           RSS), CPU ticks, threads, file descriptors
  x11      a private Xvfb (-displayfd), the C helpers in scripts/lib
           (xmapwatch, xpaintwait) built with cc, the map watcher that stamps
           every dialog mapped on CLOCK_MONOTONIC, and the operator's
           xdotool clicks and keys
  daemon   scripts/mediachanged (a checkout's, or an installed layout's
           bin/mediachanged) on loopback, its logs in files, and jcmd
  layout   a checkout's build: its jars and launchers, and the tarball and
           .deb it built, unpacked as users install them
  stats    the one percentile definition (nearest rank) and the one summary
           of a series: median, p95, p99, max

Standard library only; runs on Debian's /usr/bin/python3 (3.11).
"""


class HarnessError(Exception):
    """A step of the harness failed (a process did not start, a wait ran out); the message says which."""
