"""Section 9 of the benchmark: the JVM's floor. Two tiny Java programs with nothing of ours in
them (floor/Idle.java, floor/OneDialog.java, compiled at bench time), run with the JVM options
of the measured launcher (its jvm_opts="..." line), show what a HotSpot JVM on this machine
cannot go below: the PSS of a JVM that only sleeps (beside the daemon's idle memory, section 3)
and the time from spawning a fresh JVM to its one JOptionPane mapped (beside the first dialog
from idle, section 1), with a class data sharing archive of its own classes made as the daemon
makes its dialog process's (-XX:DumpLoadedClassList, then -Xshare:dump), and without one."""

import os
import select
import shutil
import subprocess
import time
from pathlib import Path

from harness import HarnessError, procfs, x11
from harness.procs import Processes
from harness.stats import median, summarize

from .run import BenchError, launcher_jvm_opts, now_ns

SOURCES = Path(__file__).resolve().parent / "floor"
TITLE = "mediachange-floor dialog"  # OneDialog.TITLE, what the map watcher matches
# As the daemon runs its dialog process with an archive and makes one (DialogClassArchive).
CDS_QUIET = ["-Xlog:cds=off", "-Xlog:cds+dynamic=off"]
HOLD_MS = "300"  # how long OneDialog keeps its dialog up before it exits


def jdk_tool(env, name):
    """JAVA_HOME's bin/NAME if JAVA_HOME is set (as the launchers choose java), else NAME on PATH."""
    home = env.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", name), os.X_OK):
        return os.path.join(home, "bin", name)
    found = shutil.which(name)
    if found is None:
        raise BenchError(f"section 9 needs {name} (a JDK)")
    return found


def compile_floor(run, env):
    """floor/*.java compiled into the run's temporary directory and put in a jar there (class data
    sharing archives only classes from jars, not from a directory); the jar."""
    out, jar = run.tmp / "floor-classes", run.tmp / "floor.jar"
    for cmd in ([jdk_tool(env, "javac"), "--release", "17", "-encoding", "UTF-8", "-d", str(out),
                 *sorted(str(p) for p in SOURCES.glob("*.java"))],
                [jdk_tool(env, "jar"), "--create", "--file", str(jar), "-C", str(out), "."]):
        r = Processes.run(cmd, timeout=120, env=env)
        if r.returncode != 0:
            raise BenchError("%s failed on %s: %s" % (Path(cmd[0]).name, SOURCES,
                                                      r.stderr.decode("utf-8", "replace")[-1000:]))
    return jar


def other_jvms(pid):
    """How many JVMs besides pid run on the machine now (they share libjvm.so's and the JDK class
    archive's pages, and so the file-backed part of PSS)."""
    return sum(1 for name in os.listdir("/proc") if name.isdigit() and int(name) != pid
               and procfs.comm(int(name)) == "java")


