"""A single-threaded, non-blocking TCP client engine for scripts/torture.

It opens many connections at once from chosen loopback source addresses,
sends each one's bytes on a schedule, then ends it the way its Spec says
(half-close, close, reset, or just wait), reads at most a small answer, and
records when each step happened (CLOCK_MONOTONIC, like xmapwatch).

Every run is bounded: by the number of specs, a per-connection deadline and
an overall time limit.
"""

import errno
import heapq
import selectors
import socket
import struct
import time

# SO_LINGER with a zero timeout: close() sends a reset instead of a FIN.
LINGER_RESET = struct.pack("ii", 1, 0)
# Linux: let connect() pick the source port, so the 4-tuple, not the bare
# port, has to be unique (many more connections per source address).
IP_BIND_ADDRESS_NO_PORT = getattr(socket, "IP_BIND_ADDRESS_NO_PORT", 24)
# Answers are one short line; more than this is itself a failure.
MAX_REPLY = 1024

HALFCLOSE = "halfclose"  # shut down our sending side, then read to EOF
CLOSE = "close"          # close at once (FIN), do not read
RESET = "reset"          # close at once with a reset, do not read
WAIT = "wait"            # keep our side open and read to EOF


class Spec:
    """What one connection does.

    chunks: list of (delay_seconds, bytes), each sent delay seconds after the
    previous one was handed to the kernel (the first one: after connect).
    then: HALFCLOSE, CLOSE, RESET or WAIT once all chunks are sent.
    """

    __slots__ = ("src", "chunks", "then", "deadline", "kind", "meta")

    def __init__(self, src, chunks, then=HALFCLOSE, deadline=20.0, kind="", meta=None):
        self.src = src
        self.chunks = chunks
        self.then = then
        self.deadline = deadline
        self.kind = kind
        self.meta = meta

    @property
    def reads(self):
        return self.then in (HALFCLOSE, WAIT)


class Result:
    """What happened to one connection. Times are time.monotonic_ns()."""

    __slots__ = ("spec", "local", "t_start", "t_est", "t_first", "t_end", "reply",
                 "connect_error", "send_error", "recv_error", "overflow", "deadline_hit", "sent")

    def __init__(self, spec):
        self.spec = spec
        self.local = None          # (address, port) once connected
        self.t_start = None        # just before connect()
        self.t_est = None          # connection seen established
        self.t_first = None        # first answer byte
        self.t_end = None          # answer EOF (or our close for CLOSE/RESET)
        self.reply = b""
        self.connect_error = None  # the connection never got established
        self.send_error = None     # e.g. EPIPE when the daemon closed first
        self.recv_error = None     # e.g. ECONNRESET
        self.overflow = False      # more than MAX_REPLY bytes of answer
        self.deadline_hit = False  # we gave up waiting
        self.sent = 0

    @property
    def established(self):
        return self.t_est is not None

    @property
    def reply_line(self):
        """The first answer line as text (None if nothing came)."""
        if not self.reply:
            return None
        return self.reply.split(b"\n", 1)[0].decode("utf-8", "replace")


class _Conn:
    __slots__ = ("sock", "res", "chunk", "buf", "sending", "reading", "done", "mask")

    def __init__(self, sock, res):
        self.sock = sock
        self.res = res
        self.chunk = 0
        self.buf = None
        self.sending = True
        self.reading = False
        self.done = False
        self.mask = 0


def _errname(e):
    return errno.errorcode.get(e.errno, str(e.errno)) if isinstance(e, OSError) and e.errno else type(e).__name__


