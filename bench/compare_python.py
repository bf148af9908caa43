#!/usr/bin/env python3
"""knead's readers against Python's reference readers, big-history import, and
whole-command timings. Run it through bench/compare_python.sh, which makes the
virtual environment with the Python readers and builds knead in release.

What is measured (see bench/README.md and docs/performance.md):

1. Readers, per format (FIT, GPX, TCX, ICS), on the valid fixture files:
   * Python: the reference reader parses every file of the set in a loop
     for about --seconds seconds (file read included); MB/s and files/s.
       FIT  fitdecode.FitReader, iterating every frame;
       GPX  gpxpy.parse;
       TCX  tcxreader TCXReader().read;
       ICS  icalendar Calendar.from_ical(multiple=True), walking the VEVENTs
            and reading SUMMARY and DTSTART.
   * knead, FIT/GPX/TCX: a folder of copies of the set (~64 MB or 2,000
     files), `knead activities FOLDER --format csv > /dev/null`, whole
     command, best of 3, once with rayon's default pool (every core) and once
     with RAYON_NUM_THREADS=1 (one core, like Python).
   * knead, ICS: one file concatenating the set's calendars until ~10 MB;
     `knead plan --calendar BIG.ics --format json` minus
     `knead plan --format json` (best of 3 and best of 10), which leaves
     reading, parsing, time zones, recurrence expansion over the plan's
     window and classifying the events.
   * Python again on knead's big input, when that is expected to take at most
     --python-big-limit seconds.
2. Optionally (--criterion) the criterion bench of the activity readers,
   in-memory and single-threaded.
3. History: bench/make_history.py's ten years of ~3,000 activities, plain and
   gzipped: `knead activities HISTORY --format csv > /dev/null`, best of 3.
4. Whole commands: knead plan (text, json, ics), knead check, knead rules,
   with hyperfine when it is installed, else a Python loop.

Results go to bench/out/results.json and bench/out/results.md, and (unless
--no-write-doc) into docs/performance.md between the markers below.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import re
import shutil
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no bench/__pycache__ in the work tree
import make_history  # noqa: E402

BEGIN = "<!-- BEGIN bench/compare_python.py output: regenerate, do not edit by hand -->"
END = "<!-- END bench/compare_python.py output -->"

GOAL = 10.0  # knead's throughput as a multiple of Python's

# The valid fixture files each comparison uses; what is left out, and why.
SETS = {
    "fit": [
        "fit/2013-02-06-12-11-14.fit",
        "fit/activity-small-fenix2-run.fit",
        "fit/compressed-speed-distance.fit",
        "fit/garmin-fenix-5-bike.fit",
        "fit/garmin-fenix-5-run.fit",
    ],
    "gpx": ["gpx/garmin-activity.gpx", "gpx/wahoo_example.gpx"],
    "tcx": [
        "tcx/test.tcx",
        "tcx/no_hr.tcx",
        "tcx/2020-12-02T06_08_29-300_Running.tcx",
        "tcx/2020-12-04T19_09_21-300_Running.tcx",
        "tcx/2020-12-06T06_36_21-300_Running.tcx",
        "tcx/2020-12-08T06_36_12-300_Running.tcx",
    ],
    "ics": [
        "ics/alarm_google_future.ics",
        "ics/america_new_york.ics",
        "ics/daily_recur.ics",
        "ics/duration_instead_of_dtend.ics",
        "ics/issue_1081_event_with_rrule.ics",
        "ics/multiple_rrules.ics",
        "ics/only_dtstart_date.ics",
    ],
}
# The same calendars less daily_recur.ics, whose open-ended daily event (from
# 2012) knead expands up to the plan's window in every copy: closer to parsing alone.
SETS["ics-once"] = [r for r in SETS["ics"] if r != "ics/daily_recur.ics"]
LEFT_OUT = {
    "fit": "strava-android-app-201.10-b1218918.fit (fitdecode 0.11 stops at byte 7,471 "
    "of 78,233: `local message 11 not defined`; knead reads it), invalid/*",
    "gpx": "strava_route_example.gpx (a route without timestamps; knead rejects it as not an activity)",
    "tcx": "malformed.tcx",
    "ics": "the deliberately broken or empty ones: big_bad_calendar, blank_line_mid, "
    "bom_calendar, broken_ical, issue_1081_invalid_rrule_freq, issue_722_missing_timezones",
}
LEFT_OUT["ics-once"] = LEFT_OUT["ics"] + "; and daily_recur"

TARGET_MB = 64e6  # knead's big input: about this many bytes ...
TARGET_FILES = 2000  # ... or this many files, whichever comes first
ICS_TARGET = 10e6


# ---------------------------------------------------------------- helpers


def run(argv, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(argv, text=True, capture_output=True, **kw)


def best_of(argv, runs=3, env=None) -> tuple[float, list[float]]:
    """Wall-clock seconds of `argv` (stdout and stderr to /dev/null): best, all."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t0)
    return min(times), times


