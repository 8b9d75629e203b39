"""Headless Chromium for the browser tests: Debian's chromium driven by Playwright (whose own
browser download cannot run here). .ci/run installs chromium when it is missing."""

from __future__ import annotations

import os
import shutil

CHROMIUM = os.environ.get("KORT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# as root, in a sandbox with no network: no sandbox, no GPU, no background connections
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
