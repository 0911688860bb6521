#!/usr/bin/env python3
"""Measures ckimport against its peers and prints the tables of issues 5, 14 and 15.

Run through run.sh, which builds ckimport and installs the peers first; see
README.md. Standard library only. Every process is timed from its spawn to
its reap (start-up included); CPU time and peak RSS come from wait4(), so
they are the measured process's own (and its children's), nothing else.
"""
import argparse
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BYTES_PER_MESSAGE = 375  # what generate_bundle.py writes, near enough: 400k messages ~ 150 MB
MiB = 1024 * 1024


# --------------------------------------------------------------------------
# Measuring

class Sample:
    def __init__(self, wall, user, sys_, rss_kib, rc, out):
        self.wall, self.user, self.sys, self.rss_kib, self.rc, self.out = wall, user, sys_, rss_kib, rc, out
        self.cpu = user + sys_


def folder_bytes(folder):
    """The disk the files under folder take (allocated blocks), 0 when it is gone."""
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass  # removed while we looked
    return total


class DiskWatch:
    """The most disk that the files under a folder take while a process
    runs, sampled every 10 ms (a spill written and removed in less is missed;
    the spills measured here last seconds)."""

    def __init__(self, folder):
        self.folder, self.peak = folder, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, folder_bytes(self.folder))
            self._stop.wait(0.01)

    def stop(self):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, folder_bytes(self.folder))
        return self.peak


def measure(cmd, scratch, stdin_path=None, temp_folder=None):
    """Runs cmd once: wall seconds, user+sys seconds, peak RSS (KiB), exit code, output head.
    stdin_path: a file for its standard input (else /dev/null). temp_folder:
    its TMPDIR, emptied first, and the peak disk used there is kept."""
    out_path = os.path.join(scratch, "out.txt")
    env = None
    watch = None
    if temp_folder is not None:
        shutil.rmtree(temp_folder, ignore_errors=True)
        os.makedirs(temp_folder)
        env = dict(os.environ, TMPDIR=temp_folder)
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        with open(out_path, "wb") as out:
            if temp_folder is not None:
                watch = DiskWatch(temp_folder)
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=stdin, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
    finally:
        if stdin_path:
            stdin.close()
    temp_peak = watch.stop() if watch else None
    proc.returncode = os.waitstatus_to_exitcode(status)
    with open(out_path, "rb") as f:  # the head (what went wrong) and the tail (the summary)
        size = os.fstat(f.fileno()).st_size
        if size <= 8000:
            text = f.read()
        else:
            text = f.read(4000) + b"\n...\n"
            f.seek(size - 4000)
            text += f.read()
        text = text.decode("utf-8", "replace")
    sample = Sample(wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss, proc.returncode, text)
    sample.temp_bytes = temp_peak
    return sample


class Tool:
    """One row of a table: a command, and how to tell that it found the input valid."""

    def __init__(self, label, cmd, valid, stdin_path=None, temp_folder=None):
        self.label, self.cmd, self.valid = label, cmd, valid
        self.stdin_path, self.temp_folder = stdin_path, temp_folder
        self.samples = []
        self.problem = None

    def check(self, sample):
        if self.problem is None and not self.valid(sample):
            self.problem = "exit %d: %s" % (sample.rc, sample.out.strip()[:600])

    def median(self, attr):
        return statistics.median(getattr(s, attr) for s in self.samples) if self.samples else None

    def peak_rss_mib(self):
        return max(s.rss_kib for s in self.samples) / 1024 if self.samples else None

    def peak_temp_mib(self):
        """The most temporary disk a run used (None when not watched)."""
        used = [s.temp_bytes for s in self.samples if s.temp_bytes is not None]
        return max(used) / MiB if used else None

    def run_once(self, scratch):
        return measure(self.cmd, scratch, self.stdin_path, self.temp_folder)


def ckimport_valid(sample):
    """Exit 0 and nothing found; notes (such as "usernames are not checked"
    for a file checked without its bundle) are allowed."""
    return sample.rc == 0 and ("no problems" in sample.out or
                               re.search(r"^0 errors, 0 warnings\b", sample.out, re.M) is not None)


def exit_zero(sample):
    return sample.rc == 0


def ajv_valid(sample):
    return sample.rc == 0 and re.search(r" valid\s*$", sample.out, re.M) is not None


