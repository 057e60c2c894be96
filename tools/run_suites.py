#!/usr/bin/env python3
"""Runs each named make target as a test suite and sums the results.

Every suite prints lines "PASS: <name>" and "FAIL: <name>: <why>". This
script runs `make <suite>` for each suite given, keeps its output in
<logs>/<suite>.log (and shows it), counts those lines, and adds one FAIL for
a suite that exits non-zero without reporting a failure itself (a build
error, a crash, a missing tool). It ends with the line
"N passed, N failed" and exits non-zero if anything failed.
"""
import argparse
import os
import re
import subprocess
import sys


def run_suite(suite, log_dir):
    log_path = os.path.join(log_dir, suite + ".log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen(["make", "--no-print-directory", suite],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace")
            sys.stdout.write(line)
            log.write(line)
        rc = proc.wait()
    with open(log_path) as f:
        text = f.read()
    passed = len(re.findall(r"^PASS: ", text, re.M))
    failed = len(re.findall(r"^FAIL: ", text, re.M))
    if rc != 0 and failed == 0:
        print(f"FAIL: {suite}: make {suite} exited with status {rc} (see {log_path})")
        failed = 1
    if rc == 0 and passed == 0:
        print(f"FAIL: {suite}: ran no test")
        failed += 1
    return passed, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--logs", default="build/test-logs")
    ap.add_argument("suites", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.logs, exist_ok=True)

    total_pass = total_fail = 0
    summary = []
    for suite in args.suites:
        p, f = run_suite(suite, args.logs)
        total_pass += p
        total_fail += f
        summary.append(f"  {suite:<10} {p} passed, {f} failed")
    print("\n".join(["", "Summary:"] + summary))
    print(f"{total_pass} passed, {total_fail} failed")
    return 1 if total_fail else 0


if __name__ == "__main__":
    sys.exit(main())
