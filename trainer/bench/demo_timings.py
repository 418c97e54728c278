"""Launch ``searchr2 train --protocol stdio`` as the editor does and time what a user sees.

Prints: seconds from launch to the first event of each type, one line per training
step (reward, searches, step/rollout/update seconds), and the held-out EM events.
Run it alone: two torch processes on a 2-core machine slow each other down ~10x.

    .venv/bin/python trainer/bench/demo_timings.py --max-steps 50 [-- extra train args]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-steps", type=int, default=50)
    parser.add_argument("--preset", default="demo")
    parser.add_argument("extra", nargs="*")
    args = parser.parse_args()
    run_dir = tempfile.mkdtemp(prefix="searchr2-bench-")
    cmd = [sys.executable, "-m", "searchr2", "train", "--preset", args.preset,
           "--max-steps", str(args.max_steps), "--run-dir", run_dir, "--protocol", "stdio",
           *args.extra]  # fmt: skip
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    seen: set[str] = set()
    for line in proc.stdout:
        event = json.loads(line)
        at = time.monotonic() - started
        if event["type"] not in seen:
            seen.add(event["type"])
            print(f"{at:7.2f}s first {event['type']}", flush=True)
        if event["type"] == "metrics" and event.get("phase") == "train":
            m = event["metrics"]
            print(
                f"{at:7.2f}s step {event['step']:3d} reward {m['reward_mean']:.3f} "
                f"searches {m['searches_mean']:.2f} mixed {m['mixed_groups']:.2f} "
                f"step {m['step_seconds']:.2f}s (rollouts {m['rollout_seconds']:.2f}s, "
                f"update {m['update_seconds']:.2f}s) kl {m['kl']:.4f}",
                flush=True,
            )
        elif event["type"] == "metrics":
            print(f"{at:7.2f}s {event.get('phase')} step {event['step']}: {event['metrics']}")
        elif event["type"] in ("stopped", "error"):
            print(f"{at:7.2f}s {event}")
    assert proc.stdin is not None
    proc.stdin.close()
    return proc.wait()


if __name__ == "__main__":
    raise SystemExit(main())
