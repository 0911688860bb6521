#!/usr/bin/env python3
"""Writes a realistic, valid ChatKitty import bundle of a chosen size.

    generate_bundle.py OUT_DIR --messages N [--users U] [--channels C] [--seed S]

OUT_DIR receives users.json, channels.json, members/<channelId>.json for some
channels, existing/channels.json (a GET /v1/channels page) and messages.json,
all pretty-printed like json.dump(indent=2). The same arguments always give
the same bytes (seeded; no dependence on hash order or time).

The bundle is meant to check clean with ckimport (0 errors, 0 warnings):
every TEXT message's sender is a member of its channel, channelIds come from
the snapshot, idempotency keys are unique per resource type, channel names
and direct-channel member sets are unique.

messages.json is streamed: messages are assembled from two precomputed pools
(a "sender head": type, channelId, user; a "tail": body, groupTag,
properties) picked at random per message, plus a unique idempotencyKey, and
written in chunks. Memory stays flat whatever N is; assembling runs at ~250 MB/s
(the disk is usually slower). About 375 bytes a message: 400k messages
make ~150 MB.

Standard library only.
"""
import argparse
import array
import json
import os
import random
import sys
import time

# --------------------------------------------------------------------------
# Vocabulary

FIRST = ["jane", "joe", "zoë", "josé", "ana", "łukasz", "søren", "françois", "müller", "ingrid",
         "chloé", "mohammed", "priya", "olú", "siobhán", "émile", "nuño", "kōji", "aylin", "tomás",
         "li", "wei", "yuki", "min-jun", "sasha", "renée", "bjørn", "ağa", "dmitri", "fatima"]
LAST = ["doe", "bloggs", "ångström", "garcía", "nowak", "kierkegaard", "dupont", "schmidt",
        "okafor", "sharma", "o'brien", "brontë", "zhang", "tanaka", "kim", "ivanova", "haddad",
        "lefèvre", "núñez", "yılmaz", "smith", "martin", "rossi", "silva", "novák"]
CJK_NAMES = ["王伟", "李娜", "张敏", "刘洋", "陈静", "山田太郎", "佐藤花子", "김민준", "이서연", "鈴木一郎"]
EMOJI = ["🎉", "👋", "🚀", "😀", "👍🏽", "❤️", "🇫🇷", "👩‍💻", "🦊", "🌻", "☕", "🔥", "✅", "🙏", "🤔", "📎"]
DOMAINS = ["example.com", "example.org", "acme.test", "exemple.fr", "beispiel.de"]
TEAMS = ["support", "sales", "engineering", "ops", "design", "finance", "légal", "マーケティング"]
TIMEZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "Africa/Lagos", "Australia/Sydney",
             "America/Sao_Paulo", "Asia/Kolkata", "Europe/Berlin"]
LANGS = ["en", "fr", "de", "ja", "zh", "ko", "es", "sv", "tr", "pt"]
TOPICS = ["general", "random", "support", "release", "incident", "design-review", "café",
          "équipe", "onboarding", "sales-emea", "ops", "frontend", "backend", "mobile", "qa",
          "announcements", "watercooler", "lunch", "books", "music", "開発", "営業", "팀", "设计"]
WORDS = ("the a to of and in is it you that for on was with as have be at one not this but "
         "are from or by they we say her she an will my all would there their what so up out "
         "if about who get which go me when make can like time no just him know take people "
         "into year your good some could them see other than then now look only come its over "
         "think also back after use two how our work first well way even new want because any "
         "these give day most us deploy ticket customer refund invoice build release server "
         "database migration schedule meeting tomorrow please thanks review merge branch").split()
PHRASES = [
    "Ça marche très bien", "Grüße aus München", "¿Qué tal el lanzamiento?", "naïve café crème",
    "Łódź → Kraków", "smörgåsbord för alla", "Ελληνικά κείμενα", "Привет, как дела?",
    "你好，世界", "今日は良い天気ですね", "회의는 3시에 시작합니다", "谢谢大家的帮助",
    "مرحبا بالجميع", "שלום לכולם", "नमस्ते दुनिया", "ขอบคุณครับ", "Tack så mycket!",
    'he said "ok, ship it"', 'the "refund not applied" bug', r"path C:\Users\jane\report.pdf",
    r"regex ^\d+\s*$ matched", '{"json": true, "nested": [1, 2]}', "tab\tseparated\tvalues",
    "50% off — limited time", "½ done, ¾ tomorrow", "price: €12.50 / £10 / ¥1500",
    "see https://example.com/a?b=1&c=2#frag", "<b>not html</b> & friends", "line\r\nwith CRLF",
    "math: ∑ x² ≤ ∞", "arrows ← ↑ → ↓", "bell\u0007 and nul-ish \u001f controls",
]


