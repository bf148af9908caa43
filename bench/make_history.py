#!/usr/bin/env python3
"""Generate a big training history (about ten years, ~3,000 activities) from
the real activity files in shared/fixtures, for timing `knead activities`.

Every activity is a copy of one of the valid fixture files, written under
HISTORY/YYYY/MM/ with a distinct dated name:

* GPX and TCX copies get a new start time: every ISO 8601 date-time in the
  file (`<time>`, `<Time>`, `<Id>`, `StartTime="..."`) is shifted by the same
  amount with a regular expression, so each copy is a distinct activity for
  knead's duplicate check (same sport, start within 60 s, distance within 3 %).
* FIT copies are byte-for-byte identical (shifting FIT timestamps means
  re-encoding records, compressed timestamps and the CRC), so knead counts
  all copies of one FIT file as one activity and the rest as duplicates. They
  are still read and parsed in full, which is what costs time.

`--gzip` also writes a copy of the history with every file gzipped
(`NAME.fit.gz`, ...), as Strava exports have them.

Usage: python3 bench/make_history.py OUT_DIR [--fixtures DIR] [--count N] [--gzip]
Only the standard library is needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The valid activity files (those knead imports without error), by format.
SOURCES = {
    "fit": [
        "fit/2013-02-06-12-11-14.fit",
        "fit/activity-small-fenix2-run.fit",
        "fit/compressed-speed-distance.fit",
        "fit/garmin-fenix-5-bike.fit",
        "fit/garmin-fenix-5-run.fit",
        "fit/strava-android-app-201.10-b1218918.fit",
    ],
    # wahoo_example.gpx (a 2-second, zero-distance "other" activity) is left out.
    "gpx": ["gpx/garmin-activity.gpx"],
    "tcx": [
        "tcx/test.tcx",
        "tcx/no_hr.tcx",
        "tcx/2020-12-02T06_08_29-300_Running.tcx",
        "tcx/2020-12-04T19_09_21-300_Running.tcx",
        "tcx/2020-12-06T06_36_21-300_Running.tcx",
        "tcx/2020-12-08T06_36_12-300_Running.tcx",
    ],
}

# Share of each format in the history: half FIT (watches), a quarter each of
# GPX and TCX (older apps, other vendors), like a mixed Strava export.
MIX = [("fit", 2), ("gpx", 1), ("tcx", 1)]

FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
START_HOURS = [6, 12, 18]  # UTC start hour, cycled, so no two copies share a start

# The date and time-of-day part of an ISO 8601 timestamp; the fraction and the
# zone suffix after it are left as they are.
ISO = re.compile(rb"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})")


def _first_time(data: bytes) -> dt.datetime | None:
    m = ISO.search(data)
    if not m:
        return None
    return dt.datetime(*(int(g) for g in m.groups()))


def shift_times(data: bytes, delta: dt.timedelta) -> bytes:
    """Every ISO date-time in `data` moved by `delta` (same format, same length)."""

    def repl(m: re.Match[bytes]) -> bytes:
        t = dt.datetime(*(int(g) for g in m.groups())) + delta
        return b"%04d-%02d-%02dT%02d:%02d:%02d" % (
            t.year, t.month, t.day, t.hour, t.minute, t.second,
        )

    return ISO.sub(repl, data)


def plan(count: int) -> list[tuple[dt.datetime, str, str]]:
    """(start, format, fixture) for each of `count` activities, spread evenly
    over ten years, formats interleaved by MIX, fixtures taken in turn."""
    cycle = [fmt for fmt, weight in MIX for _ in range(weight)]
    turn = {fmt: 0 for fmt in SOURCES}
    days = (LAST_DAY - FIRST_DAY).days + 1
    out = []
    for i in range(count):
        day = FIRST_DAY + dt.timedelta(days=i * days // count)
        start = dt.datetime.combine(day, dt.time(START_HOURS[i % len(START_HOURS)], 0))
        fmt = cycle[i % len(cycle)]
        sources = SOURCES[fmt]
        out.append((start, fmt, sources[turn[fmt] % len(sources)]))
        turn[fmt] += 1
    return out


def generate(out: Path, fixtures: Path, count: int = 3000, gz: bool = False) -> dict:
    """Writes the history to `out` (and `out` + "-gz" with `gz`), unless a
    manifest for the same count and fixtures is already there. Returns the
    manifest: files per format, bytes, and the expected unique activities."""
    gz_out = out.parent / (out.name + "-gz")
    manifest_path = out / "manifest.json"
    key = {"count": count, "fixtures": str(fixtures.resolve()), "version": 3}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("key") == key and (not gz or (gz_out / "manifest.json").exists()):
            return manifest
    if out.exists():
        shutil.rmtree(out)
    if gz_out.exists():
        shutil.rmtree(gz_out)
    cache: dict[str, bytes] = {}
    files = {fmt: 0 for fmt in SOURCES}
    size = {fmt: 0 for fmt in SOURCES}
    gz_size = 0
    fit_sources = set()
    for i, (start, fmt, rel) in enumerate(plan(count)):
        if rel not in cache:
            cache[rel] = (fixtures / rel).read_bytes()
        data = cache[rel]
        if fmt != "fit":
            first = _first_time(data)
            if first is None:
                raise SystemExit(f"{rel}: no timestamp to shift")
            data = shift_times(data, start - first)
        else:
            fit_sources.add(rel)
        name = f"{start:%Y-%m-%d_%H%M}_{i:04d}_{Path(rel).name}"
        folder = out / f"{start:%Y}" / f"{start:%m}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        files[fmt] += 1
        size[fmt] += len(data)
        if gz:
            gz_folder = gz_out / f"{start:%Y}" / f"{start:%m}"
            gz_folder.mkdir(parents=True, exist_ok=True)
            packed = gzip.compress(data, compresslevel=6, mtime=0)
            (gz_folder / (name + ".gz")).write_bytes(packed)
            gz_size += len(packed)
    manifest = {
        "key": key,
        "files": files,
        "bytes": size,
        "total_files": sum(files.values()),
        "total_bytes": sum(size.values()),
        "gz_bytes": gz_size if gz else None,
        "first_day": str(FIRST_DAY),
        "last_day": str(LAST_DAY),
        # Every GPX and TCX copy is distinct; FIT copies collapse to one per fixture.
        "expected_unique": files["gpx"] + files["tcx"] + len(fit_sources),
    }
    text = json.dumps(manifest, indent=2)
    if gz:
        (gz_out / "manifest.json").write_text(text)
    manifest_path.write_text(text)
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder to write the history to")
    ap.add_argument("--fixtures", type=Path, default=ROOT.parent / "shared" / "fixtures")
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--gzip", action="store_true", help="also write OUT-gz, every file gzipped")
    args = ap.parse_args()
    print(json.dumps(generate(args.out, args.fixtures, args.count, args.gzip), indent=2))


if __name__ == "__main__":
    main()
