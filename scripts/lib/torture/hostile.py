"""Hostile inputs for case 4: the Big List of Naughty Strings, our own extra
strings for what that snapshot lacks, and seeded random byte streams.

Every generated connection carries its own expected answer where the
protocol fixes one (see auditlog.request_fate), so the run checks replies,
not only that the daemon survived.
"""

import json
import math
import os
import random

from . import auditlog
from .netload import CLOSE, HALFCLOSE, RESET, WAIT, Spec

MAX_LINE = 4096


def naughty_strings(root):
    path = os.path.join(root, "scripts", "test-data", "blns", "blns.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def extra_lines():
    """Request lines (bytes, without LF) the 2016 list lacks: every C0 and C1
    control, DEL, the bidi controls and line separators the daemon must
    escape, invalid and over-long UTF-8, lone surrogates, a NUL, HTML, lines
    exactly at and around the length limit, and mixed-direction text at the
    limit (BIDI_UNITS)."""
    c0 = bytes(b for b in range(0x20) if b != 0x0A)
    return [
        b"C0:" + c0 + b":end",
        b"DEL:\x7f C1:" + "".join(chr(c) for c in range(0x80, 0xA0)).encode("utf-8"),
        "bidi:\u202a\u202b\u202c\u202d\u202e|\u2066\u2067\u2068\u2069|LS\u2028PS\u2029".encode("utf-8"),
        "\u202egnp.exe".encode("utf-8"),
        b"nul\x00in the middle",
        b"\x00",
        b"invalid utf-8: \xff\xfe \xc0\xaf \xe0\x80\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \x80\x80",
        b"\xc3",                       # truncated two-byte sequence, alone
        b"\r",                         # only a CR: dropped before LF, so empty
        b"trailing CR\r\r",            # only one CR is dropped
        b"\x1b[2J\x1b[H\x1b]0;owned\x07 terminal escapes",
        b'quote " and backslash \\ and msg="forged" outcome=ok',
        b"<html><img src='http://127.0.0.1:1/x.png'>",
        b"a" * MAX_LINE,               # exactly the limit: accepted
        b"b" * (MAX_LINE - 1) + b"\r",  # limit counting the CR: accepted
        b"c" * (MAX_LINE + 1),         # one over: too long
        ("\u00e9" * (MAX_LINE // 2)).encode("utf-8"),  # 4096 bytes of two-byte characters
        "\U0001F4BE".encode("utf-8") * (MAX_LINE // 4),  # 4096 bytes of four-byte characters
        b"   \t  ",                     # blank
        "\u3000\u2003".encode("utf-8"),  # blank in Java's sense
        "\u00a0".encode("utf-8"),        # NBSP is not blank for Java
    ] + [_fill(unit, MAX_LINE) for unit in BIDI_UNITS]  # mixed-direction text at the length limit (issue 8)


# Mixed right-to-left and left-to-right text: the direction changes with (nearly) every character, so
# Swing's text components made a bidi run, and a view, of each one; laying such a line out once cost
# time quadratic in its length (issue 8). Hebrew and Latin letters; Arabic and Latin words; Hebrew,
# digits and punctuation (weak and neutral types); Hebrew points and Latin combining accents.
BIDI_UNITS = [
    "\u05d0a",
    "\u0645\u0631\u062d\u0628\u0627 tape ",
    "\u05d01.\u05d1-",
    "\u05d0\u05b8a\u0301",
]


def _fill(unit, size):
    """unit repeated to at most size bytes of UTF-8."""
    raw = unit.encode("utf-8")
    return raw * (size // len(raw))


def bidi_lines(count, size):
    """count request lines (bytes, without LF) of mixed-direction text of at most size bytes each,
    rotating through BIDI_UNITS."""
    return [_fill(BIDI_UNITS[i % len(BIDI_UNITS)], size) for i in range(count)]


def naughty_specs(root, sources, answer_timeout):
    """One connection per naughty string and per extra line: the line, LF,
    then wait for the answer with the sending side open (the real dialog is
    shown until --answer-timeout)."""
    lines = [s.encode("utf-8") for s in naughty_strings(root)] + extra_lines()
    specs = []
    for i, raw in enumerate(lines):
        data = raw + b"\n"
        reply, line = auditlog.request_fate(data, closes_after=False, max_line=MAX_LINE)
        specs.append(Spec(sources[i % len(sources)], [(0, data)], then=WAIT, deadline=answer_timeout + 20,
                          kind="naughty", meta=(reply, line)))
    return specs


# (kind, weight): how the random connections are made. 'reply' kinds read and
# check the answer; the others end the connection themselves.
RANDOM_KINDS = [
    ("raw-reset", 30),      # random bytes (LF included), then reset: withdrawn, refused, or anything
    ("nolf-close", 27),     # random bytes without LF, then close without reading
    ("nolf-reply", 25),     # random bytes without LF, half-close, read: incomplete / too long
    ("empty", 8),           # connect and close or reset at once
    ("denied", 5),          # from a source outside --allow: Denied before any read
    ("raw-reply", 3),       # random bytes (LF included), half-close, read: whatever the first line earns
    ("line-wait", 2),       # random line without LF inside + LF, wait: dialog until answer timeout
]


def _length(rng, top):
    """Log-uniform in [0, top]: as many short as long ones."""
    return int(math.exp(rng.uniform(0, math.log(top + 1)))) - 1


def random_specs(count, seed, sources, denied_source, answer_timeout, request_timeout, slow_every,
                 slow_dns_sources=(), slow_dns_every=0):
    """count seeded random connections. Every slow_every-th one sends a few
    bytes and then nothing, to be cut off by --request-timeout. Every
    slow_dns_every-th one comes from an address whose reverse DNS answers
    late (see fakedns.py), sends a line and half-closes at once, as `nc -N`
    does: docs/PROTOCOL.md says it still gets its answer (Timeout here)."""
    rng = random.Random(seed)
    kinds = [k for k, _ in RANDOM_KINDS]
    weights = [w for _, w in RANDOM_KINDS]
    for i in range(count):
        src = sources[i % len(sources)]
        deadline = answer_timeout + 20
        if slow_dns_every and slow_dns_sources and i % slow_dns_every == slow_dns_every // 3:
            data = b"slow reverse DNS, half-closed " + rng.randbytes(16).hex().encode() + b"\n"
            yield Spec(slow_dns_sources[i % len(slow_dns_sources)], [(0, data)], then=HALFCLOSE,
                       deadline=deadline + 5, kind="slowdns-halfclose", meta=("Timeout", data[:-1].decode()))
            continue
        if slow_every and i % slow_every == slow_every // 2:
            data = rng.randbytes(rng.randint(1, 64)).replace(b"\n", b"")
            yield Spec(src, [(0, data)], then=WAIT, deadline=request_timeout + 20, kind="slow",
                       meta=("Error request timeout", None))
            continue
        kind = rng.choices(kinds, weights)[0]
        if kind == "empty":
            yield Spec(src, [], then=rng.choice([CLOSE, RESET]), kind=kind)
        elif kind == "denied":
            yield Spec(denied_source, [(0, rng.randbytes(_length(rng, 200)))], then=WAIT, deadline=deadline,
                       kind=kind, meta=("Denied", None))
        elif kind == "raw-reset":
            yield Spec(src, [(0, rng.randbytes(_length(rng, 8192)))], then=RESET, kind=kind)
        elif kind == "nolf-close":
            data = rng.randbytes(_length(rng, 8192)).replace(b"\n", b"\x0b")
            yield Spec(src, [(0, data)], then=CLOSE, kind=kind)
        elif kind == "nolf-reply":
            data = rng.randbytes(_length(rng, 8192)).replace(b"\n", b"\x0b")
            yield Spec(src, [(0, data)], then=HALFCLOSE, deadline=deadline, kind=kind,
                       meta=auditlog.request_fate(data, closes_after=True, max_line=MAX_LINE))
        elif kind == "raw-reply":
            data = rng.randbytes(_length(rng, 8192))
            yield Spec(src, [(0, data)], then=HALFCLOSE, deadline=deadline, kind=kind,
                       meta=auditlog.request_fate(data, closes_after=True, max_line=MAX_LINE))
        else:  # line-wait
            data = rng.randbytes(_length(rng, 5000)).replace(b"\n", b"\x0b") + b"\n"
            yield Spec(src, [(0, data)], then=WAIT, deadline=deadline, kind=kind,
                       meta=auditlog.request_fate(data, closes_after=False, max_line=MAX_LINE))