def pick_weighted_index(rng, cumulative):
    x = rng.random() * cumulative[-1]
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def make_body(rng, length):
    """A body of about `length` code points mixing prose, Unicode, emoji,
    quotes, backslashes, newlines and control characters."""
    parts = []
    n = 0
    while n < length:
        r = rng.random()
        if r < 0.62:
            w = rng.choice(WORDS)
            if rng.random() < 0.08:
                w = w.capitalize()
        elif r < 0.80:
            w = rng.choice(PHRASES)
        elif r < 0.90:
            w = rng.choice(EMOJI)
        elif r < 0.95:
            w = rng.choice(["\n", "\n\n", ".\n", "!\n- ", "\n> "])
        else:
            w = "#%d" % rng.randrange(1, 99999)
        parts.append(w)
        n += len(w) + 1
    body = " ".join(parts)[:length]
    return body if body else "."


def body_length(rng):
    r = rng.random()
    if r < 0.60:
        return rng.randint(1, 80)
    if r < 0.90:
        return rng.randint(80, 320)
    if r < 0.985:
        return rng.randint(320, 1000)
    return rng.randint(1000, 2000)


def nested_properties(rng, depth=0):
    props = {}
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        key = rng.choice(["pinned", "source", "score", "tags", "meta", "ref", "edited", "lang",
                          "priority", "attachments", "reactions", "thread", "clé", "ключ"])
        if r < 0.2:
            props[key] = rng.random() < 0.5
        elif r < 0.4:
            props[key] = rng.randint(-1000, 1000000)
        elif r < 0.5:
            props[key] = round(rng.uniform(-100, 100), 3)
        elif r < 0.65:
            props[key] = make_body(rng, rng.randint(1, 40))
        elif r < 0.8:
            props[key] = [rng.choice(TOPICS) for _ in range(rng.randint(0, 4))]
        elif r < 0.85:
            props[key] = None
        elif depth < 3:
            props[key] = nested_properties(rng, depth + 1)
        else:
            props[key] = {}
    return props


def indent_block(text, by):
    """Re-indents json.dumps(indent=2) output to sit `by` spaces deeper."""
    return text.replace("\n", "\n" + " " * by)


def dump_value(value, depth, ensure_ascii=False):
    """The value as json.dump(indent=2) writes it at nesting `depth`."""
    return indent_block(json.dumps(value, indent=2, ensure_ascii=ensure_ascii), 2 * depth)


class Output:
    """A file written in big chunks; counts bytes."""

    def __init__(self, path):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        self.path = path
        self.f = open(path, "wb", buffering=0)
        self.size = 0

    def write(self, text):
        self.write_bytes(text.encode("utf-8"))

    def write_bytes(self, data):
        self.f.write(data)
        self.size += len(data)

    def close(self):
        self.f.close()


def write_json_file(path, value):
    out = Output(path)
    out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")
    out.close()
    return out.size


# --------------------------------------------------------------------------
# The bundle model

def make_users(rng, count):
    users = []
    seen = set()
    for i in range(count):
        r = rng.random()
        if r < 0.12:
            cjk = rng.choice(CJK_NAMES)
            name = "%s%d" % (cjk, i)
            display = cjk
        elif r < 0.18:
            first = rng.choice(FIRST)
            name = "%s-%d" % (first, i)
            display = "%s %s" % (first.capitalize(), rng.choice(EMOJI))
        else:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name = "%s.%s%d@%s" % (first, last.replace("'", ""), i, rng.choice(DOMAINS))
            display = "%s %s" % (first.capitalize(), last[0].upper() + last[1:])
        assert name not in seen
        seen.add(name)
        user = {"name": name, "displayName": display, "isGuest": rng.random() < 0.07}
        props = {}
        if rng.random() < 0.8:
            props["team"] = rng.choice(TEAMS)
        if rng.random() < 0.6:
            props["timezone"] = rng.choice(TIMEZONES)
        if rng.random() < 0.4:
            props["languages"] = rng.sample(LANGS, rng.randint(1, 3))
        if rng.random() < 0.3:
            props["preferences"] = {
                "theme": rng.choice(["dark", "light", "système"]),
                "notifications": {"email": rng.random() < 0.5, "push": rng.random() < 0.5,
                                  "quietHours": [rng.randint(18, 23), rng.randint(5, 9)]},
            }
        if rng.random() < 0.2:
            props["employeeId"] = rng.randint(1, 10**9)
        user["properties"] = props
        if i % 3 == 0:
            ext = rng.choice([("png", "image/png"), ("jpg", "image/jpeg"), ("webp", "image/webp"),
                              ("gif", "image/gif")])
            user["displayPicture"] = {
                "url": "https://cdn.%s/avatars/%d.%s" % (rng.choice(DOMAINS), i, ext[0]),
                "name": "avatar-%d.%s" % (i, ext[0]),
                "contentType": ext[1],
                "size": rng.randint(800, 900000),
            }
            if rng.random() < 0.5:
                user["displayPicture"]["idempotencyKey"] = "avatar-%06d" % i
        user["idempotencyKey"] = "user-%06d" % i
        users.append(user)
    return users