def one_thread_env() -> dict:
    env = dict(os.environ)
    env["RAYON_NUM_THREADS"] = "1"
    return env


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def mem_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "?"


def first_line(argv) -> str:
    try:
        return run(argv).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "not found"


def fmt_rate(x: float | None, unit="") -> str:
    if x is None or not math.isfinite(x):
        return "–"
    if x >= 100:
        s = f"{x:,.0f}"
    elif x >= 10:
        s = f"{x:.1f}"
    else:
        s = f"{x:.2f}"
    return s + unit


def fmt_s(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


# ---------------------------------------------------------------- Python readers


def python_readers():
    import fitdecode
    import gpxpy
    import icalendar
    from tcxreader.tcxreader import TCXReader

    def fit(path: Path) -> int:
        n = 0
        with fitdecode.FitReader(str(path)) as reader:
            for _frame in reader:
                n += 1
        return n

    def gpx(path: Path) -> int:
        with open(path, encoding="utf-8") as f:
            g = gpxpy.parse(f)
        return len(g.tracks) + len(g.routes)

    def tcx(path: Path) -> int:
        return len(TCXReader().read(str(path)).trackpoints)

    def ics(path: Path) -> int:
        n = 0
        for cal in icalendar.Calendar.from_ical(path.read_bytes(), multiple=True):
            for event in cal.walk("VEVENT"):
                event.get("SUMMARY")
                event.get("DTSTART")
                n += 1
        return n

    return {"fit": fit, "gpx": gpx, "tcx": tcx, "ics": ics}


def time_python(reader, files: list[Path], seconds: float) -> dict:
    """Whole passes over `files` until `seconds` have gone by (at least one)."""
    size = sum(f.stat().st_size for f in files)
    passes = 0
    t0 = time.perf_counter()
    while True:
        for f in files:
            reader(f)
        passes += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            break
    return {
        "bytes": size * passes,
        "files": len(files) * passes,
        "passes": passes,
        "seconds": elapsed,
        "mb_s": size * passes / elapsed / 1e6,
        "files_s": len(files) * passes / elapsed,
    }


# ---------------------------------------------------------------- inputs for knead


def copies_folder(out: Path, fixtures: Path, rels: list[str]) -> dict:
    """A folder of N copies of the set (N so that it holds ~TARGET_MB or TARGET_FILES)."""
    set_size = sum((fixtures / r).stat().st_size for r in rels)
    n = max(1, min(math.ceil(TARGET_MB / set_size), math.ceil(TARGET_FILES / len(rels))))
    manifest = out / "manifest.json"
    key = {"rels": rels, "copies": n, "fixtures": str(fixtures.resolve())}
    if manifest.exists() and json.loads(manifest.read_text()).get("key") == key:
        return json.loads(manifest.read_text())
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for r in rels:
        data = (fixtures / r).read_bytes()
        for i in range(n):
            (out / f"{i:04d}-{Path(r).name}").write_bytes(data)
    info = {"key": key, "copies": n, "files": n * len(rels), "bytes": n * set_size}
    manifest.write_text(json.dumps(info))
    return info


def big_calendar(path: Path, fixtures: Path, rels: list[str]) -> dict:
    one = b"".join((fixtures / r).read_bytes().rstrip(b"\r\n") + b"\r\n" for r in rels)
    n = math.ceil(ICS_TARGET / len(one))
    data = one * n
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return {"copies": n, "calendars": n * len(rels), "bytes": len(data)}


def knead_import_check(knead: str, target: Path) -> dict:
    """One untimed run that reads the output: activities, duplicates, errors."""
    p = run([knead, "activities", str(target), "--format", "csv"])
    rows = max(0, len(p.stdout.splitlines()) - 1)
    # One "note: FILE: the activity starting ... is a duplicate of ..." line per copy dropped.
    duplicates = sum(1 for line in p.stderr.splitlines() if "is a duplicate of" in line)
    errors = [line for line in p.stderr.splitlines() if line.startswith("error:")]
    return {
        "exit": p.returncode,
        "activities": rows,
        "duplicates": duplicates,
        "errors": len(errors),
        "first_errors": errors[:3],
    }


# ---------------------------------------------------------------- sections


def readers_section(args, knead: str, out: Path) -> dict:
    readers = python_readers()
    results = {}
    for fmt in ["fit", "gpx", "tcx", "ics", "ics-once"]:
        files = [args.fixtures / r for r in SETS[fmt]]
        reader = readers[fmt.split("-")[0]]
        print(f"[readers] {fmt}: Python on {len(files)} fixture files ...", flush=True)
        py = time_python(reader, files, args.seconds)
        res = {"python": py, "set_files": len(files), "set_bytes": sum(f.stat().st_size for f in files)}
        if not fmt.startswith("ics"):
            folder = out / "readers" / fmt
            info = copies_folder(folder, args.fixtures, SETS[fmt])
            check = knead_import_check(knead, folder)
            print(f"[readers] {fmt}: knead on {info['files']} files, {info['bytes'] / 1e6:.1f} MB ({check})", flush=True)
            t_all, all_runs = best_of([knead, "activities", str(folder), "--format", "csv"], args.runs)
            t_one, one_runs = best_of([knead, "activities", str(folder), "--format", "csv"], args.runs, one_thread_env())
            res["knead"] = {
                "input": info,
                "check": check,
                "seconds_all_cores": t_all,
                "runs_all_cores": all_runs,
                "seconds_one_core": t_one,
                "runs_one_core": one_runs,
                "mb_s": info["bytes"] / t_all / 1e6,
                "files_s": info["files"] / t_all,
                "mb_s_one_core": info["bytes"] / t_one / 1e6,
                "files_s_one_core": info["files"] / t_one,
            }
            big_files = sorted(p for p in folder.iterdir() if p.name != "manifest.json")
            big_bytes = info["bytes"]
        else:
            big = out / "readers" / f"big-{fmt}.ics"
            info = big_calendar(big, args.fixtures, SETS[fmt])
            print(f"[readers] {fmt}: knead on {info['bytes'] / 1e6:.1f} MB ...", flush=True)
            p = run([knead, "plan", "--calendar", str(big), "--format", "json"])
            summary = [line for line in p.stderr.splitlines() if "imported" in line]
            t_cal, cal_runs = best_of([knead, "plan", "--calendar", str(big), "--format", "json"], args.runs)
            t_base, base_runs = best_of([knead, "plan", "--format", "json"], max(10, args.runs))
            net = max(t_cal - t_base, 1e-9)
            res["knead"] = {
                "input": info,
                "check": {"exit": p.returncode, "summary": summary[-1] if summary else ""},
                "seconds_with_calendar": t_cal,
                "seconds_without": t_base,
                "runs_with_calendar": cal_runs,
                "runs_without": base_runs,
                "seconds_net": net,
                "mb_s": info["bytes"] / net / 1e6,
                "files_s": info["calendars"] / net,
            }
            big_files = [big]
            big_bytes = info["bytes"]
        estimate = big_bytes / 1e6 / py["mb_s"]
        if estimate <= args.python_big_limit:
            print(f"[readers] {fmt}: Python on knead's big input (~{estimate:.0f} s) ...", flush=True)
            t0 = time.perf_counter()
            for f in big_files:
                reader(f)
            elapsed = time.perf_counter() - t0
            res["python_big"] = {"seconds": elapsed, "mb_s": big_bytes / elapsed / 1e6}
        else:
            res["python_big"] = {"skipped": f"estimated {estimate:.0f} s > {args.python_big_limit:.0f} s"}
        res["ratio"] = res["knead"]["mb_s"] / py["mb_s"]
        if "mb_s_one_core" in res["knead"]:
            res["ratio_one_core"] = res["knead"]["mb_s_one_core"] / py["mb_s"]
        results[fmt] = res
    return results


def criterion_section(args) -> dict:
    """Runs the criterion bench of the readers and reads its throughput lines."""
    cmd = ["cargo", "bench", "-p", "knead-formats", "--bench", "readers", "--", "--quick"]
    print(f"[criterion] {' '.join(cmd)} ...", flush=True)
    p = subprocess.run(cmd, cwd=ROOT, text=True, capture_output=True)
    if p.returncode != 0:
        return {"error": p.stderr[-2000:], "command": " ".join(cmd)}
    units = {"B/s": 1, "KiB/s": 1024, "MiB/s": 1024**2, "GiB/s": 1024**3}
    rows, name, time_mid = [], None, None
    for line in p.stdout.splitlines():
        m = re.match(r"^(\S+/\S+)", line)
        if m:
            name = m.group(1)
        m = re.search(r"time:\s+\[\S+ \S+ (\S+) (\S+) ", line)
        if m:
            time_mid = f"{m.group(1)} {m.group(2)}"
        m = re.search(r"thrpt:\s+\[\S+ \S+ (\S+) (\S+) ", line)
        if m and name:
            mb_s = float(m.group(1)) * units.get(m.group(2), 1) / 1e6
            rows.append({"bench": name, "time": time_mid, "mb_s": mb_s})
            name = None
    return {"command": " ".join(cmd), "rows": rows}


def history_section(args, knead: str, out: Path) -> dict:
    print("[history] generating (cached in bench/out/history) ...", flush=True)
    manifest = make_history.generate(out / "history", args.fixtures, args.history_count, gz=True)
    res = {"manifest": manifest}
    for label, folder in [("plain", out / "history"), ("gzip", out / "history-gz")]:
        check = knead_import_check(knead, folder)
        print(f"[history] {label}: {check}", flush=True)
        t, runs = best_of([knead, "activities", str(folder), "--format", "csv"], args.runs)
        t1, runs1 = best_of([knead, "activities", str(folder), "--format", "csv"], 1, one_thread_env())
        res[label] = {"check": check, "seconds": t, "runs": runs, "seconds_one_core": t1}
    return res


COMMANDS = [
    ["plan"],
    ["plan", "--format", "json"],
    ["plan", "--format", "ics"],
    ["check", "EXAMPLE"],
    ["rules"],
]


def with_example(cmd: list, example: Path) -> list:
    """The command with EXAMPLE replaced by the example plan file's path."""
    return [str(example) if a == "EXAMPLE" else a for a in cmd]


def commands_section(args, knead: str, out: Path) -> dict:
    hyperfine = shutil.which("hyperfine")
    res = {"tool": None, "rows": []}
    example = out / "example.toml"
    example.write_text(subprocess.run([knead, "example"], text=True, capture_output=True).stdout)
    commands = [with_example(c, example) for c in COMMANDS]
    if hyperfine:
        res["tool"] = first_line([hyperfine, "--version"])
        export = out / "hyperfine.json"
        cmds = [shlex.join([knead, *c]) for c in commands]
        argv = [hyperfine, "-N", "--warmup", "5", "--min-runs", "50", "-i",
                "--export-json", str(export), *cmds]
        res["command"] = shlex.join(["hyperfine", "-N", "--warmup", "5", "--min-runs", "50", "-i",
                                      *[shlex.join(["knead", *c]).replace(str(example), "example.toml")
                                        for c in commands]])
        print("[commands] hyperfine ...", flush=True)
        p = subprocess.run(argv, text=True, capture_output=True)
        if p.returncode == 0:
            for c, r in zip(COMMANDS, json.loads(export.read_text())["results"]):
                res["rows"].append({
                    "command": "knead " + " ".join(c).replace(str(example), "example.toml"),
                    "mean": r["mean"], "stddev": r["stddev"] or 0.0,
                    "min": r["min"], "max": r["max"], "runs": len(r["times"]),
                    "exit": sorted(set(r.get("exit_codes") or [])),
                })
            return res
        print(f"[commands] hyperfine failed, falling back: {p.stderr[-500:]}", flush=True)
    res["tool"] = "Python loop (hyperfine not installed)"
    res["command"] = "python: 5 warm-up runs, then 50 timed runs of each command (subprocess.run)"
    for c in commands:
        argv = [knead, *c]
        for _ in range(5):
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times, codes = [], set()
        for _ in range(50):
            t0 = time.perf_counter()
            p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
            codes.add(p.returncode)
        res["rows"].append({
            "command": "knead " + " ".join(c).replace(str(example), "example.toml"),
            "mean": statistics.mean(times), "stddev": statistics.stdev(times),
            "min": min(times), "max": max(times), "runs": len(times), "exit": sorted(codes),
        })
    return res


# ---------------------------------------------------------------- report


def machine_info(knead: str) -> dict:
    versions = {"python": platform.python_version()}
    for pkg in ["fitdecode", "gpxpy", "tcxreader", "icalendar"]:
        try:
            versions[pkg] = importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    versions["knead"] = first_line([knead, "--version"])
    versions["rustc"] = first_line(["rustc", "--version"])
    commit = run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]).stdout.strip()
    # The report itself (docs/performance.md) does not count as a change to what is measured.
    dirty = run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no",
                 "--", ".", ":(exclude)docs/performance.md"]).stdout.strip()
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "memory": mem_total(),
        "kernel": platform.release(),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "versions": versions,
        "load_start": loadavg(),
    }


