#!/usr/bin/env python3
"""Checks that every source file of src/ includes only what its layer may use.

    check_layers.py BUILD_DIR SOURCE_DIR

Each file of src/ is preprocessed again (the compiler's -M, with the exact
command of compile_commands.json), and every header it pulls in, directly or
through other headers, is checked against LAYERS below: the project's own
layers a layer may include, and the third-party libraries it may see. So a
header that leaks valijson into the engine, or simdjson into the CLI, fails
here even when nothing names the library directly. The table is
src/CMakeLists.txt's picture of the arrows, kept in step with it.
"""
import concurrent.futures
import json
import os
import shlex
import subprocess
import sys

# layer -> (project layers it may include, third-party libraries it may see)
LAYERS = {
    "source": ({"source"}, {"fmt"}),
    "text": ({"text", "source"}, {"fmt", "icu"}),
    "diag": ({"diag", "text", "source"}, set()),
    "json": ({"json", "diag", "source"}, {"fmt", "simdjson"}),
    "schema": ({"schema", "json", "diag", "source", "generated"}, {"fmt", "simdjson", "valijson"}),
    "model": ({"model", "diag", "source"}, set()),
    "rules": ({"rules", "model", "schema", "json", "diag", "source", "text"}, {"fmt", "simdjson"}),
    "fix": ({"fix", "source"}, {"fmt"}),
    "check": ({"check", "rules", "fix", "model", "schema", "json", "diag", "source", "text"}, {"fmt", "simdjson"}),
    "output": ({"output", "diag", "text", "source"}, {"fmt"}),
    "lsp": ({"lsp", "check", "fix", "model", "diag", "source"}, {"fmt", "simdjson"}),
    "cli": ({"cli", "check", "lsp", "output", "fix", "model", "schema", "diag", "text", "source"}, {"fmt", "cli11"}),
    # main.cpp installs source's temp-file cleanup before anything runs.
    "main": ({"cli", "source"}, set()),
}

THIRD_PARTY = {
    "/usr/include/valijson/": "valijson",
    "/usr/include/CLI/": "cli11",
    "/usr/include/simdjson": "simdjson",
    "/usr/include/fmt/": "fmt",
    "/usr/include/unicode/": "icu",
    "/usr/include/x86_64-linux-gnu/unicode/": "icu",
}


def layer_of(path, src):
    relative = os.path.relpath(path, src)
    if relative.startswith(".."):
        return None
    return relative.split(os.sep)[0] if os.sep in relative else "main"


def dependencies(entry):
    words = shlex.split(entry["command"])
    out = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word == "-o":
            skip = True
            continue
        if word == "-c":
            continue
        out.append(word)
    result = subprocess.run(out + ["-M", "-w"], cwd=entry["directory"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{entry['file']}: {result.stderr.strip()}")
    text = result.stdout.replace("\\\n", " ")
    return text.split(":", 1)[1].split()


def main():
    build, source = sys.argv[1], sys.argv[2]
    src = os.path.realpath(os.path.join(source, "src"))
    generated = os.path.realpath(os.path.join(build, "generated"))
    with open(os.path.join(build, "compile_commands.json")) as f:
        entries = [e for e in json.load(f) if layer_of(os.path.realpath(e["file"]), src) is not None]
    problems = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for entry, deps in zip(entries, pool.map(dependencies, entries)):
            path = os.path.realpath(entry["file"])
            layer = layer_of(path, src)
            if layer not in LAYERS:
                problems.append(f"{path}: layer `{layer}` is not in LAYERS (tests/layering/check_layers.py)")
                continue
            own, libraries = LAYERS[layer]
            for dep in deps:
                real = os.path.realpath(dep)
                if real.startswith(generated + os.sep):
                    dep_layer = "generated"
                else:
                    dep_layer = layer_of(real, src)
                if dep_layer is not None and dep_layer != "main" and dep_layer not in own:
                    problems.append(f"{os.path.relpath(path, source)}: includes {os.path.relpath(real, source)}"
                                    f" ({dep_layer}/), which layer {layer}/ may not use")
                for prefix, library in THIRD_PARTY.items():
                    if dep.startswith(prefix) and library not in libraries:
                        problems.append(f"{os.path.relpath(path, source)}: pulls in {dep} ({library}),"
                                        f" which layer {layer}/ may not see")
                        break
    seen = set()
    for problem in problems:
        if problem not in seen:
            print(problem)
            seen.add(problem)
    print(f"layering: {len(entries)} files checked, {len(seen)} problems")
    return 1 if seen else 0


if __name__ == "__main__":
    sys.exit(main())
