#!/usr/bin/env python3
"""Writes the bundle of issue 11 into a folder: a handful of root causes at
the scale of a real import, each repeated thousands of times.

  - 3,000 users, 2,000 of whom spell `display_name` (as a vendor page does);
  - 1,000 messages that spell `idempotency_key`;
  - one sender, `ghost`, who is no user, sending 20,000 messages;
  - 5,000 messages to channel 4242, which the snapshot lacks;
  - channel `random`, whose `members` is the string "alice,bob", and 3,000
    messages to it (its membership is unknown: none of them is a finding).

Built at test time (about 3 MB), never kept in git. The same bytes on every
run. Usage:
  generate_bundle.py FOLDER [--scale N]   (N divides every count; default 1)
"""
import argparse
import json
import os
import zlib


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--scale", type=int, default=1, help="divide every count by this")
    args = parser.parse_args()

    def n(count):
        return max(1, count // args.scale)

    os.makedirs(os.path.join(args.folder, "existing"), exist_ok=True)

    def write(name, items):
        with open(os.path.join(args.folder, name), "w", encoding="utf-8") as f:
            if isinstance(items, dict):
                json.dump(items, f)
                return
            f.write("[\n")
            f.write(",\n".join("  " + json.dumps(item) for item in items))
            f.write("\n]\n")

    names = ["alice", "bob"] + [f"user{i:04}" for i in range(n(3000) - 2)]
    users = []
    for i, name in enumerate(names):
        display = "display_name" if 2 <= i < 2 + n(2000) else "displayName"
        users.append({"name": name, display: name.title(), "isGuest": False, "properties": {}})
    write("users.json", users)

    write("channels.json", [
        {"type": "PUBLIC", "name": "general", "members": names},
        {"type": "PUBLIC", "name": "random", "members": "alice,bob"},
    ])
    write("existing/channels.json", {"general": 1001, "random": 1002})

    messages = []
    for i in range(n(20000)):
        messages.append({"type": "TEXT", "channelId": 1001, "body": f"boo {i}", "user": "ghost"})
    for i in range(n(5000)):
        messages.append({"type": "TEXT", "channelId": 4242, "body": f"lost {i}", "user": "alice"})
    for i in range(n(3000)):
        messages.append({"type": "TEXT", "channelId": 1002, "body": f"hi {i}",
                         "user": names[2 + i % (len(names) - 2)]})
    for i in range(n(1000)):
        messages.append({"type": "TEXT", "channelId": 1001, "body": f"once {i}", "user": "bob",
                         "idempotency_key": f"k{i}"})
    for i in range(n(1000)):
        messages.append({"type": "TEXT", "channelId": 1001, "body": f"fine {i}", "user": "alice",
                         "idempotencyKey": f"ok{i}"})
    # Interleaved, as an export has them (by time, not by mistake), and the
    # same order on every run (not hash(), which is salted per process).
    messages.sort(key=lambda m: zlib.crc32(m["body"].encode()))
    write("messages.json", messages)


if __name__ == "__main__":
    main()