NAMES = {"fit": "FIT", "gpx": "GPX", "tcx": "TCX", "ics": "ICS",
         "ics-once": "ICS without daily_recur"}
PY_READER = {
    "fit": "fitdecode (every frame)",
    "gpx": "gpxpy.parse",
    "tcx": "tcxreader `TCXReader().read`",
    "ics": "icalendar `from_ical` + VEVENTs",
}
PY_READER["ics-once"] = PY_READER["ics"]


def markdown(r: dict, command: str) -> str:
    m = r["machine"]
    v = m["versions"]
    L = []
    L.append("## Readers against Python's reference readers")
    L.append("")
    L.append(f"Goal: knead reads each format at **at least {GOAL:.0f}x** the throughput of the "
             "Python reference reader doing a full parse.")
    L.append("")
    L.append(f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['memory']}, Linux {m['kernel']}; "
             f"load average {m['load_start']} at the start and {m['load_end']} at the end "
             "(the machine is shared, so other work may have run meanwhile).")
    L.append(f"- Date: {m['date']}; knead at commit {m['commit']}, {v['knead']}, {v['rustc']}.")
    L.append(f"- Python {v['python']}: fitdecode {v['fitdecode']}, gpxpy {v['gpxpy']}, "
             f"tcxreader {v['tcxreader']}, icalendar {v['icalendar']}.")
    L.append(f"- Command: `{command}` (from the project root).")
    L.append("")
    rd = r.get("readers")
    if rd:
        L.append("| format | Python reader | Python MB/s | Python files/s | knead MB/s (all cores) "
                 "| knead files/s | knead/Python | knead MB/s (1 core) | knead/Python (1 core) | goal 10x |")
        L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for fmt, x in rd.items():
            py, k = x["python"], x["knead"]
            one = k.get("mb_s_one_core")
            met = "met" if x["ratio"] >= GOAL else "**not met**"
            if "ratio_one_core" in x and x["ratio"] >= GOAL and x["ratio_one_core"] < GOAL:
                met = "met on all cores only"
            one_ratio = f"{x['ratio_one_core']:.1f}x" if "ratio_one_core" in x else "(same)"
            L.append(
                f"| {NAMES[fmt]} | {PY_READER[fmt]} | {fmt_rate(py['mb_s'])} | {fmt_rate(py['files_s'])} "
                f"| {fmt_rate(k['mb_s'])} | {fmt_rate(k['files_s'])} | {x['ratio']:.1f}x "
                f"| {fmt_rate(one) if one else '(one thread)'} | {one_ratio} | {met} |"
            )
        L.append("")
        L.append("What each number is:")
        L.append("")
        L.append(f"- **Python**: whole passes of the reader over the fixture set, file reading included, "
                 f"repeated for about {r['args']['seconds']:.0f} s; one core.")
        L.append("- **knead, FIT/GPX/TCX**: `knead activities FOLDER --format csv > /dev/null`, whole "
                 "command (start-up, listing, reading, parsing, summarising, de-duplicating, CSV out), "
                 f"best of {r['args']['runs']}, on a folder of copies of the same set; "
                 "\"all cores\" is rayon's default pool, \"1 core\" is `RAYON_NUM_THREADS=1`. "
                 "Identical copies are counted once, so most rows are dropped as duplicates after parsing.")
        L.append("- **knead, ICS**: `knead plan --calendar BIG.ics --format json` minus `knead plan --format json` "
                 "(best of each): reading, parsing with calcard, time zones, recurrence expansion over the "
                 "example plan's 18-week window and classifying each event. Single-threaded. "
                 "Python's icalendar does not expand recurrences, so knead does more work here; "
                 "the \"ICS without daily_recur\" row leaves out the one calendar whose open-ended daily "
                 "event (since 2012) knead expands up to the window in every copy. "
                 "\"files/s\" for ICS counts calendars (VCALENDAR blocks).")
        L.append("")
        L.append("| format | fixture set (files, bytes) | knead's input | knead seconds | "
                 "Python on knead's input | left out of the set |")
        L.append("|---|---|---|---|---|---|")
        for fmt, x in rd.items():
            k = x["knead"]
            inp = k["input"]
            if fmt.startswith("ics"):
                knead_in = (f"{inp['copies']} copies of the set in one file: {inp['calendars']:,} "
                            f"calendars, {inp['bytes'] / 1e6:.1f} MB")
                secs = (f"{fmt_s(k['seconds_with_calendar'])} − {fmt_s(k['seconds_without'])} "
                        f"= {fmt_s(k['seconds_net'])}")
            else:
                c = k["check"]
                knead_in = (f"{inp['copies']} copies: {inp['files']:,} files, {inp['bytes'] / 1e6:.1f} MB "
                            f"({c['activities']} activities + {c['duplicates']} duplicates, "
                            f"{c['errors']} errors)")
                secs = f"{fmt_s(k['seconds_all_cores'])} (1 core: {fmt_s(k['seconds_one_core'])})"
            pb = x["python_big"]
            pbs = (f"{fmt_rate(pb['mb_s'])} MB/s ({fmt_s(pb['seconds'])})" if "mb_s" in pb
                   else f"not run ({pb['skipped']})")
            L.append(f"| {NAMES[fmt]} | {x['set_files']}, {x['set_bytes']:,} | {knead_in} | {secs} | {pbs} "
                     f"| {LEFT_OUT[fmt]} |")
        L.append("")
    cr = r.get("criterion")
    if cr and cr.get("rows"):
        L.append("### Single-core parse speed (criterion)")
        L.append("")
        L.append(f"`{cr['command']}`: `read_bytes` on the file already in memory, one thread "
                 "(`.gz` rows count uncompressed bytes).")
        L.append("")
        L.append("| bench | time per file | MB/s |")
        L.append("|---|---:|---:|")
        for row in cr["rows"]:
            L.append(f"| {row['bench']} | {row['time']} | {fmt_rate(row['mb_s'])} |")
        L.append("")
    elif cr and cr.get("error"):
        L.append(f"(criterion bench failed: `{cr['command']}`)")
        L.append("")
    h = r.get("history")
    if h:
        mf = h["manifest"]
        L.append("## Big history import")
        L.append("")
        L.append(f"`bench/make_history.py`: {mf['total_files']:,} activities from {mf['first_day']} to "
                 f"{mf['last_day']} ({mf['files']['fit']} FIT, {mf['files']['gpx']} GPX, "
                 f"{mf['files']['tcx']} TCX) in dated folders, copied from the valid fixtures. GPX and TCX "
                 "copies have every timestamp shifted to their own start, so they are distinct activities; "
                 "FIT copies are identical bytes, so all copies of one FIT file are one activity and the "
                 "rest are counted as duplicates (they are still parsed in full). The gzipped history is "
                 "the same files as `NAME.gz` (level 6).")
        L.append("")
        L.append("| history | files | size on disk | activities imported | duplicates | errors | "
                 f"seconds (best of {r['args']['runs']}) | 1 core (one run) | MB/s |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for label, size in [("plain", mf["total_bytes"]), ("gzip", mf["gz_bytes"])]:
            x = h[label]
            c = x["check"]
            L.append(f"| {label} | {mf['total_files']:,} | {size / 1e6:,.0f} MB | {c['activities']:,} | "
                     f"{c['duplicates']:,} | {c['errors']} | {x['seconds']:.2f} s | "
                     f"{x['seconds_one_core']:.2f} s | {fmt_rate(mf['total_bytes'] / x['seconds'] / 1e6)} |")
        L.append("")
        L.append("Command: `knead activities bench/out/history --format csv > /dev/null` (and "
                 "`bench/out/history-gz`), whole command, wall clock; MB/s counts uncompressed bytes.")
        L.append("")
    c = r.get("commands")
    if c and c.get("rows"):
        L.append("## Whole commands")
        L.append("")
        L.append(f"With {c['tool']}: `{c['command']}` (output discarded).")
        L.append("")
        L.append("| command | mean | ± σ | min | max | runs |")
        L.append("|---|---:|---:|---:|---:|---:|")
        for row in c["rows"]:
            L.append(f"| `{row['command']}` | {row['mean'] * 1000:.1f} ms | {row['stddev'] * 1000:.1f} ms | "
                     f"{row['min'] * 1000:.1f} ms | {row['max'] * 1000:.1f} ms | {row['runs']} |")
        L.append("")
    return "\n".join(L)


def write_doc(doc: Path, block: str) -> None:
    text = doc.read_text()
    new = f"{BEGIN}\n\n{block.rstrip()}\n\n{END}"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + new + tail
    else:
        text = text.rstrip() + "\n\n" + new + "\n"
    doc.write_text(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--knead", default=str(Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "knead"))
    ap.add_argument("--fixtures", type=Path, default=ROOT.parent / "shared" / "fixtures")
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--seconds", type=float, default=2.0, help="Python time per format")
    ap.add_argument("--runs", type=int, default=3, help="knead runs per measurement (best is kept)")
    ap.add_argument("--python-big-limit", type=float, default=30.0,
                    help="run Python on knead's big input when expected to take at most this many seconds")
    ap.add_argument("--history-count", type=int, default=3000)
    ap.add_argument("--criterion", action="store_true", help="also run the criterion bench of the readers")
    ap.add_argument("--skip", action="append", default=[], choices=["readers", "history", "commands"])
    ap.add_argument("--no-write-doc", action="store_true", help="leave docs/performance.md alone")
    ap.add_argument("--command", default="bash bench/compare_python.sh",
                    help="the command line to quote in the report")
    args = ap.parse_args()
    knead = str(Path(args.knead).resolve())
    if not Path(knead).exists():
        sys.exit(f"{knead}: not found; build it with `cargo build --release -p knead-cli`")
    if not args.fixtures.is_dir():
        sys.exit(f"{args.fixtures}: fixtures not found (pass --fixtures)")
    args.out.mkdir(parents=True, exist_ok=True)

    results = {"machine": machine_info(knead),
               "args": {"seconds": args.seconds, "runs": args.runs}}
    if "readers" not in args.skip:
        results["readers"] = readers_section(args, knead, args.out)
    if args.criterion:
        results["criterion"] = criterion_section(args)
    if "history" not in args.skip:
        results["history"] = history_section(args, knead, args.out)
    if "commands" not in args.skip:
        results["commands"] = commands_section(args, knead, args.out)
    results["machine"]["load_end"] = loadavg()

    (args.out / "results.json").write_text(json.dumps(results, indent=2, default=str))
    block = markdown(results, args.command)
    (args.out / "results.md").write_text(block + "\n")
    print(block)
    if not args.no_write_doc:
        write_doc(ROOT / "docs" / "performance.md", block)
        print("\nwrote docs/performance.md", flush=True)
    print(f"wrote {args.out / 'results.json'} and {args.out / 'results.md'}")


if __name__ == "__main__":
    main()
