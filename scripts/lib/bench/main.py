"""scripts/bench: options, the run, and the table it prints."""

import argparse
import os
import shutil
import subprocess
import sys
import time

from harness import HarnessError, x11
from harness.layout import Checkout
from harness.procs import Interrupted, Processes, install_signal_handlers, shield_cleanup, temp_dir
from harness.stats import informative, number

from . import __doc__ as DOC
from .client import section_client
from .core import section_core
from .dialogs import section_dialogs
from .floor import section_floor
from .run import HERE, BenchError, Run, log
from .web import section_web
from .metrics import section_metrics
from .original import section_original


def print_table(run, meta):
    print()
    print("mediachange benchmark: %s" % meta["when"])
    print("machine: %d cores, load average %s at start, %s at end; %s" % (
        meta["cores"], meta["load_start"], meta["load_end"], meta["java"]))
    print("measured: %s (%s)" % (run.measured.root, meta["commit"]))
    print("daemon: %s" % run.launcher)
    print()
    head = ("#", "figure", "unit", "n", "median", "p95", "p99", "min", "max", "goal / note")
    table = [head]
    for sec, name, unit, s, note in run.rows:
        # A percentile of too few values to tell it from the maximum is left out ('-').
        table.append((sec, name, unit, str(s.n), number(s.median, unit),
                      number(s.p95 if informative(95, s.n) else None, unit),
                      number(s.p99 if informative(99, s.n) else None, unit),
                      number(s.min, unit), number(s.max, unit), note))
    widths = [max(len(r[i]) for r in table) for i in range(len(head) - 1)]
    for r in table:
        cells = [r[i].ljust(widths[i]) if i in (1, 2) else r[i].rjust(widths[i]) for i in range(len(head) - 1)]
        print("  ".join(cells) + "  " + r[-1])
    print()
    for n in run.notes:
        print("note: " + n)


def preflight(measured):
    missing = [t for t in ("Xvfb", "xdotool", "nc", "cc", "java", "timeout") if shutil.which(t) is None]
    if missing:
        raise BenchError("missing tools: %s (apt-get install xvfb xdotool netcat-openbsd gcc libx11-dev)"
                         % " ".join(missing))
    for jar in (measured.jar("mediachange-client"), measured.jar("mediachange-daemon"),
                HERE.jar("mediachange-bench")):
        if not jar.exists():
            raise BenchError(f"{jar} is missing; build first: ./mvnw -q package -DskipTests")