def idle_pss(run, cmd, env):
    """smaps_rollup KiB of Idle once it has printed its line, ~1 s has passed and it is idle, and
    (key "others") how many other JVMs were running then."""
    p = run.procs.spawn(cmd + ["Idle"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        ready, _, _ = select.select([p.stdout], [], [], 30)
        if not ready or not p.stdout.readline().startswith(b"idle"):
            raise BenchError("the idle JVM printed nothing within 30 s (exit code %s)" % p.poll())
        time.sleep(1.0)
        procfs.wait_idle(p.pid)
        mem = dict(procfs.smaps(p.pid), others=other_jvms(p.pid))
        if p.poll() is not None or not mem["Pss"]:
            raise BenchError("the idle JVM ended before its memory was read")
        return mem
    finally:
        run.procs.stop(p)


def one_dialog(run, cmd, env, watcher, err_path):
    """ms from just before spawning java to OneDialog's dialog mapped; the JVM must then exit 0."""
    since = watcher.count()
    with open(err_path, "ab") as err:
        t0 = now_ns()
        p = run.procs.spawn(cmd + ["OneDialog", HOLD_MS], env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        try:
            (t, _, _), = watcher.wait_new(since, 1, 30)
        except HarnessError as e:
            raise BenchError("%s; the JVM's stderr: %s" % (e, err_path.read_text(errors="replace")[-500:])) from None
        try:
            code = p.wait(20)
        except subprocess.TimeoutExpired:
            raise BenchError("the dialog JVM did not exit within 20 s of its dialog") from None
        if code != 0:
            raise BenchError("the dialog JVM exited %s: %s" % (code, err_path.read_text(errors="replace")[-500:]))
        return (t - t0) / 1e6
    finally:
        run.procs.stop(p)


def make_archive(run, java, opts, jar, env, watcher):
    """A class data sharing archive of what OneDialog loads (its path): one recording run, then
    java OPTIONS -Xshare:dump, as the daemon makes its dialog process's."""
    classlist, archive = run.tmp / "floor.classlist", run.tmp / "floor.jsa"
    one_dialog(run, [java, *opts, "-XX:DumpLoadedClassList=" + str(classlist), "-cp", str(jar)], env, watcher,
               run.tmp / "floor-record.err")
    if not classlist.exists() or b"javax/swing/JOptionPane" not in classlist.read_bytes():
        raise BenchError(f"the recording run left no class list with JOptionPane in it ({classlist})")
    r = Processes.run([java, *opts, "-Xshare:dump", "-XX:SharedClassListFile=" + str(classlist),
                       "-XX:SharedArchiveFile=" + str(archive), *CDS_QUIET, "-cp", str(jar)],
                      timeout=180, env=env)
    if r.returncode != 0 or not archive.exists():
        raise BenchError("java -Xshare:dump failed (exit code %s): %s"
                         % (r.returncode, (r.stdout + r.stderr).decode("utf-8", "replace")[-800:]))
    # The timed runs use -Xshare:auto (as the daemon's dialog process does), which would go on
    # silently without an archive it cannot map; -Xshare:on fails instead.
    r = Processes.run([java, *opts, "-Xshare:on", "-XX:SharedArchiveFile=" + str(archive), "-cp", str(jar),
                       "-version"], timeout=60, env=env)
    if r.returncode != 0:
        raise BenchError("the JVM cannot map the class archive it made: "
                         + (r.stdout + r.stderr).decode("utf-8", "replace")[-800:])
    return archive


def section_floor(run, env):
    procs, opt = run.procs, run.opt
    opts = launcher_jvm_opts(run.launcher)
    jar = compile_floor(run, env)
    java = jdk_tool(env, "java")
    cmd = [java, *opts, "-cp", str(jar)]
    mems = [idle_pss(run, cmd, env) for _ in range(opt.floor_memory_runs)]

    watcher = x11.MapWatcher(procs, run.xmapwatch, env, pattern=TITLE)
    try:
        archive = make_archive(run, java, opts, jar, env, watcher)
        shared = [java, *opts, "-Xshare:auto", "-XX:SharedArchiveFile=" + str(archive), *CDS_QUIET,
                  "-cp", str(jar)]
        with_archive, without = [], []
        for _ in range(opt.floor_dialog_runs):  # in turn, so that load changes hit both alike
            with_archive.append(one_dialog(run, shared, env, watcher, run.tmp / "floor-cds.err"))
            without.append(one_dialog(run, cmd, env, watcher, run.tmp / "floor-plain.err"))
    finally:
        watcher.close()
    run.row("9", "floor: a JVM that only sleeps, the daemon's JVM options: PSS idle", "MiB",
            summarize([m["Pss"] / 1024 for m in mems]),
            "anon %.1f + file %.1f, RSS %.1f (medians; other JVMs running: %d); the daemon's goal:"
            " <= 40 MiB" % tuple([median([m[k] for m in mems]) / 1024 for k in ("Pss_Anon", "Pss_File", "Rss")]
                                 + [max(m["others"] for m in mems)]))
    run.row("9", "floor: a fresh JVM showing one JOptionPane, spawn -> mapped (own class archive)", "ms",
            summarize(with_archive), "nothing of ours in it; goal of the first dialog from idle: <= 250 ms")
    run.row("9", "floor: the same, without a class archive (the JDK's default one only)", "ms",
            summarize(without))
    run.notes.append("section 9 JVM options, from %s: %s" % (run.launcher, " ".join(opts)))
