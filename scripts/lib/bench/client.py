"""Section 4 of the benchmark: a whole client run against an instant
responder, for the reference clients, the client jar, the checkout's
launcher and the installed layouts."""

import resource
import shutil
import socket
import threading
import time

from harness.procs import Processes
from harness.stats import summarize

from .run import BenchError, cpu_note, now_ns

# The original client from "Mastering Perl/Tk", chapter 19, reduced to its exchange
# (as in LaunchersIT).
PERL_CLIENT = r'''
use IO::Socket;
my ($host, $port, $msg) = @ARGV;
my $sock = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port, Proto => 'tcp')
    or die "mediachangec: cannot connect: $!\n";
print $sock "$msg\n";
print STDOUT <$sock>;
'''


class Responder:
    """Answers Ok at once to every line: the instant daemon for the client round trip."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.served = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            with c:
                c.settimeout(10)
                buf = b""
                try:
                    while b"\n" not in buf:
                        data = c.recv(4096)
                        if not data:
                            break
                        buf += data
                    c.sendall(b"Ok\n")
                    c.shutdown(socket.SHUT_WR)
                    self.served += 1
                except OSError:
                    pass

    def close(self):
        self.sock.close()


def timed_run(cmd, env, stdin_data=None, cpu=None):
    """ms from start to exit; appends the run's CPU ms (user + system, all its threads) to `cpu`."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = now_ns()
    p = Processes.run(cmd, 30, input=stdin_data, env=env)
    ms = (now_ns() - t0) / 1e6
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000)
    if p.stdout != b"Ok\n" or p.returncode != 0:
        raise BenchError("%s: exit %d, stdout %r, stderr %r" % (cmd[0], p.returncode, p.stdout, p.stderr[-300:]))
    return ms, p.stderr


def wait_for_training(cache, timeout=60):
    """Waits until the launcher's background training run (if any) has finished."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not any(p.name.endswith(".lock") for p in cache.rglob("*")) if cache.exists() else True:
            return
        time.sleep(0.05)


def installed_layouts(run):
    """The client as users install it, unpacked from the measured checkout's build: the tarball
    (tar) and the client .deb (dpkg-deb -x), each with its shipped configuration file. Returns
    {"tarball": bin/mediachangec, "deb": usr/bin/mediachangec}, leaving out what is missing."""
    out = {}
    top = run.measured.unpack_tarball(run.tmp)
    if top is not None:
        out["tarball"] = top / "bin/mediachangec"
    root = run.measured.unpack_deb("mediachange-client", run.tmp / "debroot")
    if root is not None:
        out["deb"] = root / "usr/bin/mediachangec"
    for name in ("tarball", "deb"):
        if name not in out:
            run.notes.append(f"no {name} client measured: build it with ./mvnw -q package -DskipTests"
                             + (" (and install dpkg for dpkg-deb)" if name == "deb" else ""))
    return out


def section_client(run, env):
    opt, tmp = run.opt, run.tmp
    r = Responder()
    try:
        port = str(r.port)
        msg = "Please mount volume 3 of /dev/nst0"
        cache = tmp / "cache"
        # HOME: an empty directory, so that no ~/.mediachangec.properties of the person running
        # this counts; the installed .deb row gets one of its own.
        home = tmp / "home"
        home.mkdir()
        cenv = dict(env, XDG_CACHE_HOME=str(cache), HOME=str(home))
        launcher = [str(run.measured.script("mediachangec")), "-p", port, "127.0.0.1", msg]
        variants = [("nc (reference)", ["nc", "127.0.0.1", port], cenv, (msg + "\n").encode(), opt.clients)]
        if shutil.which("perl"):
            script = tmp / "mediachangec.pl"
            script.write_text(PERL_CLIENT)
            variants.append(("original Perl client (reference)", ["perl", str(script), "127.0.0.1", port, msg],
                             cenv, None, opt.clients))
        variants.append(("java -jar mediachange-client.jar, no JVM options",
                         ["java", "-jar", str(run.measured.jar("mediachange-client")), "-p", port, "127.0.0.1",
                          msg], cenv, None, opt.clients))
        variants.append(("scripts/mediachangec, MEDIACHANGE_CDS=off", launcher,
                         dict(cenv, MEDIACHANGE_CDS="off"), None, opt.clients))
        # The launcher's class data sharing archive: the first run starts a background training
        # run that writes it; later runs map it.
        first, first_cpu = [], []
        for _ in range(opt.cds_first_runs):
            shutil.rmtree(cache, ignore_errors=True)
            first.append(timed_run(launcher, cenv, cpu=first_cpu)[0])
            wait_for_training(cache)
        users = [("scripts/mediachangec (as users run it)", launcher, cenv, None, opt.clients)]
        # The installed client, as users run it: with the configuration file the packages ship
        # (all commented out), and on the .deb with a user's ~/.mediachangec.properties naming
        # the host and port, so that the message alone is the whole command line.
        installed = installed_layouts(run)
        if "tarball" in installed:
            users.append(("tarball bin/mediachangec, shipped etc/mediachangec.properties",
                          [str(installed["tarball"]), "-p", port, "127.0.0.1", msg], cenv, None, opt.clients))
        if "deb" in installed:
            user_home = tmp / "home-user"
            user_home.mkdir()
            (user_home / ".mediachangec.properties").write_text(f"host=127.0.0.1\nport={port}\n")
            users.append((".deb /usr/bin/mediachangec MESSAGE, host= port= in ~/.mediachangec.properties",
                          [str(installed["deb"]), msg], dict(cenv, HOME=str(user_home)), None, opt.clients))
        for name, cmd, venv, data, n in users[1:]:
            timed_run(cmd, venv, data)  # starts its training run, as a user's first run would
            wait_for_training(cache)
        variants.extend(users)
        # Round robin, so that a change in the machine's load hits every variant alike.
        times = {name: [] for name, *_ in variants}
        cpus = {name: [] for name, *_ in variants}
        stderr_noise = b""
        for name, cmd, venv, data, n in variants:
            timed_run(cmd, venv, data)  # not counted: loads the files into the page cache
        for _ in range(opt.clients):
            for name, cmd, venv, data, n in variants:
                ms, err = timed_run(cmd, venv, data, cpus[name])
                times[name].append(ms)
                if any(name == u[0] for u in users):
                    stderr_noise += err
        for name, *_ in variants:
            if name.startswith("scripts/mediachangec (as"):
                run.row("4", "round trip: scripts/mediachangec, first run (starts the training)", "ms",
                        summarize(first), cpu_note(first_cpu) + " (training in background)")
                run.row("4", "round trip: " + name, "ms", summarize(times[name]),
                        cpu_note(cpus[name]) + "; goal <= 100 ms")
            elif any(name == u[0] for u in users):
                run.row("4", "round trip: " + name, "ms", summarize(times[name]),
                        cpu_note(cpus[name]) + "; as the checkout's")
            else:
                run.row("4", "round trip: " + name, "ms", summarize(times[name]), cpu_note(cpus[name]))
        archives = sorted(p.name for p in cache.rglob("*.jsa")) if cache.exists() else []
        run.notes.append("client archive(s) in $XDG_CACHE_HOME: " + (", ".join(archives) or "none"))
        if stderr_noise:
            run.notes.append("client stderr was not empty: %r" % stderr_noise[:200])
    finally:
        r.close()
