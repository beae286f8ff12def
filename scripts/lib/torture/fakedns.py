"""torture's own DNS server for the private namespace (see sandbox.py).

    python3 -m torture.fakedns --bind 127.0.0.53 --slow 127.0.6.0/24=3.0 --stats FILE

Answers every UDP query with NXDOMAIN: no address of the run has a name, as
on a network whose reverse zones are empty. Queries for names of addresses
in a --slow network are answered only after the given number of seconds,
like an overloaded or hostile reverse zone. Counts queries (and slow ones)
into --stats once a second, so each case can report how many lookups the
daemon made.
"""

import argparse
import heapq
import ipaddress
import select
import signal
import socket
import struct
import sys
import time


def _qname(msg):
    """(labels, offset after the question) of the first question."""
    labels, i = [], 12
    while i < len(msg):
        n = msg[i]
        if n == 0:
            return labels, i + 5  # zero byte, QTYPE, QCLASS
        if n & 0xC0:
            raise ValueError("compression in a question")
        labels.append(msg[i + 1:i + 1 + n].decode("ascii", "replace"))
        i += 1 + n
    raise ValueError("truncated question")


def _ptr_address(labels):
    """The IPv4 address a d.c.b.a.in-addr.arpa name asks about, or None."""
    if len(labels) == 6 and [l.lower() for l in labels[4:]] == ["in-addr", "arpa"]:
        try:
            return ipaddress.ip_address(".".join(reversed(labels[:4])))
        except ValueError:
            return None
    return None


def nxdomain(query):
    """The NXDOMAIN answer to query (same id and question, no records)."""
    labels, end = _qname(query)
    qid, qflags = struct.unpack("!HH", query[:4])
    flags = 0x8000 | (qflags & 0x7800) | 0x0400 | (qflags & 0x0100) | 0x0080 | 3
    return struct.pack("!HHHHHH", qid, flags, 1, 0, 0, 0) + query[12:end], labels


def main(argv=None):
    ap = argparse.ArgumentParser(prog="torture.fakedns")
    ap.add_argument("--bind", default="127.0.0.53")
    ap.add_argument("--slow", action="append", default=[], metavar="CIDR=SECONDS")
    ap.add_argument("--stats", required=True)
    a = ap.parse_args(argv)
    slow = []
    for rule in a.slow:
        net, seconds = rule.split("=")
        slow.append((ipaddress.ip_network(net), float(seconds)))

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((a.bind, 53))
    pending = []  # (due, seq, answer, client)
    queries = slow_queries = seq = 0
    next_stats = 0.0
    while not stop:
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, _, answer, client = heapq.heappop(pending)
            sock.sendto(answer, client)
        if now >= next_stats:
            with open(a.stats, "w") as f:
                f.write(f"{queries} {slow_queries}\n")
            next_stats = now + 1.0
        timeout = 0.2 if not pending else max(0.0, min(0.2, pending[0][0] - now))
        if not select.select([sock], [], [], timeout)[0]:
            continue
        try:
            query, client = sock.recvfrom(4096)
            answer, labels = nxdomain(query)
        except (OSError, ValueError, struct.error):
            continue
        queries += 1
        address = _ptr_address(labels)
        delay = next((s for net, s in slow if address is not None and address in net), 0.0)
        if delay:
            slow_queries += 1
            seq += 1
            heapq.heappush(pending, (now + delay, seq, answer, client))
        else:
            sock.sendto(answer, client)
    with open(a.stats, "w") as f:
        f.write(f"{queries} {slow_queries}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
