"""Screenshots of the board for the README: a phone (390x844) and the incident
room's screen (1920x1080, ?view=room), on a short demo incident.

    INCIDENT_BIN=... INCIDENT_SERVE_BIN=... python3 Tests/browser/screenshots.py docs/
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from conftest import Board, chromium_path, demo_profile, open_page  # noqa: E402


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="incident-shots-")
    board = Board(folder)
    try:
        board.cli("init", "--facility", str(demo_profile(folder)))
        board.cli("declare", "受付の電子カルテが開かない。2台に身代金要求の画面")
        board.cli("log", "受付端末2台に英語の身代金要求画面。再起動していない")
        board.cli("impact", "電子カルテ", "--status", "down")
        board.cli("log", "LANケーブルを抜いた（受付1・2）")
        board.cli("step", "start", "1")
        board.start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=["--no-sandbox"])
            phone, _ = open_page(browser, board, phone=True)
            phone.screenshot(path=str(out / "board-phone.png"))
            room, _ = open_page(browser, board, room=True, path="/?view=room")
            room.screenshot(path=str(out / "board-room.png"))
            browser.close()
    finally:
        board.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
