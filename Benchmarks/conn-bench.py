#!/usr/bin/env python3
"""Connection-level benchmarks against a running complaintd on loopback (bounded in count and time).

usage: [BENCH_TOKEN=...] conn-bench.py PORT PID [idle|churn|bigbody|all]
  idle     hold 10,000 idle keep-alive connections; time a fresh request (median of 20) and the RSS growth
  churn    open and close 100,000 connections (each sends GET /healthz, reads, closes); process_open_fds before/after
  bigbody  POST a 1 MiB body 1,000 times on keep-alive (to /v1/complaints, refused 413/422 or not: the body is read);
           RSS after the first 10 and after all
"""
import os, socket, statistics, sys, time

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))

def request(port, raw, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    t0 = time.perf_counter()
    s.sendall(raw)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk: break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk: break
        body += chunk
    elapsed = time.perf_counter() - t0
    s.close()
    return elapsed, head.split(b"\r\n")[0]

def idle(port, pid, count=10000):
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 1000), hard))
    base = [request(port, b"GET /healthz HTTP/1.1\r\nHost: b\r\n\r\n")[0] for _ in range(20)]
    rss0 = rss_kib(pid)
    conns = []
    t0 = time.time()
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        conns.append(s)
        if time.time() - t0 > 120: break
    time.sleep(1.0)
    rss1 = rss_kib(pid)
    fresh = [request(port, b"GET /healthz HTTP/1.1\r\nHost: b\r\n\r\n")[0] for _ in range(20)]
    # the idle ones are still alive: each answers once
    alive = 0
    for s in conns[:200]:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: b\r\n\r\n")
        if s.recv(4096).startswith(b"HTTP/1.1 200"): alive += 1
    for s in conns: s.close()
    print(f"idle: held={len(conns)} alive_sampled={alive}/200 fresh_request_ms median={statistics.median(fresh)*1000:.3f} "
          f"max={max(fresh)*1000:.3f} (before: median={statistics.median(base)*1000:.3f}) rss_growth_mib={(rss1-rss0)/1024:.1f} "
          f"per_conn_bytes={(rss1-rss0)*1024/max(1,len(conns)):.0f}")

def churn(port, pid, count=100000):
    fds0 = open_fds(pid)
    t0 = time.time()
    done = 0
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n")
        while s.recv(4096): pass
        s.close()
        done += 1
        if time.time() - t0 > 300: break
    time.sleep(2.5)  # lingering closes end within 2 s
    fds1 = open_fds(pid)
    print(f"churn: connections={done} seconds={time.time()-t0:.1f} open_fds_before={fds0} after={fds1}")

def bigbody(port, pid, count=1000):
    body = b"x" * (1 << 20)
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    auth = os.environ.get("BENCH_TOKEN", "")
    auth_line = (b"Authorization: Bearer " + auth.encode() + b"\r\n") if auth else b""
    head = (b"POST /v1/complaints HTTP/1.1\r\nHost: b\r\n" + auth_line + b"Content-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n")
    statuses = {}
    rss_after_10 = None
    for i in range(count):
        s.sendall(head + body)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk: raise SystemExit("connection closed by server")
            data += chunk
        h, _, rest = data.partition(b"\r\n\r\n")
        length = int([l for l in h.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
        while len(rest) < length: rest += s.recv(65536)
        status = h.split(b" ")[1].decode()
        statuses[status] = statuses.get(status, 0) + 1
        if b"connection: close" in h.lower():
            s.close(); s = socket.create_connection(("127.0.0.1", port), timeout=30)
        if i == 9: rss_after_10 = rss_kib(pid)
    s.close()
    rss_end = rss_kib(pid)
    print(f"bigbody: posts={count} statuses={statuses} rss_after_10_mib={rss_after_10/1024:.1f} rss_after_all_mib={rss_end/1024:.1f} "
          f"growth_mib={(rss_end-rss_after_10)/1024:.1f}")

if __name__ == "__main__":
    port, pid = int(sys.argv[1]), int(sys.argv[2])
    what = sys.argv[3] if len(sys.argv) > 3 else "all"
    if what in ("idle", "all"): idle(port, pid)
    if what in ("churn", "all"): churn(port, pid)
    if what in ("bigbody", "all"): bigbody(port, pid)