class Engine:
    """Runs specs against one TCP port on 127.0.0.1."""

    def __init__(self, port, host="127.0.0.1"):
        self.addr = (host, port)
        self.sel = selectors.DefaultSelector()
        self.timers = []
        self.seq = 0
        self.active = 0
        self.peak_established = 0
        self.established_now = 0

    # ----- public -----

    def run(self, specs, concurrency, on_result, rate=None, max_seconds=600.0, stop=None):
        """Opens a connection for each spec (at most concurrency at once, at most
        rate new ones per second) and calls on_result(Result) as each ends.
        Stops pulling specs when stop() is true or max_seconds passed; then
        resets the connections still open (their results say deadline_hit)."""
        it = iter(specs)
        exhausted = False
        t_begin = time.monotonic()
        next_slot = t_begin
        interval = 1.0 / rate if rate else 0.0
        self._on_result = on_result
        while True:
            now = time.monotonic()
            if not exhausted and ((stop is not None and stop()) or now - t_begin > max_seconds):
                exhausted = True
                self._abort_all()
            while not exhausted and self.active < concurrency and now >= next_slot:
                spec = next(it, None)
                if spec is None:
                    exhausted = True
                    break
                self._start(spec)
                if interval:
                    next_slot = max(next_slot + interval, now - 0.1)
                    now = time.monotonic()
            if exhausted and self.active == 0:
                break
            timeout = 0.05
            if self.timers:
                timeout = max(0.0, min(timeout, self.timers[0][0] - now))
            if interval and not exhausted and self.active < concurrency:
                timeout = max(0.0, min(timeout, next_slot - now))
            for key, mask in self.sel.select(timeout):
                self._event(key.data, mask)
            self._run_timers()
        return time.monotonic() - t_begin

    # ----- connection life -----

    def _start(self, spec):
        res = Result(spec)
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        except OSError as e:
            res.connect_error = "socket:" + _errname(e)
            self._on_result(res)
            return
        s.setblocking(False)
        try:
            s.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        except OSError:
            pass
        c = _Conn(s, res)
        self.active += 1
        try:
            s.bind((spec.src, 0))
            res.t_start = time.monotonic_ns()
            rc = s.connect_ex(self.addr)
        except OSError as e:
            res.connect_error = "bind:" + _errname(e)
            self._finish(c, close="close")
            return
        if rc not in (0, errno.EINPROGRESS):
            res.connect_error = errno.errorcode.get(rc, str(rc))
            self._finish(c, close="close")
            return
        self._watch(c, selectors.EVENT_WRITE)
        self._timer(spec.deadline, c, "deadline")

    def _event(self, c, mask):
        if c.done:
            return
        if not c.res.established:
            if mask & (selectors.EVENT_WRITE | selectors.EVENT_READ):
                self._connected(c)
            return
        if mask & selectors.EVENT_READ:
            self._read(c)
        if not c.done and mask & selectors.EVENT_WRITE and c.sending:
            self._send(c)

    def _connected(self, c):
        err = c.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if err:
            c.res.connect_error = errno.errorcode.get(err, str(err))
            self._finish(c, close="close")
            return
        c.res.t_est = time.monotonic_ns()
        try:
            c.res.local = c.sock.getsockname()
        except OSError:
            pass
        self.established_now += 1
        self.peak_established = max(self.peak_established, self.established_now)
        # Read from the start: the daemon may answer (Busy, Error) while we still send.
        c.reading = True
        self._watch(c, selectors.EVENT_READ)
        self._next_chunk(c)

    def _next_chunk(self, c):
        chunks = c.res.spec.chunks
        if c.chunk >= len(chunks):
            self._all_sent(c)
            return
        delay, data = chunks[c.chunk]
        if delay > 0:
            self._timer(delay, c, "chunk")
        else:
            self._load(c, data)

    def _load(self, c, data):
        c.buf = memoryview(data)
        self._send(c)

    def _send(self, c):
        while c.buf is not None and len(c.buf):
            try:
                n = c.sock.send(c.buf)
            except BlockingIOError:
                self._watch(c, selectors.EVENT_READ | selectors.EVENT_WRITE)
                return
            except OSError as e:
                # The daemon closed (line too long, Busy...): stop sending, keep reading.
                c.res.send_error = _errname(e)
                c.sending = False
                c.buf = None
                self._watch(c, selectors.EVENT_READ)
                if not c.res.spec.reads:
                    self._finish(c, close="close")
                return
            c.res.sent += n
            c.buf = c.buf[n:]
        c.buf = None
        self._watch(c, selectors.EVENT_READ)
        c.chunk += 1
        self._next_chunk(c)

    def _all_sent(self, c):
        c.sending = False
        then = c.res.spec.then
        if then == RESET:
            self._finish(c, close="reset")
        elif then == CLOSE:
            self._finish(c, close="close")
        elif then == HALFCLOSE:
            try:
                c.sock.shutdown(socket.SHUT_WR)
            except OSError as e:
                c.res.send_error = c.res.send_error or _errname(e)
        # WAIT: nothing to do but read

    def _read(self, c):
        try:
            data = c.sock.recv(4096)
        except BlockingIOError:
            return
        except OSError as e:
            c.res.recv_error = _errname(e)
            self._finish(c, close="close")
            return
        now = time.monotonic_ns()
        if data:
            if c.res.t_first is None:
                c.res.t_first = now
            c.res.reply += data
            if len(c.res.reply) > MAX_REPLY:
                c.res.overflow = True
                self._finish(c, close="reset")
            return
        c.res.t_end = now
        self._finish(c, close="close")

    def _finish(self, c, close):
        if c.done:
            return
        c.done = True
        if c.res.established:
            self.established_now -= 1
        if c.mask:
            try:
                self.sel.unregister(c.sock)
            except (KeyError, ValueError):
                pass
            c.mask = 0
        try:
            if close == "reset":
                c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        except OSError:
            pass
        c.sock.close()
        if c.res.t_end is None and c.res.established:
            c.res.t_end = time.monotonic_ns()
        self.active -= 1
        self._on_result(c.res)

    def _abort_all(self):
        for key in list(self.sel.get_map().values()):
            c = key.data
            c.res.deadline_hit = True
            self._finish(c, close="reset")

    # ----- plumbing -----

    def _watch(self, c, mask):
        if c.done or mask == c.mask:
            return
        if c.mask:
            self.sel.modify(c.sock, mask, c)
        else:
            self.sel.register(c.sock, mask, c)
        c.mask = mask

    def _timer(self, delay, c, what):
        self.seq += 1
        heapq.heappush(self.timers, (time.monotonic() + delay, self.seq, c, what))

    def _run_timers(self):
        now = time.monotonic()
        while self.timers and self.timers[0][0] <= now:
            _, _, c, what = heapq.heappop(self.timers)
            if c.done:
                continue
            if what == "deadline":
                c.res.deadline_hit = True
                self._finish(c, close="reset")
            elif what == "chunk" and c.sending:
                self._load(c, c.res.spec.chunks[c.chunk][1])