def make_channels(rng, count, user_names):
    """Returns (channels, snapshot entries, {id: member list}, {id: members file usernames})."""
    channels = []
    snapshot = []
    members_by_id = {}
    member_files = {}
    seen_names = set()
    seen_direct = set()
    next_id = 70001
    n_direct = count * 3 // 10
    n_named = count - n_direct
    for i in range(n_named):
        ctype = "PUBLIC" if rng.random() < 0.7 else "PRIVATE"
        name = "%s-%d" % (rng.choice(TOPICS), i)
        assert name not in seen_names
        seen_names.add(name)
        size = min(len(user_names), int(rng.paretovariate(1.2) * 4) + 2)
        size = min(size, 400)
        members = rng.sample(user_names, size)
        cid = next_id
        next_id += rng.randint(1, 7)
        channel = {
            "type": ctype,
            "name": name,
            "displayName": ("%s %s" % (name.replace("-", " ").capitalize(),
                                       rng.choice(["", "🎉", "· équipe", "(archive)", "チーム"]))).strip(),
            "creator": members[0],
            "members": members,
            "properties": {"topic": make_body(rng, rng.randint(5, 60))} if rng.random() < 0.6 else {},
            "idempotencyKey": "channel-%06d" % i,
        }
        channels.append(channel)
        snapshot.append({
            "id": cid, "type": ctype, "name": name, "displayName": channel["displayName"],
            "creator": {"name": members[0]}, "properties": channel["properties"],
            "lastReceivedMessage": None,
            "_links": {"self": {"href": "https://api.chatkitty.com/v1/channels/%d" % cid}},
        })
        everyone = list(members)
        if rng.random() < 0.2:
            in_channel = set(members)
            extra = [u for u in rng.sample(user_names, min(len(user_names), rng.randint(3, 120)))
                     if u not in in_channel]
            if extra:
                member_files[cid] = extra
                everyone += extra
        members_by_id[cid] = everyone
    for j in range(n_direct):
        while True:
            members = rng.sample(user_names, 2 if rng.random() < 0.7 else rng.randint(3, 10))
            key = tuple(sorted(members))
            if key not in seen_direct:
                seen_direct.add(key)
                break
        cid = next_id
        next_id += rng.randint(1, 7)
        channel = {"type": "DIRECT", "members": members}
        if rng.random() < 0.5:
            channel["creator"] = members[0]
        if rng.random() < 0.3:
            channel["properties"] = {"origin": rng.choice(["mobile", "web", "import"])}
        channel["idempotencyKey"] = "channel-%06d" % (n_named + j)
        channels.append(channel)
        snapshot.append({
            "id": cid, "type": "DIRECT",
            "members": [{"name": m} for m in members],
            "properties": channel.get("properties", {}),
            "_links": {"self": {"href": "https://api.chatkitty.com/v1/channels/%d" % cid}},
        })
        members_by_id[cid] = members
    return channels, snapshot, members_by_id, member_files


def make_heads(rng, pool, members_by_id):
    """Pool of message heads: `  {` ... through the `user` line."""
    ids = sorted(members_by_id)
    # Zipf-like activity: a few busy channels, a long tail of quiet ones.
    order = list(ids)
    rng.shuffle(order)
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(order))]
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    heads = []
    for _ in range(pool):
        cid = order[pick_weighted_index(rng, cumulative)]
        if rng.random() < 0.05:
            heads.append('  {\n    "type": "SYSTEM_TEXT",\n    "channelId": %d,\n' % cid)
        else:
            user = rng.choice(members_by_id[cid])
            heads.append('  {\n    "type": "TEXT",\n    "channelId": %d,\n    "user": %s,\n'
                         % (cid, json.dumps(user, ensure_ascii=False)))
    return heads


