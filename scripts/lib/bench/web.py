"""Section 6 of the benchmark: the web console's memory, and the time from a
request line to the request shown in a real page (headless Chromium)."""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request

from harness import procfs
from harness.procs import free_port
from harness.stats import median, single, summarize

from .run import BenchError, mem_note, memory


class WebDriver:
    """Headless Chromium through chromedriver's W3C WebDriver protocol (plain HTTP and JSON, no
    Selenium needed here): Debian's binaries, offline, everything it writes under `home`."""

    def __init__(self, procs, home):
        self.port = free_port()
        env = dict(os.environ, HOME=str(home), TMPDIR=str(home), XDG_CONFIG_HOME=str(home / "config"),
                   XDG_CACHE_HOME=str(home / "cache"))
        self.proc = procs.spawn(["chromedriver", "--port=%d" % self.port], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.monotonic() + 30
        while True:
            try:
                self._call("GET", "/status")
                break
            except OSError:
                if time.monotonic() > end or self.proc.poll() is not None:
                    raise BenchError("chromedriver did not start")
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--mute-audio",
                     "--user-data-dir=" + str(home / "profile")]}}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _call(self, method, path, body=None):
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read().decode())["value"]

    def open(self, url):
        self._call("POST", "/session/%s/url" % self.session, {"url": url})

    def script(self, js, *args):
        return self._call("POST", "/session/%s/execute/sync" % self.session, {"script": js, "args": list(args)})

    def wait(self, js, timeout, *args):
        end = time.monotonic() + timeout
        while True:
            v = self.script(js, *args)
            if v:
                return v
            if time.monotonic() > end:
                raise BenchError("the page did not get there within %d s: %s" % (timeout, js))
            time.sleep(0.005)

    def quit(self):
        try:
            self._call("DELETE", "/session/%s" % self.session)
        except OSError:
            pass


# Records, in the page, when each message's request first appears (Date.now(): the same clock
# as this script's time.time() on this machine).
SEEN_JS = """
window.benchSeen = {};
new MutationObserver(function () {
  document.querySelectorAll('#pending > li').forEach(function (li) {
    var m = li.querySelector('.message').textContent;
    if (!(m in window.benchSeen)) { window.benchSeen[m] = Date.now(); }
  });
}).observe(document.getElementById('pending'), {childList: true});
return true;
"""


def section_web(run, env):
    """Idle memory with and without the web console; request -> visible in a real page."""
    procs, opt = run.procs, run.opt
    operators = run.tmp / "operators"
    made = procs.run([str(run.measured.script("mediachanged")), "--operators", str(operators), "--set-password",
                      "bench"], 120, input=b"bench password\n", env=env, stderr=subprocess.STDOUT)
    if made.returncode != 0:
        raise BenchError("--set-password failed: " + made.stdout.decode(errors="replace"))
    mem = {}
    for label, extra in (("without", ()), ("with", ("--web", "127.0.0.1:%d" % free_port(), "--operators",
                                                     str(operators)))):
        samples = []
        for _ in range(opt.web_memory_runs):
            d = run.daemon(env, "web-memory-" + label, extra_args=extra)
            try:
                time.sleep(1.0)
                procfs.wait_idle(d.pid)
                samples.append(memory(d))
            finally:
                d.stop()
        mem[label] = samples
        run.row("6", "daemon PSS idle after start, %s --web" % label, "MiB",
                summarize([m["total_pss"] / 1024 for m in samples]),
                mem_note(samples[-1]) + ("; goal <= 40 MiB" if label == "with" else ""))
    added = median([m["total_pss"] for m in mem["with"]]) - median([m["total_pss"] for m in mem["without"]])
    run.row("6", "  added by the web console (medians)", "MiB", single(added / 1024), "goal <= 16 MiB")

    if shutil.which("chromium") is None or shutil.which("chromedriver") is None:
        run.notes.append("section 6: no chromium/chromedriver, so no page latency (apt-get install chromium"
                         " chromium-driver)")
        return
    web_port = free_port()
    d = run.daemon(env, "web-page", extra_args=("--web", "127.0.0.1:%d" % web_port, "--operators", str(operators)))
    browser = None
    try:
        home = run.tmp / "chromium"
        home.mkdir()
        browser = WebDriver(procs, home)
        browser.open("http://127.0.0.1:%d/" % web_port)
        browser.wait("return !document.getElementById('login').hidden", 20)
        browser.script("document.getElementById('login-name').value = 'bench';"
                       "document.getElementById('login-password').value = 'bench password';"
                       "document.getElementById('login-submit').click(); return true;")
        browser.wait("return document.getElementById('status').textContent === 'Live'", 30)
        browser.script(SEEN_JS)
        latency = []
        for i in range(opt.web_samples + 3):
            text = "bench web request %d" % i
            with socket.create_connection(("127.0.0.1", d.port), timeout=10) as s:
                t0 = time.time() * 1000
                s.sendall(text.encode() + b"\n")
                seen = browser.wait("return window.benchSeen[arguments[0]] || null", 20, text)
                if i >= 3:  # the first few warm the page and the daemon up
                    latency.append(seen - t0)
            # Closing withdraws the request; wait until the page has dropped it.
            browser.wait("return document.querySelectorAll('#pending > li').length === 0", 20)
            time.sleep(0.05)
        run.row("6", "request line sent -> shown in the page (headless Chromium)", "ms", summarize(latency),
                "goal: within 2 s")
        procfs.wait_idle(d.pid)
        m = memory(d)
        run.row("6", "daemon PSS idle with --web, one page open (live stream)", "MiB",
                single(m["total_pss"] / 1024), mem_note(m))
        run.notes.append("section 6: dialog x11 under Xvfb in all memory rows (its process runs only from the first"
                         " request on, so not in the rows after start); "
                         "latency: Date.now() in the page's MutationObserver minus time.time() before the send, "
                         "%d samples after 3 warm-up" % opt.web_samples)
    finally:
        if browser is not None:
            browser.quit()
            procs.stop(browser.proc)
        d.stop()