def parse_args(argv=None):
    ap = argparse.ArgumentParser(prog="scripts/bench", description=DOC.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, for a first look")
    ap.add_argument("--only", default="1,2,3,4,5,6,7,8,9",
                    help="sections to run, e.g. 4,5 (1-3 share one daemon run; 6: the web console; 7: metrics;"
                         " 8: the original Perl/Tk daemon beside ours; 9: the JVM's floor, nothing of ours)")
    ap.add_argument("--root", help="measure the build in this checkout instead (e.g. an older commit, built)")
    ap.add_argument("--installed", action="store_true",
                    help="measure the daemon as installed: the build's tarball unpacked, its bin/mediachanged"
                         " with its shipped etc/mediachanged.properties (default: scripts/mediachanged)")
    opt = ap.parse_args(argv)
    q = opt.quick
    opt.cold_runs = 2 if q else 5
    opt.warmup_dialogs = 3 if q else 5
    opt.dialogs = 8 if q else 20
    opt.bursts = 2 if q else 5
    opt.clients = 8 if q else 20
    opt.cds_first_runs = 2 if q else 5
    opt.core_warmup = 1 if q else 2
    opt.core_rounds = 3 if q else 5
    opt.web_samples = 5 if q else 20
    opt.web_memory_runs = 1 if q else 3
    opt.floor_memory_runs = 1 if q else 3
    opt.floor_dialog_runs = 2 if q else 5
    opt.sections = set(opt.only.split(","))
    return opt


def sections(run):
    """Runs the sections asked for, in the table's order: 1-3, 6, 7, 8 and 9 each on an Xvfb of their own,
    then 4 and 5."""
    env = {k: v for k, v in os.environ.items() if k not in ("MEDIACHANGE_JAVA_OPTS", "MEDIACHANGE_CDS")}
    env["LANG"] = env.get("LANG", "C.UTF-8")
    # A cache of the run's own: the dialog process's class archive is made (and timed) afresh.
    run.cache = run.tmp / "daemon-cache"
    run.cache.mkdir()
    env["XDG_CACHE_HOME"] = str(run.cache)
    run.env = env
    run.launcher = run.measured.script("mediachanged")
    if run.opt.installed:
        (run.tmp / "installed").mkdir()
        top = run.measured.unpack_tarball(run.tmp / "installed")
        if top is None:
            raise BenchError("--installed: no mediachange-*.tar.gz in mediachange-dist/target; build first")
        run.launcher = top / "bin" / "mediachanged"
    # Each of these on an Xvfb of its own: (the sections that ask for it, its log, what it is, how it runs).
    on_xvfb = (
        ({"1", "2", "3"}, "xvfb.log", "sections 1-3: dialogs, burst, memory",
         lambda x: section_dialogs(run, x.env(env), x.pid)),
        ({"6"}, "xvfb-web.log", "section 6: web console", lambda x: section_web(run, x.env(env))),
        ({"7"}, "xvfb-metrics.log", "section 7: metrics and systemd notification",
         lambda x: section_metrics(run, x.env(env))),
        ({"8"}, "xvfb-original.log", "section 8: the original Perl/Tk daemon beside ours",
         lambda x: section_original(run, x.env(env), x.pid)),
        ({"9"}, "xvfb-floor.log", "section 9: the JVM's floor", lambda x: section_floor(run, x.env(env))),
    )
    if any(run.opt.sections & wanted for wanted, *_ in on_xvfb):
        run.xmapwatch = x11.build_helper("xmapwatch", run.tmp)
    for wanted, log_name, what, section in on_xvfb:
        if run.opt.sections & wanted:
            x = x11.Xvfb(run.procs, run.xmapwatch, env, run.tmp / log_name)
            log(f"Xvfb on DISPLAY={x.display}; {what}")
            section(x)
            x.stop()
    if "4" in run.opt.sections:
        log("section 4: client round trip")
        section_client(run, env)
    if "5" in run.opt.sections:
        log("section 5: server core throughput")
        section_core(run, env)


def main(argv=None):
    opt = parse_args(argv)
    measured = Checkout(opt.root) if opt.root else HERE
    install_signal_handlers()
    procs = Processes()
    t_start = time.monotonic()
    with temp_dir("mediachange-bench.") as tmp:
        run = Run(opt, measured, procs, tmp, {})
        try:
            preflight(measured)
            java = subprocess.run(["java", "-version"], stderr=subprocess.PIPE, text=True).stderr.splitlines()
            meta = {"cores": len(os.sched_getaffinity(0)), "java": java[1] if len(java) > 1 else java[0],
                    "load_start": "%.2f" % os.getloadavg()[0], "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                    "commit": measured.commit()}
            sections(run)
            meta["load_end"] = "%.2f" % os.getloadavg()[0]
            run.notes.append("took %.0f s; every figure in ms unless the unit says otherwise"
                             % (time.monotonic() - t_start))
            print_table(run, meta)
            return 0
        except HarnessError as e:
            log("failed: " + str(e))
            if run.rows:  # what was measured before the failure is still worth a look
                meta["load_end"] = "%.2f" % os.getloadavg()[0]
                run.notes.append("INCOMPLETE: the run failed after these rows: " + str(e)[:200])
                print_table(run, meta)
            for xlog in sorted(tmp.glob("xvfb*.log")):
                if xlog.stat().st_size:
                    log("Xvfb said: " + xlog.read_text(errors="replace")[-1000:])
            for p in procs.started:
                if p.poll() is not None:
                    log("%s exited with %s" % (p.args[0], p.returncode))
            return 1
        except (KeyboardInterrupt, Interrupted):
            log("interrupted; stopping everything this run started")
            return 130
        finally:
            shield_cleanup()
            procs.stop_all()


if __name__ == "__main__":
    sys.exit(main())
