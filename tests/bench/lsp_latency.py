#!/usr/bin/env python3
"""The language server's edit latency on a 20,000-item users.json.

    lsp_latency.py CKIMPORT [--items 20000] [--edits 21] [--target-ms 150] [--workdir DIR]

Generates a bundle (users.json with ITEMS users, pretty-printed, a few of
them wrong; channels.json, messages.json and a channel snapshot as context),
starts `CKIMPORT lsp`, opens users.json, then sends EDITS didChange
notifications one at a time (each an incremental edit of one user's
displayName, every other one adding an unknown field), and measures the time
from writing each didChange to reading the publishDiagnostics of that
version. Prints the median and the 90th percentile in ms; exit status 1 when
the median is above --target-ms. Use a Release build:

    cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DCKIMPORT_TESTS=OFF
    cmake --build build-release -j2 --target ckimport
    python3 tests/bench/lsp_latency.py build-release/ckimport
"""
import argparse
import json
import math
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def write_bundle(folder, items):
    os.makedirs(os.path.join(folder, "existing"), exist_ok=True)
    users = []
    for i in range(items):
        user = {"name": f"user-{i:05d}@example.com", "displayName": f"User {i} ✨",
                "isGuest": i % 7 == 0, "properties": {"team": f"team-{i % 40}", "level": i % 5},
                "idempotencyKey": f"user-{i:05d}"}
        if i % 1000 == 999:
            user["display_name"] = "typo"  # an unknown field: a diagnostic
        users.append(user)
    with open(os.path.join(folder, "users.json"), "w", encoding="utf-8") as f:
        json.dump(users, f, indent=2, ensure_ascii=False)
        f.write("\n")
    channels = [{"type": "PUBLIC", "name": f"channel-{c}", "creator": f"user-{c:05d}@example.com"} for c in range(20)]
    with open(os.path.join(folder, "channels.json"), "w", encoding="utf-8") as f:
        json.dump(channels, f, indent=2)
    messages = [{"type": "TEXT", "channelId": 1001, "user": f"user-{(m * 37) % items:05d}@example.com",
                 "body": f"message {m}", "idempotencyKey": f"m-{m}"} for m in range(2000)]
    with open(os.path.join(folder, "messages.json"), "w", encoding="utf-8") as f:
        json.dump(messages, f, indent=2)
    with open(os.path.join(folder, "existing", "channels.json"), "w", encoding="utf-8") as f:
        json.dump({"general": 1001}, f)


class Server:
    def __init__(self, binary):
        self.process = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            body = stream.read(length)
            self.messages.put((time.perf_counter(), json.loads(body)))

    def send(self, message):
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return time.perf_counter()

    def wait(self, predicate, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from the server")
            at, message = self.messages.get(timeout=left)
            if predicate(message):
                return at, message


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def utf16_length(text):
    return len(text.encode("utf-16-le")) // 2


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ckimport")
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--edits", type=int, default=21)
    parser.add_argument("--target-ms", type=float, default=150)
    parser.add_argument("--workdir")
    args = parser.parse_args()

    workdir = args.workdir or tempfile.mkdtemp(prefix="ckimport-lsp-bench-")
    bundle = os.path.join(workdir, "bundle")
    write_bundle(bundle, args.items)
    users_path = os.path.abspath(os.path.join(bundle, "users.json"))
    uri = "file://" + users_path
    with open(users_path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")

    server = Server(args.ckimport)
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": os.getpid(), "rootUri": "file://" + bundle, "capabilities": {}}})
    server.wait(lambda m: m.get("id") == 1)
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def published(version):
        return lambda m: (m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                          and m["params"].get("version") == version)

    sent = server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                        "params": {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}})
    at, message = server.wait(published(1))
    print(f"users.json: {args.items} items, {len(text.encode('utf-8')) / 1e6:.1f} MB; "
          f"didOpen to first publish: {(at - sent) * 1000:.0f} ms, {len(message['params']['diagnostics'])} diagnostics")

    # Each edit replaces the displayName line of one user, in UTF-16 positions.
    display_lines = [i for i, line in enumerate(lines) if line.strip().startswith('"displayName"')]
    latencies = []
    for n in range(args.edits):
        version = n + 2
        line_no = display_lines[(n * 997) % len(display_lines)]
        old = lines[line_no]
        indent = old[: len(old) - len(old.lstrip())]
        extra = ', "colour": 1' if n % 2 == 0 else ""
        new = f'{indent}"displayName": "Edited {n} 🎉"{extra},'
        lines[line_no] = new
        change = {"range": {"start": {"line": line_no, "character": 0},
                            "end": {"line": line_no, "character": utf16_length(old)}}, "text": new}
        sent = server.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                            "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        at, message = server.wait(published(version))
        latencies.append((at - sent) * 1000)

    server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    server.wait(lambda m: m.get("id") == 2)
    server.send({"jsonrpc": "2.0", "method": "exit"})
    server.process.wait(timeout=10)

    median = statistics.median(latencies)
    p90 = percentile(latencies, 90)
    print(f"edit latency (didChange to publishDiagnostics), {len(latencies)} edits: "
          f"median {median:.0f} ms, p90 {p90:.0f} ms, min {min(latencies):.0f} ms, max {max(latencies):.0f} ms "
          f"(target: median <= {args.target_ms:.0f} ms)")
    if median > args.target_ms:
        print("target missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
