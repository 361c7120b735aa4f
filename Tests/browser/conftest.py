"""Fixtures for the board's browser tests: a fresh store and `incident-serve`
per test, and one headless Debian Chromium (never a downloaded browser).

Environment (set by run.sh): INCIDENT_BIN and INCIDENT_SERVE_BIN, the built
binaries; CHROMIUM, the browser executable.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "browser-test-token-0123456789_abcdefghij"


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM"), "/usr/lib/chromium/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def demo_profile(folder):
    """The sample facility profile with fictional numbers (03-0000-00NN) filled in, for demos."""
    n = iter(range(1, 100))
    lines = []
    for line in (ROOT / "Profiles" / "facility-sample.yaml").read_text(encoding="utf-8").splitlines(keepends=True):
        if 'phone: ""' in line:
            line = line.replace('phone: ""', f'phone: "03-0000-{next(n):04d}"', 1)
        lines.append(line)
    path = Path(folder) / "facility-demo.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


class Board:
    """A store in a temporary folder, the CLI on it, and a board serving it."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.env = dict(os.environ)
        self.env.update(
            INCIDENT_DB=str(self.folder / "incident.sqlite"),
            INCIDENT_ACTOR="受付 佐藤",
            INCIDENT_LANG="ja",
            INCIDENT_SERVE_TOKEN=TOKEN,
        )
        self.env.pop("INCIDENT_ID", None)
        self.process = None
        self.base = None

    def cli(self, *args):
        """Runs `incident ARGS` on the same store; returns stdout."""
        done = subprocess.run(
            [os.environ["INCIDENT_BIN"], *args], env=self.env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, f"incident {' '.join(args)}: {done.stderr}"
        return done.stdout

    def start(self):
        self.process = subprocess.Popen(
            [os.environ["INCIDENT_SERVE_BIN"], "--listen", "127.0.0.1:0"],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=open(self.folder / "serve.err", "w"),
            text=True,
        )
        # The first line on stdout is the address to open, with the token.
        line = self.process.stdout.readline().strip()
        assert line.startswith("http://127.0.0.1:") and line.endswith("?token=" + TOKEN), line
        self.url = line
        self.base = line.split("/?token=")[0]
        return self

    def stop(self):
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def board():
    folder = tempfile.mkdtemp(prefix="incident-browser-")
    os.chmod(folder, 0o700)
    b = Board(folder)
    b.cli("init", "--facility", str(ROOT / "Profiles" / "facility-sample.yaml"))
    yield b
    b.stop()
    shutil.rmtree(folder, ignore_errors=True)


class Console:
    """Collects a page's console errors and uncaught exceptions."""

    def __init__(self, page):
        self.errors = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


def open_page(browser, board, phone=False, room=False, path=""):
    """A new browser (its own cookies) on the board: the token once, then the cookie."""
    if phone:
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    else:
        context = browser.new_context(viewport={"width": 1920, "height": 1080} if room else {"width": 1280, "height": 900})
    page = context.new_page()
    console = Console(page)
    page.goto(board.url)
    assert "token=" not in page.url, "the token leaves the address bar"
    if path:
        page.goto(board.base + path)
    return page, console


def wait_until(check, timeout=5.0, step=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(step)
    return check()
