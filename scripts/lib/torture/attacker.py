"""The slowloris attacker of case 1, run as its own process so that its
thousand sockets do not share an interpreter with the probe it is measured
against.

    python3 -m torture.attacker --port P --src 127.0.0.66 --conns 1000 \
        --rate 1000 --dribble 1 --max-seconds 120 --out results.json

Keeps up to --conns connections from --src open at once, opening at most
--rate new ones per second; each sends one byte (never a line end) every
--dribble seconds. Stops on SIGTERM or after --max-seconds, resets what is
still open, and writes one record per connection to --out.
"""

import argparse
import json
import signal
import sys
import time

from .netload import WAIT, Engine, Spec


def main(argv=None):
    ap = argparse.ArgumentParser(prog="torture.attacker")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--conns", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=1000)
    ap.add_argument("--dribble", type=float, default=1.0)
    ap.add_argument("--max-seconds", type=float, default=120)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))

    # One byte now, then one per interval, for longer than any request timeout.
    chunks = [(0, b"A")] + [(a.dribble, b"A")] * int(60 / a.dribble)

    def specs():
        while True:
            yield Spec(a.src, chunks, then=WAIT, deadline=a.max_seconds + 10, kind="attack")

    results = []
    engine = Engine(a.port)
    t0 = time.monotonic()
    engine.run(specs(), a.conns, results.append, rate=a.rate, max_seconds=a.max_seconds,
               stop=lambda: bool(stopping))
    records = [{
        "port": r.local[1] if r.local else None,
        "t_start": r.t_start, "t_est": r.t_est, "t_end": r.t_end,
        "reply": r.reply_line, "connect_error": r.connect_error, "recv_error": r.recv_error,
        "aborted": r.deadline_hit, "sent": r.sent,
    } for r in results]
    with open(a.out, "w") as f:
        json.dump({"seconds": time.monotonic() - t0, "peak_established": engine.peak_established,
                   "records": records}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
