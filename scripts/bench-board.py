#!/usr/bin/env python3
"""Board figures against a running `incident-serve` (called by scripts/bench-board.sh).

  bench-board.py login URL TOKEN          -> prints the session cookie (name=value)
  bench-board.py appends URL COOKIE N     -> p50/p99 ms of N record-form posts (each a durable append)
  bench-board.py fanout URL COOKIE S N    -> ms from a post until S open event streams see it, N times
"""
import http.client
import re
import socket
import statistics
import sys
import threading
import time
import urllib.parse
import uuid


def connect(url):
    u = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30), f"{u.hostname}:{u.port}"


def login(url, token):
    c, _ = connect(url)
    c.request("GET", "/?token=" + token)
    r = c.getresponse()
    r.read()
    cookie = r.getheader("Set-Cookie")
    if r.status != 303 or not cookie:
        sys.exit(f"login failed: {r.status}")
    return cookie.split(";")[0]


def form_fields(c, cookie):
    c.request("GET", "/record", headers={"Cookie": cookie})
    r = c.getresponse()
    page = r.read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    return csrf


def post_record(c, cookie, csrf, text):
    body = urllib.parse.urlencode(
        {"csrf": csrf, "key": uuid.uuid4().hex, "text": text, "who": "ベンチ", "device": "bench"})
    c.request("POST", "/record", body=body,
              headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    r = c.getresponse()
    r.read()
    if r.status != 303:
        sys.exit(f"record failed: {r.status}")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def appends(url, cookie, n):
    c, _ = connect(url)
    csrf = form_fields(c, cookie)
    times = []
    for i in range(n + 10):
        t = time.perf_counter()
        post_record(c, cookie, csrf, f"ベンチマークのメモ {i}")
        if i >= 10:
            times.append((time.perf_counter() - t) * 1000)
    print(f"form_append_p50_ms {statistics.median(times):.3f}")
    print(f"form_append_p99_ms {percentile(times, 99):.3f}")


def fanout(url, cookie, streams, rounds):
    u = urllib.parse.urlsplit(url)
    arrivals = [[] for _ in range(streams)]
    ready = threading.Barrier(streams + 1)
    stop = threading.Event()

    def listen(i):
        s = socket.create_connection((u.hostname, u.port))
        s.sendall(f"GET /events HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nCookie: {cookie}\r\n"
                  f"Accept: text/event-stream\r\n\r\n".encode())
        buf = b""
        opened = False
        s.settimeout(1)
        while not stop.is_set():
            try:
                data = s.recv(65536)
            except socket.timeout:
                continue
            if not data:
                break
            now = time.perf_counter()
            buf += data
            if not opened and b": open" in buf:
                opened = True
                ready.wait()
            arrivals[i].extend([now] * buf.count(b"event: change"))
            buf = buf[buf.rfind(b"\n"):] if b"\n" in buf else buf
        s.close()

    threads = [threading.Thread(target=listen, args=(i,), daemon=True) for i in range(streams)]
    for t in threads:
        t.start()
    ready.wait()
    c, _ = connect(url)
    csrf = form_fields(c, cookie)
    delays = []
    for r in range(rounds):
        time.sleep(0.6)  # let the previous change settle
        before = [len(a) for a in arrivals]
        sent = time.perf_counter()
        post_record(c, cookie, csrf, f"配信のベンチマーク {r}")
        deadline = sent + 5
        while time.perf_counter() < deadline and any(len(a) <= b for a, b in zip(arrivals, before)):
            time.sleep(0.001)
        for a, b in zip(arrivals, before):
            if len(a) > b:
                delays.append((a[b] - sent) * 1000)
    stop.set()
    print(f"fanout_streams {streams}")
    print(f"fanout_received {len(delays)} of {streams * rounds}")
    print(f"fanout_p50_ms {statistics.median(delays):.1f}")
    print(f"fanout_p99_ms {percentile(delays, 99):.1f}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "login":
        print(login(sys.argv[2], sys.argv[3]))
    elif cmd == "appends":
        appends(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "fanout":
        fanout(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
