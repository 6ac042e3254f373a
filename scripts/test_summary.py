#!/usr/bin/env python3
"""Print the totals of a `meson test` run as one line: "N passed, M failed[, K skipped]".

Reads Meson's build/meson-logs/testlog.json (one JSON object per test). Exits
non-zero when a test failed or the log is missing or unreadable.
"""
import json
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
SKIPPED = {"SKIP"}
# Everything else (FAIL, UNEXPECTEDPASS, TIMEOUT, ERROR, INTERRUPT, ...) failed.


def count(lines):
    passed = failed = skipped = 0
    for line in lines:
        line = line.strip()
        if not line:
            continue
        result = json.loads(line).get("result", "ERROR")
        if result in PASSED:
            passed += 1
        elif result in SKIPPED:
            skipped += 1
        else:
            failed += 1
    return passed, failed, skipped


def summary(passed, failed, skipped):
    text = f"{passed} passed, {failed} failed"
    if skipped:
        text += f", {skipped} skipped"
    return text


def main(argv):
    if len(argv) != 2:
        print("usage: test_summary.py build/meson-logs/testlog.json", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as log:
            passed, failed, skipped = count(log)
    except FileNotFoundError:
        # meson test writes no log when no test is defined.
        passed, failed, skipped = 0, 0, 0
    except (OSError, ValueError) as err:
        print(f"test_summary: cannot read {argv[1]}: {err}", file=sys.stderr)
        print(summary(0, 1, 0))
        return 1
    print(summary(passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
