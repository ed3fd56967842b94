#!/usr/bin/env python3
"""Python baseline for bench/parse.ts: one compiled regex per line extracting timestamp, pid, level,
logger, context tokens, instance and message (what a straightforward Python log parser does).
Usage: parse_baseline.py FILE [RUNS]; prints per-run figures and, last, one JSON line for parse.ts."""
import json
import re
import sys
import time

LINE = re.compile(
    r'^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) (\d+) ([A-Z]+) (\S+)'
    r'(?: \[([^\]]*)\])?(?: \[instance: ([0-9a-f-]+)\])? ?(.*)$'
)


def parse(path):
    lines = 0
    matched = 0
    started = time.process_time()  # CPU time: the machine is shared
    wall = time.perf_counter()
    with open(path, encoding='utf-8', errors='replace') as handle:
        for line in handle:
            lines += 1
            m = LINE.match(line)
            if m is None:
                continue
            ts, pid, level, logger, context, instance, message = m.groups()
            tokens = context.split(' ') if context else None
            matched += 1
    return time.process_time() - started, time.perf_counter() - wall, lines, matched


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    best = None
    for i in range(runs):
        seconds, wall, lines, matched = parse(path)
        print(f'  python run {i + 1}: {seconds:.3f} s cpu ({wall:.3f} s wall), {lines} lines, {matched} matched', file=sys.stderr)
        if best is None or seconds < best[0]:
            best = (seconds, wall, lines, matched)
    print(json.dumps({'seconds': best[0], 'wall': best[1], 'lines': best[2], 'matched': best[3]}))


if __name__ == '__main__':
    main()
