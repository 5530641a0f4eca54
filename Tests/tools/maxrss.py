#!/usr/bin/env python3
"""Runs a command and prints its exit status and peak resident memory (KiB) as JSON, after
the command's own output: how the tests measure what an import costs in memory."""
import json, resource, subprocess, sys

completed = subprocess.run(sys.argv[1:], capture_output=True)
sys.stdout.write(json.dumps({
    "status": completed.returncode,
    "maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    "stdout": completed.stdout.decode("utf-8", "replace"),
    "stderr": completed.stderr.decode("utf-8", "replace"),
}) + "\n")