def make_tails(rng, pool):
    """Pool of message tails: the body line through the line before idempotencyKey."""
    tails = []
    for _ in range(pool):
        body = make_body(rng, body_length(rng))
        escaped = rng.random() < 0.15  # \u00e9 and surrogate pairs, as some exporters write
        t = '    "body": %s,\n' % json.dumps(body, ensure_ascii=escaped)
        if rng.random() < 0.1:
            t += '    "groupTag": %s,\n' % json.dumps(rng.choice(TOPICS) + "-thread-%d" % rng.randrange(500),
                                                    ensure_ascii=False)
        if rng.random() < 0.15:
            t += '    "properties": %s,\n' % dump_value(nested_properties(rng), 2, escaped)
        tails.append(t)
    return tails


def write_messages(path, rng, count, heads, tails, chunk=8192):
    assert len(heads) == 65536 and len(tails) == 65536
    heads = [h.encode("utf-8") for h in heads]
    tails = [t.encode("utf-8") for t in tails]
    out = Output(path)
    out.write("[\n" if count else "[]\n")
    i = 0
    while i < count:
        n = min(chunk, count - i)
        picks = array.array("H")
        picks.frombytes(rng.randbytes(4 * n))
        if sys.byteorder != "little":
            picks.byteswap()  # same picks on every machine
        keys = [b'    "idempotencyKey": "msg-%010d"\n  },\n' % k for k in range(i, i + n)]
        i += n
        if i == count:
            keys[-1] = keys[-1][:-2] + b"\n]\n"
        parts = []
        add = parts.extend
        for h, t, key in zip(picks[0::2], picks[1::2], keys):
            add((heads[h], tails[t], key))
        out.write_bytes(b"".join(parts))
    out.close()
    return out.size


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--messages", type=int, required=True, help="number of messages")
    ap.add_argument("--users", type=int, default=5000)
    ap.add_argument("--channels", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.users < 10 or args.channels < 2:
        ap.error("need at least 10 users and 2 channels")

    started = time.monotonic()
    rng = random.Random(args.seed)
    users = make_users(rng, args.users)
    names = [u["name"] for u in users]
    channels, snapshot, members_by_id, member_files = make_channels(rng, args.channels, names)
    out = args.out_dir
    sizes = {}
    sizes["users.json"] = write_json_file(os.path.join(out, "users.json"), users)
    sizes["channels.json"] = write_json_file(os.path.join(out, "channels.json"), channels)
    member_bytes = 0
    for cid, extra in sorted(member_files.items()):
        items = [{"username": u, "idempotencyKey": "member-%d-%04d" % (cid, k)}
                 for k, u in enumerate(extra)]
        member_bytes += write_json_file(os.path.join(out, "members", "%d.json" % cid), items)
    sizes["members/*.json (%d files)" % len(member_files)] = member_bytes
    page = {
        "_embedded": {"channels": snapshot},
        "_links": {"self": {"href": "https://api.chatkitty.com/v1/channels?page=0&size=%d" % len(snapshot)}},
        "page": {"size": len(snapshot), "totalElements": len(snapshot), "totalPages": 1, "number": 0},
    }
    sizes["existing/channels.json"] = write_json_file(os.path.join(out, "existing", "channels.json"), page)

    mrng = random.Random(args.seed * 1000003 + 7)
    heads = make_heads(mrng, 65536, members_by_id)
    tails = make_tails(mrng, 65536)
    t0 = time.monotonic()
    sizes["messages.json"] = write_messages(os.path.join(out, "messages.json"), mrng, args.messages,
                                            heads, tails)
    t1 = time.monotonic()
    for name, size in sizes.items():
        print("%14d  %s" % (size, name))
    mb = sizes["messages.json"] / 1e6
    print("%14d  total; %d users, %d channels, %d messages; messages.json at %.0f MB/s, all in %.1f s"
          % (sum(sizes.values()), args.users, args.channels, args.messages,
             mb / max(t1 - t0, 1e-9), t1 - started))


if __name__ == "__main__":
    main()