def run_alternated(tools, runs, scratch, warmup=True, progress=""):
    """Each tool once per round, the order rotating from round to round, so
    that a change of load on the machine hits every tool alike. A first,
    untimed round warms the page cache and checks that every tool says valid."""
    if warmup:
        for t in tools:
            s = t.run_once(scratch)
            t.check(s)
    for r in range(runs):
        order = tools[r % len(tools):] + tools[:r % len(tools)]
        for t in order:
            if progress and sys.stderr.isatty():
                print("\r  %s: round %d/%d, %s ...%s" % (progress, r + 1, runs, t.label, " " * 20),
                      end="", file=sys.stderr, flush=True)
            s = t.run_once(scratch)
            t.check(s)
            t.samples.append(s)
    if progress and sys.stderr.isatty():
        print("\r" + " " * 100 + "\r", end="", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Formatting

def table(headers, rows, align=None):
    cols = len(headers)
    rows = [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(headers[i]), *(len(r[i]) for r in rows)) if rows else len(headers[i])
              for i in range(cols)]
    align = align or ["<"] + [">"] * (cols - 1)
    def line(cells):
        return "  ".join(("{:%s%d}" % (align[i], widths[i])).format(cells[i]) for i in range(cols)).rstrip()
    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return "\n".join(out)


def fmt_s(x, digits=3):
    return "n/a" if x is None else ("%.*f" % (digits, x))


def fmt_ratio(x):
    return "n/a" if x is None else "%.2f" % x


def verdict(ok):
    return "PASS" if ok else "FAIL"


# --------------------------------------------------------------------------
# Sizes and bundles

def parse_size(text):
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)B?\s*", text, re.I)
    if not m:
        raise argparse.ArgumentTypeError("a size is like 150M, 1.5G or 5G, got %r" % text)
    mult = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}[m.group(2).upper()]
    return text.strip(), int(float(m.group(1)) * mult)


