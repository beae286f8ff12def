"""Section 5 of the benchmark: the server core's throughput (mediachange-bench's
ServerCoreBench, which computes its latency percentiles by nearest rank, as
harness.stats does)."""

from harness.procs import Processes
from harness.stats import Summary, single, summarize

from .run import HERE, BenchError, launcher_jvm_opts


def section_core(run, env):
    opt = run.opt
    flags = launcher_jvm_opts(run.measured.script("mediachanged"))
    # The measured checkout's daemon classes come first on the class path (for --root).
    classpath = [str(run.measured.jar("mediachange-daemon")),
                 str(run.measured.dependency("mediachange-daemon", "mediachange-common-0.1.0.jar")),
                 str(HERE.jar("mediachange-bench"))]
    # With a state directory, as the daemon runs: each request is saved (writes coalesced).
    cmd = ["java", *flags, "-cp", ":".join(classpath), "org.mediachange.bench.ServerCoreBench", "--threads", "2",
           "--warmup", str(opt.core_warmup), "--rounds", str(opt.core_rounds), "--round-seconds", "1",
           "--state-dir", str(run.tmp / "core-state")]
    p = Processes.run(cmd, 120, env=env)
    out = p.stdout.decode()
    total = next((line for line in out.splitlines() if line.startswith("total ")), None)
    if p.returncode != 0 or total is None:
        raise BenchError("server core benchmark failed: " + (out + p.stderr.decode())[-500:])
    kv = dict(x.split("=", 1) for x in total.split()[1:])
    rounds = [float(dict(x.split("=", 1) for x in line.split()[2:])["rps"]) for line in out.splitlines()
              if line.startswith("round ")]
    run.row("5", "server core: requests/s, 2 client threads (1 s rounds)", "req/s", summarize(rounds), ">= 5000")
    run.row("5", "server core: latency p50 / p99 of all requests", "ms",
            Summary(int(kv["requests"]), float(kv["p50_us"]) / 1e3, float(kv["p95_us"]) / 1e3,
                    float(kv["p99_us"]) / 1e3, None, float(kv["max_us"]) / 1e3),
            "p99 %.2f ms" % (float(kv["p99_us"]) / 1e3))
    run.row("5", "server core: CPU per request, server side / client threads", "us",
            single(float(kv["server_cpu_us"])), "client %s us" % kv["client_cpu_us"])
    run.row("5", "server core: state file writes per 1,000 requests (coalesced)", "writes",
            single(1000.0 * int(kv["state_writes"]) / max(1, int(kv["requests"]))), "")
    run.notes.append("server core JVM options (from scripts/mediachanged): " + (" ".join(flags) or "(none)"))
