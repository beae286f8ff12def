"""Reading the daemon's log from the outside, and predicting what the daemon
must answer to a given request, from docs/PROTOCOL.md alone.

The daemon's default logback pattern is
    <ISO time> <LEVEL> <logger> [<thread>] <message>
and audit lines come from the logger 'mediachange.audit' with a message of
key=value pairs starting with outcome=, peer=, port=; or, for refusals past
the daemon's rate, summary lines: outcome=denied|busy peer=<address, IPv6
/64 or 'others'> suppressed=<count> seconds=<window>, standing for that many
connections without a line of their own.
"""

import collections
import ipaddress
import re
import unicodedata

from harness.daemon import log_time

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S* +(TRACE|DEBUG|INFO|WARN|ERROR) ")
AUDIT = re.compile(r" outcome=(\S+) peer=(\S+) port=(\d+)(?: |$)")
SUMMARY = re.compile(r" outcome=(denied|busy) peer=(\S+) suppressed=(\d+) seconds=(\d+\.\d{3})$")
OTHERS = "others"
MSG = re.compile(r' msg="((?:[^"\\]|\\.)*)"$')


class Log:
    """The daemon's stdout and stderr, split into lines on LF only (so that a
    U+2028 or a lone CR in a message cannot hide or fake a line here)."""

    def __init__(self, stdout_bytes, stderr_bytes):
        text = stdout_bytes.decode("utf-8", "replace")
        self.lines = text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.stderr = stderr_bytes.decode("utf-8", "replace")
        self.audit = []      # (outcome, peer, port, line)
        self.summaries = []  # (outcome, peer, suppressed, seconds, line)
        self.stray = []      # lines that are not log records: a forged line or a stack trace
        self.levels = collections.Counter()
        self.problems = []   # WARN/ERROR records
        for line in self.lines:
            m = LOG_LINE.match(line)
            if not m:
                self.stray.append(line)
                continue
            level = m.group(1)
            self.levels[level] += 1
            a = AUDIT.search(line)
            su = SUMMARY.search(line)
            if a and " audit " in line[:60]:
                self.audit.append((a.group(1), a.group(2), int(a.group(3)), line))
            elif su and " audit " in line[:60]:
                self.summaries.append((su.group(1), su.group(2), int(su.group(3)), float(su.group(4)), line))
            elif level in ("WARN", "ERROR"):
                self.problems.append(line)

    def suppressed(self):
        """Counter: summary source (address, IPv6 network or 'others') -> refusals without a line."""
        c = collections.Counter()
        for _, peer, n, _, _ in self.summaries:
            c[peer] += n
        return c

    def accounted(self):
        """Connections the log accounts for: a line each, plus those counted in summaries."""
        return len(self.audit) + sum(n for _, _, n, _, _ in self.summaries)

    def audit_keys(self):
        """Multiset of (peer, port) over all audit lines."""
        return collections.Counter((peer, port) for _, peer, port, _ in self.audit)

    def outcomes(self, peer=None):
        return collections.Counter(o for o, p, _, _ in self.audit if peer is None or p == peer)

    def by_key(self):
        """(peer, port) -> list of audit lines, in log order."""
        d = collections.defaultdict(list)
        for o, peer, port, line in self.audit:
            d[(peer, port)].append((o, line))
        return d

    def exceptions(self):
        """Lines that show an exception or a JVM error anywhere in stdout or stderr."""
        bad = re.compile(r"Exception|OutOfMemoryError|StackOverflowError|InternalError|Throwable|\bat [\w$.]+\(")
        out = [l for l in self.stray if bad.search(l)]
        out += [l for l in self.problems if bad.search(l)]
        out += [l for l in self.stderr.split("\n") if bad.search(l)]
        return out


# Epoch seconds of a log record (the default pattern's ISO time).
timestamp = log_time


def _in_source(peer, source):
    """Whether address peer belongs to a summary's source (an address or a network)."""
    if source == peer:
        return True
    if "/" not in source:
        return False
    try:
        return ipaddress.ip_address(peer) in ipaddress.ip_network(source)
    except ValueError:
        return False


def compare_keys(expected, log):
    """Checks the invariant 'exactly one audit line per accepted connection',
    where a refusal past the daemon's rate has no line of its own but is
    counted in a summary line of its source (docs/PROTOCOL.md).

    expected: Counter of (peer, port) of the connections the clients saw
    established. Returns (missing, extra): connections without an audit line
    and not counted in a summary either, and audit lines without a connection
    (or a second line for one); refusals a summary counts beyond the
    connections without a line appear in extra as (source, 'suppressed')."""
    got = log.audit_keys()
    missing = expected - got
    extra = got - expected
    # Summaries say how many, not which: per source, that many connections without a line are
    # accounted for ("others" last, from whatever source is left).
    suppressed = log.suppressed()
    for source in sorted(suppressed, key=lambda s: s == OTHERS):
        left = suppressed[source]
        for key in list(missing):
            if left == 0:
                break
            if source == OTHERS or _in_source(key[0], source):
                take = min(left, missing[key])
                missing[key] -= take
                left -= take
        missing += collections.Counter()  # drops the keys that reached zero
        if left:
            extra[(source, "suppressed")] += left
    return missing, extra


# ----- what the daemon must do with a request (docs/PROTOCOL.md) -----

def java_is_whitespace(cp):
    """java.lang.Character.isWhitespace(int), which String.isBlank() uses."""
    if cp in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F):
        return True
    if cp in (0x00A0, 0x2007, 0x202F):
        return False
    return unicodedata.category(chr(cp)) in ("Zs", "Zl", "Zp")


def java_is_blank(s):
    return all(java_is_whitespace(ord(c)) for c in s)


def escape_for_log(s):
    """org.mediachange.common.text.Escaper.forLog, per docs/PROTOCOL.md."""
    out = []
    for c in s:
        cp = ord(c)
        if c in '\\"':
            out.append("\\" + c)
        elif not (cp < 0x20 or 0x7F <= cp <= 0x9F or 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069
                  or cp in (0x2028, 0x2029)):
            out.append(c)
        elif c == "\t":
            out.append("\\t")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif cp <= 0xFF:
            out.append("\\x%02X" % cp)
        else:
            out.append("\\u%04X" % cp)
    return "".join(out)


def request_fate(data, closes_after, max_line=4096):
    """What the daemon must do with a connection that sends data (bytes) and
    then, if closes_after, half-closes; answer timeout set, operator absent.

    Returns (reply, line): reply is the answer line the client must get
    ('Timeout' when a dialog is shown until --answer-timeout), or None when
    the connection stays open without a line (request timeout); line is the
    decoded request line, or None if none was read."""
    window = data[:max_line + 1]
    lf = window.find(b"\n")
    if lf < 0:
        if len(data) > max_line:
            return "Error line too long", None
        return ("Error incomplete request" if closes_after else "Error request timeout"), None
    raw = window[:lf]
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    line = raw.decode("utf-8", "replace")
    if java_is_blank(line):
        return "Error empty message", line
    return "Timeout", line