def generator_digest():
    with open(os.path.join(HERE, "generate_bundle.py"), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def ensure_bundle(data_dir, label, nbytes, seed):
    """The bundle of this size and seed, generated unless cached. None (and a
    note) when the disk has no room for it."""
    messages = max(1, round(nbytes / BYTES_PER_MESSAGE))
    digest = generator_digest()
    path = os.path.join(data_dir, "%s-seed%d" % (label, seed))
    stamp = path + ".stamp"  # beside the bundle, not in it: ckimport would note it
    want = "messages=%d seed=%d generator=%s\n" % (messages, seed, digest)
    if os.path.exists(stamp) and open(stamp).read() == want:
        return path, None
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(data_dir, exist_ok=True)
    free = shutil.disk_usage(data_dir).free
    need = int(nbytes * 1.1) + 200 * MiB
    if free < need:
        return None, ("skipped %s: %.1f GB free in %s, %.1f GB needed"
                      % (label, free / 1e9, data_dir, need / 1e9))
    tmp = path + ".partial"
    if os.path.exists(tmp):
        shutil.rmtree(tmp)
    print("generating the %s bundle (%d messages) in %s ..." % (label, messages, path),
          file=sys.stderr, flush=True)
    started = time.monotonic()
    subprocess.run([sys.executable, os.path.join(HERE, "generate_bundle.py"), tmp,
                    "--messages", str(messages), "--seed", str(seed)],
                   check=True, stdout=sys.stderr)
    os.rename(tmp, path)
    with open(stamp, "w") as f:
        f.write(want)
    print("  generated in %.0f s" % (time.monotonic() - started), file=sys.stderr, flush=True)
    return path, None


def messages_size(bundle):
    return os.path.getsize(os.path.join(bundle, "messages.json"))


# --------------------------------------------------------------------------
# The report

def tool_version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (out.stdout.strip() or out.stderr.strip()).splitlines()[0]
    except Exception as e:  # noqa: BLE001 -- a version is informative only
        return "unknown (%s)" % e


def npm_version(peers, package):
    import json
    try:
        with open(os.path.join(peers, "node_modules", package, "package.json")) as f:
            return json.load(f)["version"]
    except OSError:
        return "not installed"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    return "%.1f GiB" % (int(line.split()[1]) / MiB)
    except OSError:
        pass
    return "unknown"


def print_header(args):
    print("ckimport benchmark (issues 5, 14, 15: fast and flat)")
    print("=" * 52)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print("machine:    %s; nproc %d; %s RAM; %s %s" % (cpu_model(), cpus, mem_total(),
                                                      platform.system(), platform.release()))
    print("load:       %.2f %.2f %.2f (1/5/15 min) at start" % os.getloadavg())
    print("ckimport:   %s (%s, Release)" % (tool_version([args.ckimport, "--version"]), args.compiler))
    if args.jsonschema:
        print("jsonschema: %s (@sourcemeta/jsonschema %s, native binary %s)"
              % (tool_version([args.jsonschema, "version"]), npm_version(args.peers, "@sourcemeta/jsonschema"),
                 os.path.basename(args.jsonschema)))
    else:
        print("jsonschema: n/a (%s)" % args.jsonschema_note)
    if args.ajv:
        print("ajv:        ajv-cli %s, ajv %s, node %s" % (npm_version(args.peers, "ajv-cli"),
                                                       npm_version(args.peers, "ajv"),
                                                       tool_version(["node", "--version"])))
    else:
        print("ajv:        n/a (ajv-cli not installed)")
    print("python:     %s; runs: %d alternated (+1 untimed warm-up each)" % (platform.python_version(), args.runs))
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ckimport", required=True)
    ap.add_argument("--compiler", default="")
    ap.add_argument("--jsonschema", default="", help="the sourcemeta native binary; empty: n/a")
    ap.add_argument("--jsonschema-note", default="not installed")
    ap.add_argument("--ajv", default="", help="the ajv-cli script; empty: n/a")
    ap.add_argument("--floor", default="", help="simdjson_floor (tests/bench/simdjson_floor.cpp); empty: n/a")
    ap.add_argument("--peers", default="")
    ap.add_argument("--schema", default=os.path.join(HERE, "messages.schema.json"))
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--size", action="append", type=parse_size, default=[])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--runs-large", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    data_dir = os.path.join(args.work, "data")
    scratch = tempfile.mkdtemp(prefix="run-", dir=args.work)
    sizes = [("150M", 150_000_000)]
    for label, nbytes in args.size:
        if nbytes != 150_000_000 and all(n != nbytes for _, n in sizes):
            sizes.append((label, nbytes))
    sizes.sort(key=lambda s: s[1])

    help_text = subprocess.run([args.ckimport, "check", "--help"], capture_output=True, text=True).stdout
    has_jobs = re.search(r"--jobs\b", help_text) is not None

    bundles = {}
    notes = []
    for label, nbytes in sizes:
        path, note = ensure_bundle(data_dir, label, nbytes, args.seed)
        if note:
            notes.append(note)
        else:
            bundles[label] = path
    # A bundle just generated is still being written back to disk, gigabytes
    # of it for --size 5G, while table 1 runs: in a run that generated the
    # 5G bundle, table 1 had ckimport a third slower (user CPU and wall) than
    # the tables after it, and failed its targets. Waiting for the writeback
    # costs nothing when the data was cached.
    os.sync()

    print_header(args)
    failures = []
    ck = args.ckimport
    base = bundles["150M"]
    base_mb = messages_size(base) / 1e6
    msgs = os.path.join(base, "messages.json")

    # ---------------------------------------------------------------- Table 1
    alone = os.path.join(scratch, "alone")
    def place(src, rel):
        dst = os.path.join(alone, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        try:
            os.link(src, dst)  # the same bytes, in a folder of its own: no bundle context
        except OSError:
            shutil.copyfile(src, dst)
        return dst
    msgs_alone = place(msgs, "g/messages.json")
    temp_folder = os.path.join(scratch, "tmp")  # TMPDIR of the runs whose spill is measured
    t_bundle = Tool("ckimport check <bundle>", [ck, "check", base], ckimport_valid, temp_folder=temp_folder)
    t_alone = Tool("ckimport check --type messages messages.json (alone)",
                   [ck, "check", "--type", "messages", msgs_alone], ckimport_valid)
    tools = [t_bundle]
    if has_jobs:
        tools.append(Tool("ckimport check --jobs 1 <bundle>", [ck, "check", "--jobs", "1", base], ckimport_valid))
    tools.append(t_alone)
    t_j1 = tools[1] if has_jobs else None
    t_floor = None
    if args.floor:
        t_floor = Tool("simdjson On-Demand walk of messages.json (floor)", [args.floor, msgs], exit_zero)
        tools.append(t_floor)
    t_fast = t_exh = t_ajv = None
    if args.jsonschema:
        t_fast = Tool("jsonschema validate --fast", [args.jsonschema, "validate", "--fast", args.schema, msgs],
                      exit_zero)
        t_exh = Tool("jsonschema validate", [args.jsonschema, "validate", args.schema, msgs], exit_zero)
        tools += [t_fast, t_exh]
    if args.ajv:
        t_ajv = Tool("ajv validate --spec=draft7", [args.ajv, "validate", "-s", args.schema, "-d", msgs,
                                                    "--spec=draft7"], ajv_valid)
        tools.append(t_ajv)
    run_alternated(tools, args.runs, scratch, progress="table 1")

    have_ref = t_fast is not None and bool(t_fast.samples)
    ref_wall = t_fast.median("wall") if have_ref else None
    ref_min = min(s.wall for s in t_fast.samples) if have_ref else None
    ref_user = t_fast.median("user") if have_ref else None
    floor_user = t_floor.median("user") if t_floor is not None and t_floor.samples else None
    rows = []
    for t in tools:
        wall, best = t.median("wall"), min(s.wall for s in t.samples)
        rows.append([t.label, fmt_s(wall), fmt_s(best), fmt_s(t.median("user")), fmt_s(t.median("sys")),
                     "%.0f" % (base_mb / wall), "%.1f" % t.peak_rss_mib(),
                     fmt_ratio(wall / ref_wall) if have_ref else "n/a",
                     fmt_ratio(best / ref_min) if have_ref else "n/a",
                     fmt_ratio(t.median("user") / ref_user) if have_ref else "n/a",
                     fmt_ratio(t.median("user") / floor_user) if floor_user else "n/a",
                     "yes" if t.problem is None else "NO"])
    print("Table 1: messages.json of %.1f MB (%s); median of %d alternated runs"
          % (base_mb, os.path.relpath(base, args.work), args.runs))
    print(table(["tool", "wall s", "min s", "user s", "sys s", "MB/s", "peak RSS MiB", "wall ratio",
                 "min ratio", "user ratio", "user vs floor", "valid"], rows))
    print("  ratios = this tool / `jsonschema validate --fast` (lower is faster): median wall, best wall, median user CPU;")
    print("  user vs floor = median user CPU / the floor's (simdjson On-Demand walking every value, nothing else)")
    print("  MB/s = messages.json bytes / median wall")
    print("  ckimport runs with its default --jobs; (alone) = the same bytes hard-linked into a folder of their own: no bundle context")
    # Issue 14's targets, all from this one alternated run.
    if have_ref:
        r = t_bundle.median("wall") / ref_wall
        r_best = min(s.wall for s in t_bundle.samples) / ref_min
        ok = r <= 0.35
        print("  TARGET whole-bundle check <= 0.35 x jsonschema --fast wall: median %.2f, best %.2f -> %s"
              % (r, r_best, verdict(ok)))
        if not ok:
            failures.append("table 1 wall")
        r_user = t_bundle.median("user") / ref_user
        ok = r_user <= 1.0
        print("  TARGET whole-bundle check <= 1.0 x jsonschema --fast user CPU: median %.2f -> %s"
              % (r_user, verdict(ok)))
        if not ok:
            failures.append("table 1 user CPU")
    if floor_user and t_j1 is not None:
        r_floor = t_j1.median("user") / floor_user
        ok = r_floor <= 4.0
        print("  TARGET --jobs 1 <bundle> <= 4 x the floor's user CPU: median %.3f s / %.3f s = %.2f -> %s"
              % (t_j1.median("user"), floor_user, r_floor, verdict(ok)))
        if not ok:
            failures.append("table 1 floor")
    for t in tools:
        if t.problem:
            print("  NOT VALID: %s: %s" % (t.label, t.problem))
            failures.append("validity: " + t.label)
    print()

    # ---------------------------------------------------------------- Table 2
    # Issue 15: flat memory at any size. The key index spills past
    # --memory-limit into TMPDIR (a folder of the scratch, watched for the
    # disk it takes); the 150M bundle stays within the budget.
    print("Table 2: ckimport check <bundle> as messages.json grows (users/channels/members the same)")
    rows = []
    rss = {}
    seconds_per_mb = {}
    for label, _ in sizes:
        if label not in bundles:
            rows.append([label, "-", "-", "-", "-", "-", "-", "-", "-", "-", "skipped"])
            continue
        path = bundles[label]
        if label == "150M":
            t = t_bundle
        else:
            t = Tool("ckimport %s" % label, [ck, "check", path], ckimport_valid, temp_folder=temp_folder)
            run_alternated([t], args.runs_large, scratch, warmup=False, progress="table 2, " + label)
        mb = messages_size(path) / 1e6
        rss[label] = t.peak_rss_mib()
        seconds_per_mb[label] = t.median("wall") / mb
        temp = t.peak_temp_mib()
        rows.append([label, "%.0f" % mb, len(t.samples), fmt_s(t.median("wall"), 2), fmt_s(t.median("cpu"), 2),
                     "%.0f" % (mb / t.median("wall")),
                     "%.2f" % (seconds_per_mb[label] / seconds_per_mb["150M"]),
                     "%.1f" % rss[label], "%.2f" % (rss[label] / rss["150M"]),
                     "n/a" if temp is None else "%.0f" % temp,
                     "yes" if t.problem is None else "NO"])
        if t.problem:
            failures.append("validity: ckimport " + label)
    print("  (ckimport's default --jobs and --memory-limit; the 150M row is table 1's runs)")
    print(table(["size", "messages MB", "runs", "wall s", "CPU s", "MB/s", "wall/byte vs 150M", "peak RSS MiB",
                 "RSS vs 150M", "temp disk MiB", "valid"], rows))
    print("  temp disk = the most TMPDIR held during a run (the spilled key index), sampled every 10 ms")
    peak = max(rss.values())
    largest = [label for label, _ in sizes if label in rss][-1]
    growth = rss[largest] / rss["150M"]
    measured = [label for label, _ in sizes if label in rss]
    if len(measured) > 1:
        lo, hi = measured[0], measured[-1]
        grown = (rss[hi] - rss[lo]) * MiB
        count = {label: max(1, round(n / BYTES_PER_MESSAGE)) for label, n in sizes}
        print("  growth %s -> %s: %+.1f MiB, %.1f bytes of RSS per message added"
              % (lo, hi, grown / MiB, grown / max(1, count[hi] - count[lo])))
    ok = peak <= 128 and growth <= 1.5
    print("  TARGET peak RSS <= 128 MiB at every size, and %s / 150M <= 1.5: %.1f MiB, %.2f -> %s"
          % (largest, peak, growth, verdict(ok)))
    if not ok:
        failures.append("table 2 memory")
    slow = {label: r / seconds_per_mb["150M"] for label, r in seconds_per_mb.items() if label != "150M"}
    if slow:
        worst = max(slow, key=slow.get)
        ok = slow[worst] <= 1.2
        print("  TARGET wall time per byte <= 1.2 x the 150M bundle's (no spill): worst %s, %.2f -> %s"
              % (worst, slow[worst], verdict(ok)))
        if not ok:
            failures.append("table 2 wall per byte")
    for note in notes:
        print("  note: " + note)
    print()

    # ---------------------------------------------------------------- Table 2c
    # Issue 15: standard input streams through the same bounded reader, with
    # a spill of the input for what needs random access.
    by_path = Tool("by path", [ck, "check", msgs], ckimport_valid, temp_folder=temp_folder)
    by_stdin = Tool("from stdin", [ck, "check", "--stdin-filename", msgs, "-"], ckimport_valid,
                    stdin_path=msgs, temp_folder=temp_folder)
    run_alternated([by_path, by_stdin], args.runs, scratch, progress="stdin")
    rows = []
    for t, cmd in ((by_path, "ckimport check <bundle>/messages.json"),
                   (by_stdin, "ckimport check --stdin-filename <bundle>/messages.json - < messages.json")):
        temp = t.peak_temp_mib()
        rows.append([cmd, fmt_s(t.median("wall")), fmt_s(t.median("cpu")), "%.0f" % (base_mb / t.median("wall")),
                     "%.1f" % t.peak_rss_mib(), "%.2f" % (t.peak_rss_mib() / by_path.peak_rss_mib()),
                     "n/a" if temp is None else "%.0f" % temp, "yes" if t.problem is None else "NO"])
        if t.problem:
            failures.append("validity: " + t.label)
    print("Table 2c: standard input, 150M messages.json in its bundle, median of %d alternated runs" % args.runs)
    print(table(["run", "wall s", "CPU s", "MB/s", "peak RSS MiB", "RSS vs by path", "temp disk MiB", "valid"], rows))
    ratio = by_stdin.peak_rss_mib() / by_path.peak_rss_mib()
    ok = ratio <= 1.10
    print("  TARGET standard input peak RSS <= 1.10 x by path: %.2f -> %s" % (ratio, verdict(ok)))
    if not ok:
        failures.append("table 2c stdin")
    print()

    if has_jobs:
        j1 = Tool("--jobs 1", [ck, "check", "--jobs", "1", base], ckimport_valid)
        j2 = Tool("--jobs 2", [ck, "check", "--jobs", "2", base], ckimport_valid)
        run_alternated([j1, j2], args.runs, scratch, progress="jobs")
        rows = []
        for t in (j1, j2):
            rows.append(["ckimport check " + t.label + " <bundle>", fmt_s(t.median("wall")), fmt_s(t.median("cpu")),
                         "%.0f" % (base_mb / t.median("wall")), "%.1f" % t.peak_rss_mib(),
                         "%.2f" % (j1.median("wall") / t.median("wall"))])
            if t.problem:
                failures.append("validity: " + t.label)
    else:
        rows = [["ckimport check --jobs 1 <bundle>", "n/a", "n/a", "n/a", "n/a", "n/a"],
                ["ckimport check --jobs 2 <bundle>", "n/a", "n/a", "n/a", "n/a", "n/a"]]
    print("Table 2b: threads, 150M bundle, median of %d alternated runs%s"
          % (args.runs, "" if has_jobs else " -- n/a: `ckimport check --help` has no --jobs"))
    print(table(["run", "wall s", "CPU s", "MB/s", "peak RSS MiB", "speed-up vs --jobs 1"], rows))
    print()

    # ---------------------------------------------------------------- Table 3
    fx = Tool("ckimport check fixtures/example", [ck, "check", args.fixture], ckimport_valid)
    run_alternated([fx], 20, scratch)
    walls = sorted(s.wall * 1000 for s in fx.samples)
    med = statistics.median(walls)
    print("Table 3: small bundle, start-up included (20 runs)")
    print(table(["run", "median ms", "min ms", "max ms", "peak RSS MiB", "target ms", "result"],
                [[fx.label, "%.1f" % med, "%.1f" % walls[0], "%.1f" % walls[-1], "%.1f" % fx.peak_rss_mib(), "20",
                  verdict(med < 20 and fx.problem is None)]]))
    if med >= 20 or fx.problem:
        failures.append("table 3")
    print()

    # ---------------------------------------------------------------- Cross-file overhead
    parts = []
    parts.append(Tool("users.json alone", [ck, "check", "--type", "users",
                                           place(os.path.join(base, "users.json"), "u/users.json")], ckimport_valid))
    parts.append(Tool("channels.json alone", [ck, "check", "--type", "channels",
                                              place(os.path.join(base, "channels.json"), "c/channels.json")],
                      ckimport_valid))
    member_files = sorted(os.listdir(os.path.join(base, "members")))
    member_paths = [place(os.path.join(base, "members", name), "m%d/members/%s" % (i, name))
                    for i, name in enumerate(member_files)]
    parts.append(Tool("members/*.json, each alone (%d files, 1 process)" % len(member_paths),
                      [ck, "check", "--type", "members"] + member_paths, ckimport_valid))
    parts.append(Tool("messages.json alone", [ck, "check", "--type", "messages", msgs_alone], ckimport_valid))
    whole = Tool("whole bundle", [ck, "check", base], ckimport_valid)
    run_alternated([whole] + parts, args.runs, scratch, progress="cross-file")
    rows = [[t.label, fmt_s(t.median("wall")), fmt_s(t.median("cpu")), "%.1f" % t.peak_rss_mib()]
            for t in parts]
    sum_wall = sum(t.median("wall") for t in parts)
    sum_cpu = sum(t.median("cpu") for t in parts)
    rows.append(["sum of the files alone", fmt_s(sum_wall), fmt_s(sum_cpu), ""])
    rows.append([whole.label + " (ckimport check <bundle>)", fmt_s(whole.median("wall")), fmt_s(whole.median("cpu")),
                 "%.1f" % whole.peak_rss_mib()])
    print("Cross-file overhead: whole bundle vs its files checked alone (--type, no bundle context), 150M, "
          "median of %d alternated runs" % args.runs)
    print(table(["run", "wall s", "CPU s", "peak RSS MiB"], rows))
    rw = whole.median("wall") / sum_wall
    rc = whole.median("cpu") / sum_cpu
    print("  RATIO whole / sum: wall %.3f, CPU %.3f; TARGET (issue 3) <= 1.15 -> %s"
          % (rw, rc, verdict(rw <= 1.15)))
    if rw > 1.15:
        failures.append("cross-file overhead")
    for t in [whole] + parts:
        if t.problem:
            print("  NOT VALID: %s: %s" % (t.label, t.problem))
            failures.append("validity: " + t.label)
    print()

    # ---------------------------------------------------------------- Table 4: --fix
    # The 150M messages.json with a fix in every item: each `idempotencyKey`
    # spelt `idempotency_key`, as the vendor's page writes it. --fix must
    # give back the original bytes exactly; its peak memory is compared with
    # checking the same snake_case file.
    snake = os.path.join(scratch, "fix", "snake", "messages.json")
    os.makedirs(os.path.dirname(snake), exist_ok=True)
    with open(msgs, "rb") as src, open(snake, "wb") as dst:
        for line in src:
            dst.write(line.replace(b'"idempotencyKey":', b'"idempotency_key":'))
    work_copy = os.path.join(scratch, "fix", "work", "messages.json")
    os.makedirs(os.path.dirname(work_copy), exist_ok=True)
    t_check = Tool("ckimport check --type messages (snake_case file)", [ck, "check", "--type", "messages", snake],
                   lambda s: s.rc == 1)
    t_fix = Tool("ckimport check --fix --type messages", [ck, "check", "--fix", "--type", "messages", work_copy],
                 ckimport_valid)
    fix_runs = max(1, min(args.runs, 3))
    for r in range(fix_runs):
        t_check.samples.append(measure(t_check.cmd, scratch))
        t_check.check(t_check.samples[-1])
        shutil.copyfile(snake, work_copy)  # each --fix starts from the snake_case bytes
        t_fix.samples.append(measure(t_fix.cmd, scratch))
        t_fix.check(t_fix.samples[-1])
    same = subprocess.run(["cmp", "-s", work_copy, msgs]).returncode == 0
    rows = [[t.label, len(t.samples), fmt_s(t.median("wall")), fmt_s(t.median("cpu")), "%.1f" % t.peak_rss_mib(),
             "yes" if t.problem is None else "NO"] for t in (t_check, t_fix)]
    print("Table 4: --fix, messages.json of %.1f MB with a fix in every item (idempotency_key), median of %d runs"
          % (base_mb, fix_runs))
    print(table(["run", "runs", "wall s", "CPU s", "peak RSS MiB", "as expected"], rows))
    print("  fixed file == the original messages.json byte for byte: %s" % ("yes" if same else "NO"))
    print("  RSS --fix / check: %.2f" % (t_fix.peak_rss_mib() / t_check.peak_rss_mib()))
    if not same or t_fix.problem or t_check.problem:
        failures.append("table 4 --fix")
        for t in (t_check, t_fix):
            if t.problem:
                print("  NOT AS EXPECTED: %s: %s" % (t.label, t.problem))
    print()

    print("load:       %.2f %.2f %.2f (1/5/15 min) at end" % os.getloadavg())
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if os.getloadavg()[1] > cpus:
        print("            the machine was busy (5-min load above nproc): wall times are inflated; "
              "the CPU columns (user s above all) are steadier")
    print("data:       %s (cached; delete to regenerate)" % data_dir)
    print("summary:    %s" % ("all targets met" if not failures else "FAILED: " + ", ".join(failures)))
    shutil.rmtree(scratch, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
