"""A stand-in for systemd's notification socket, for the tests of Type=notify.

Binds an AF_UNIX datagram socket at the path given as the only argument and
prints each datagram it receives as one line on stdout, its own newlines
shown as '|' (READY=1|STATUS=...), flushed at once. Prints "bound" first.
Runs until killed (the test kills it).
"""
import socket
import sys

path = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
print("bound", flush=True)
while True:
    data, _ = s.recvfrom(65536)
    print(data.decode("utf-8", "backslashreplace").replace("\n", "|"), flush=True)
