"""The benchmark behind scripts/bench; see docs/PERFORMANCE.md.

Starts a private Xvfb (-displayfd), runs the daemon through scripts/mediachanged
on it, drives it with nc clients on 127.0.0.1, times dialogs appearing with
scripts/lib/xmapwatch.c (CLOCK_MONOTONIC on both sides), reads memory from
/proc/PID/smaps_rollup, times the client launcher against an instant responder,
and runs the server core benchmark (mediachange-bench). Prints one table.
Everything it starts runs in its own process group and is stopped at the end,
also on Ctrl-C or SIGTERM. Every wait is bounded. Processes, the daemon, Xvfb,
the map watcher and the percentile definition are the shared harness's
(scripts/lib/harness).

  main     options, the run, the table
  dialogs  sections 1-3: dialog latency, bursts, memory
  web      section 6: the web console
  metrics  section 7: /metrics and the systemd notification, in idle memory
  original section 8: the original Perl/Tk daemon beside ours
  floor    section 9: the JVM's floor (a JVM that only sleeps; a fresh JVM's one dialog)
  client   section 4: the client's cold round trip
  core     section 5: the server core's throughput
"""
