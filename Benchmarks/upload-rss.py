#!/usr/bin/env python3
"""Memory under parallel photo uploads (issue 10): N parallel raw `image/png` uploads of SIZE MiB
each to a fresh complaintd on loopback; prints the resident-set growth of the server (peak during
the uploads minus the resident set before them) and fails when it exceeds LIMIT MiB.

The server must stream each body to a temporary file (HTTP1 spooled routes) and read it back a
block at a time, so the growth stays far below N x SIZE.

usage: Benchmarks/upload-rss.py
environment: COMPLAINTD_BIN (default .build/release/complaintd, else .build/debug/complaintd),
             UPLOADS (20), SIZE_MIB (10), LIMIT_MIB (50), FSYNC (always)
Loopback only; the server it starts is stopped by its PID and its data directory removed.
"""
import json, os, shutil, signal, socket, struct, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UPLOADS = int(os.environ.get("UPLOADS", "20"))
SIZE = int(float(os.environ.get("SIZE_MIB", "10")) * 1024 * 1024)
LIMIT_MIB = float(os.environ.get("LIMIT_MIB", "50"))
CHUNK = 64 * 1024


def binary():
    if os.environ.get("COMPLAINTD_BIN"):
        return os.environ["COMPLAINTD_BIN"]
    for flavour in ("release", "debug"):
        path = os.path.join(ROOT, ".build", flavour, "complaintd")
        if os.access(path, os.X_OK):
            return path
    sys.exit("no complaintd binary: run `swift build` (or -c release) or set COMPLAINTD_BIN")


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def request(port, method, path, token, body=b"", content_type="application/json", timeout=120):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    s.sendall(head + body)
    return read_response(s)


def read_response(s):
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head else 0
    return status, body


def png_head(seed):
    """A PNG signature, an IHDR chunk and the head of one IDAT chunk that fills the file up to SIZE
    bytes with the IEND chunk (the server walks PNG chunks to drop metadata; nothing checks CRCs)."""
    ihdr = struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 16, 16, 8, 6, 0, 0, 0) + b"\0\0\0\0"
    idat_length = SIZE - 8 - len(ihdr) - 12 - 12
    return b"\x89PNG\r\n\x1a\n" + ihdr + struct.pack(">I", idat_length) + b"IDAT" + seed.to_bytes(8, "big")


PNG_TAIL = b"\0\0\0\0" + struct.pack(">I", 0) + b"IEND" + b"\0\0\0\0"  # IDAT's CRC, then IEND


def upload(port, token, complaint, seed, block, results, index):
    """Streams one SIZE-byte PNG body in 64 KiB pieces (the client holds one piece)."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=300)
        s.sendall((f"POST /v1/complaints/{complaint}/attachments?name=photo-{index}.png HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   f"Connection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: image/png\r\n"
                   f"Content-Length: {SIZE}\r\n\r\n").encode())
        first = png_head(seed)
        s.sendall(first + block[len(first):])
        sent = CHUNK
        while sent < SIZE - len(PNG_TAIL):
            piece = block[: min(CHUNK, SIZE - len(PNG_TAIL) - sent)]
            s.sendall(piece)
            sent += len(piece)
        s.sendall(PNG_TAIL)
        results[index] = read_response(s)
    except Exception as error:  # noqa: BLE001 — reported with the others below
        results[index] = (0, str(error).encode())


def main():
    exe = binary()
    data = tempfile.mkdtemp(prefix="complaintd-upload-rss-")
    port = free_port()
    log_path = data + ".log"
    log = open(log_path, "w")
    server = subprocess.Popen([exe, "--port", str(port), "--data-dir", data, "--fsync", os.environ.get("FSYNC", "always")],
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(400):
            try:
                if request(port, "GET", "/readyz", "-")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.025)
        else:
            sys.exit("complaintd did not become ready")
        token = open(os.path.join(data, "admin.token")).read().strip()
        complaints = []
        for n in range(UPLOADS):
            body = json.dumps({"channel": "phone", "content": f"楼道漏水 #{n}", "complainant": {
                "name": "李伟", "phone": "13800138000", "estate": "阳光花园", "building": "3", "unit": f"{n + 1:02d}01"}}).encode()
            status, answer = request(port, "POST", "/v1/complaints", token, body)
            if status != 201:
                sys.exit(f"register: {status} {answer[:200]!r}")
            complaints.append(json.loads(answer)["id"])
        # Warm-up: one small upload, so queues and buffers that live for the process exist already.
        status, answer = request(port, "POST", f"/v1/complaints/{complaints[0]}/attachments", token,
                                 b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 0) + b"IEND" + b"\0\0\0\0", "image/png")
        if status != 201:
            sys.exit(f"warm-up upload: {status} {answer[:200]!r}")
        time.sleep(0.5)
        baseline = status_kib(server.pid, "VmRSS")
        peak = [baseline]
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], status_kib(server.pid, "VmRSS"))
                time.sleep(0.005)

        sampler = threading.Thread(target=sample)
        sampler.start()
        block = os.urandom(CHUNK)
        results = [None] * UPLOADS
        started = time.perf_counter()
        threads = [threading.Thread(target=upload, args=(port, token, complaints[i], i + 1, block, results, i)) for i in range(UPLOADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - started
        time.sleep(0.2)
        done.set()
        sampler.join()
        after = status_kib(server.pid, "VmRSS")
        failed = [(i, r[0], r[1][:160]) for i, r in enumerate(results) if r is None or r[0] != 201]
        sizes = [json.loads(r[1])["files"][0]["size"] for r in results if r and r[0] == 201]
        growth = (peak[0] - baseline) / 1024
        print(f"binary: {exe}")
        print(f"uploads: {UPLOADS} parallel x {SIZE / 1048576:g} MiB raw image/png, {len(sizes)} stored "
              f"({'all ' + str(SIZE) + ' bytes' if sizes and all(s == SIZE for s in sizes) else sizes}) in {seconds:.2f} s")
        print(f"server RSS: before {baseline / 1024:.1f} MiB, peak {peak[0] / 1024:.1f} MiB, after {after / 1024:.1f} MiB")
        print(f"RSS growth during the uploads: {growth:.1f} MiB (limit {LIMIT_MIB:g} MiB)")
        if failed:
            print(f"FAILED uploads: {failed}")
            print(open(log_path).read()[-2000:])
        ok = not failed and growth <= LIMIT_MIB
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(data, ignore_errors=True)
        os.unlink(log_path)


if __name__ == "__main__":
    sys.exit(main())
