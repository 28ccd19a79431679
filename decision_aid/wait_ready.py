"""Wait until an instance's /readyz answers 200: `python -m decision_aid.wait_ready URL [seconds]`.

For systemd's ExecStartPost and deploy/release.sh, so that a restart counts as done only once the
instance can serve (content valid, PDF engine warm), without needing curl on the host.
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request


def wait_until_ready(url: str, timeout: float = 60.0) -> str:
    """Poll `url` until it answers 200; return "" when ready, else the last reason seen."""
    deadline = time.monotonic() + timeout
    reason = "no answer"
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the operator's own URL
                if response.status == 200:
                    return ""
        except urllib.error.HTTPError as exc:
            reason = exc.read().decode(errors="replace").strip()
        except urllib.error.URLError as exc:
            reason = str(exc.reason)
        except OSError as exc:
            reason = str(exc)
        time.sleep(0.25)
    return reason


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print("usage: python -m decision_aid.wait_ready http://127.0.0.1:8001/readyz [timeout seconds]", file=sys.stderr)
        return 2
    problem = wait_until_ready(argv[0], float(argv[1]) if len(argv) == 2 else 60.0)
    if problem:
        print(f"{argv[0]} is not ready: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
