"""The board as its users meet it, in real headless Chromium."""

import json
import os
import subprocess

from conftest import TOKEN, open_page, wait_until


def introduce(page, board, name="田中", device="受付iPhone"):
    """The first write from a device asks who: record a note to give the name once."""
    page.goto(board.base + "/record")
    page.fill("textarea[name=text]", f"{name}が記録を始めた")
    page.fill("input[name=who]", name)
    page.fill("input[name=device]", device)
    page.click("form.record button[type=submit]")
    page.wait_for_url("**/")


def status(board):
    return json.loads(board.cli("status", "--json"))


def test_declare_on_a_phone(browser, board):
    board.start()
    page, console = open_page(browser, board, phone=True)
    assert page.viewport_size == {"width": 390, "height": 844}
    page.fill("textarea[name=summary]", "受付の電子カルテが開かない")
    page.fill("input[name=who]", "田中")
    page.fill("input[name=device]", "受付iPhone")
    page.get_by_role("button", name="宣言する").click()
    page.wait_for_url(board.base + "/")
    assert "受付の電子カルテが開かない" in page.inner_text(".summary")
    # The phone's first screen: the four things not to do, then one large 記録する box.
    assert page.locator(".donts li").count() == 4
    assert page.locator("form.record textarea").is_visible()
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    s = status(board)
    assert s["summary"] == "受付の電子カルテが開かない"
    events = json.loads(board.cli("timeline", "--format", "json"))
    assert events[0]["actor"] == "田中（受付iPhone・ボード）"
    assert console.errors == []


def test_a_call_recorded_on_one_page_appears_on_another_without_reload(browser, board):
    board.cli("declare", "受付の電子カルテが開かない")
    board.start()
    watcher, watcher_console = open_page(browser, board, room=True, path="/?view=room")
    clerk, clerk_console = open_page(browser, board, phone=True)
    introduce(clerk, board)
    watcher.evaluate("window.notReloaded = true")
    # The first contact of the board's list: one tap on 「つながった」.
    contact = clerk.locator("li.contact").first
    who = contact.locator(".who").inner_text()
    contact.get_by_role("button", name="つながった（話せた）").click()
    clerk.wait_for_url(board.base + "/")
    # On the other page, within a second or so, without a reload.
    watcher.locator("li.contact.contact-reached .who", has_text=who).first.wait_for(timeout=5000)
    assert watcher.evaluate("window.notReloaded") is True
    contacts = status(board)["contacts"]
    assert any(c["lastOutcome"] == "reached" for c in contacts)
    assert watcher_console.errors == [] and clerk_console.errors == []


def test_a_cli_log_appears_on_the_board(browser, board):
    board.cli("declare", "受付の電子カルテが開かない")
    board.start()
    page, console = open_page(browser, board)
    page.evaluate("window.notReloaded = true")
    board.cli("log", "CLIから: 受付2台のLANケーブルを抜いた")
    page.locator(".events-list .text", has_text="CLIから: 受付2台のLANケーブルを抜いた").wait_for(timeout=5000)
    assert page.evaluate("window.notReloaded") is True
    # The timeline page follows too.
    page.goto(board.base + "/timeline")
    board.cli("log", "CLIから: 2件目")
    page.locator(".events-list .text", has_text="CLIから: 2件目").wait_for(timeout=5000)
    assert console.errors == []


def test_submit_an_obligation(browser, board):
    board.cli("declare", "受付の電子カルテが開かない。身代金要求の画面")
    board.cli("answer", "attack-suspected", "yes")
    board.start()
    page, console = open_page(browser, board)
    introduce(page, board)
    obligation = page.locator("li.obligation.open").first
    kind = obligation.locator("input[name=kind]").get_attribute("value")
    obligation.locator("select[name=channel]").select_option("email")
    obligation.locator("input[name=ref]").fill("受付番号 123")
    obligation.get_by_role("button", name="提出したことを記録する").click()
    page.wait_for_url(board.base + "/")
    submitted = [o for o in status(board)["obligations"] if o["kind"] == kind][0]
    assert submitted["state"] == "submitted"
    assert submitted["channel"] == "email" and submitted["ref"] == "受付番号 123"
    assert console.errors == []


def test_a_draft_prints_to_pdf_in_japanese(browser, board, tmp_path):
    board.cli("declare", "受付の電子カルテが開かない")
    board.start()
    page, console = open_page(browser, board, path="/drafts/mhlw")
    assert "下書き" in page.inner_text(".draft-mark")
    page.get_by_role("link", name="印刷する（A4・下書き）").click()
    page.wait_for_url("**/drafts/mhlw/print")
    pdf = tmp_path / "draft.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "下書き" in text
    assert "厚生労働省" in text
    assert console.errors == []


def test_the_timeline_csv_is_the_clis(browser, board, tmp_path):
    board.cli("declare", "受付の電子カルテが開かない")
    board.cli("log", "受付端末2台に身代金要求の画面, \"英語\"")
    board.start()
    page, console = open_page(browser, board, path="/timeline")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel 用 CSV をダウンロード").click()
    saved = tmp_path / "timeline.csv"
    download.value.save_as(str(saved))
    cli = subprocess.run(
        [os.environ["INCIDENT_BIN"], "timeline", "--format", "csv"],
        env=board.env, capture_output=True, check=True,
    ).stdout
    assert saved.read_bytes() == cli
    assert console.errors == []


def test_the_record_form_by_keyboard_only(browser, board):
    board.cli("declare", "受付の電子カルテが開かない")
    board.start()
    page, console = open_page(browser, board, path="/record")

    def focused():
        return page.evaluate("document.activeElement && (document.activeElement.name || document.activeElement.tagName)")

    def tab_to(name, limit=40):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if focused() == name:
                return
        raise AssertionError(f"Tab never reached {name}")

    tab_to("who")
    page.keyboard.type("鈴木")
    tab_to("device")
    page.keyboard.type("事務室PC")
    tab_to("text")
    page.keyboard.type("キーボードだけで記録した")
    tab_to("go")
    page.keyboard.press("Enter")
    page.wait_for_url(board.base + "/")
    events = json.loads(board.cli("timeline", "--format", "json"))
    assert events[-1]["text"] == "キーボードだけで記録した"
    assert events[-1]["actor"] == "鈴木（事務室PC・ボード）"
    assert console.errors == []


def test_a_page_without_the_token_is_refused(browser, board):
    board.start()
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(board.base + "/")
    assert response.status == 401
    body = page.inner_text("body")
    assert "アクセス用のアドレス" in body
    assert TOKEN not in page.content()
    wrong = page.goto(board.base + "/?token=" + "x" * 40)
    assert wrong.status == 401
    context.close()


def test_the_guide_walks_to_the_responsible_person_called(browser, board):
    """From 「電子カルテが開かない」 to the responsible person recorded as called, on the board alone."""
    board.start()
    page, console = open_page(browser, board, phone=True, path="/guide")
    page.fill("textarea[name=summary]", "電子カルテが開かない")
    page.fill("input[name=who]", "田中")
    page.fill("input[name=device]", "受付iPhone")
    page.get_by_role("button", name="宣言する").click()
    page.wait_for_url(board.base + "/")
    page.goto(board.base + "/guide")
    for _ in range(12):
        if page.locator("form.contact-outcomes").count():
            break
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url("**/guide*")
    page.get_by_role("button", name="つながった（話せた）").click()
    page.wait_for_url("**/guide*")
    reached = [c for c in status(board)["contacts"] if c["lastOutcome"] == "reached"]
    assert reached, status(board)["contacts"]
    assert console.errors == []


def test_a_server_stopped_for_30_seconds_is_caught_up_after(browser, board):
    """A laptop put to sleep: the server stops answering without closing the
    connection (SIGSTOP). Open pages grey out while they wait, reconnect by
    themselves once it resumes, and show what was recorded meanwhile."""
    import signal
    import time

    board.cli("declare", "受付の電子カルテが開かない")
    board.start()
    phone, phone_console = open_page(browser, board, phone=True)
    room, room_console = open_page(browser, board, room=True, path="/?view=room")
    for page in (phone, room):
        page.evaluate("window.notReloaded = true")
        page.locator(".summary").wait_for()
    board.process.send_signal(signal.SIGSTOP)
    stopped = time.monotonic()
    try:
        # Recorded from the CLI while the board sleeps.
        board.cli("log", "停止中にCLIから記録: 受付2台のLANケーブルを抜いた")
        for page in (phone, room):
            page.locator("body.offline").wait_for(state="attached", timeout=40000)
        time.sleep(max(0.0, 30 - (time.monotonic() - stopped)))
    finally:
        board.process.send_signal(signal.SIGCONT)
    for page in (phone, room):
        page.locator(".events-list .text", has_text="停止中にCLIから記録").wait_for(timeout=15000)
        page.locator("body:not(.offline)").wait_for(state="attached", timeout=15000)
        assert page.evaluate("window.notReloaded") is True, "caught up without a reload"
    # The failed connection attempts while stopped are the browser's own log lines, not page errors.
    for errors in (phone_console.errors, room_console.errors):
        assert all("/events" in e or "ERR_" in e for e in errors), errors


def test_recovery_on_a_phone_evidence_first(browser, board):
    board.cli("declare", "受付の電子カルテが開かない")
    board.cli("recover", "電子カルテ", "--stage", "investigated")
    board.start()
    page, console = open_page(browser, board, phone=True, path="/recovery")
    introduce(page, board)
    page.goto(board.base + "/recovery")
    # Rebuilding before any evidence: refused, the library's words beside the reason, nothing recorded.
    form = page.locator("form.recover")
    form.locator("input[name=system]").fill("電子カルテ")
    form.locator("select[name=stage]").select_option("rebuilt")
    form.get_by_role("button", name="記録する").click()
    error = page.locator("form.recover .field-error")
    assert "証拠がまだ登録されていない" in error.inner_text()
    reason = page.locator("form.recover input[name=reason]")
    assert reason.get_attribute("aria-describedby") == error.get_attribute("id")
    assert page.locator("form.recover input[name=system]").input_value() == "電子カルテ"
    assert status(board)["recovery"]["systems"][0]["stage"] == "investigated"
    # The evidence form is right there; then the same stage goes through.
    evidence = page.locator("form.evidence")
    evidence.locator("input[name=text]").fill("サーバのディスクイメージ")
    evidence.locator("input[name=keptAt]").fill("院長室金庫")
    evidence.get_by_role("button", name="登録する").click()
    page.wait_for_url(board.base + "/")
    page.goto(board.base + "/recovery")
    form = page.locator("form.recover")
    form.locator("input[name=system]").fill("電子カルテ")
    form.locator("select[name=stage]").select_option("rebuilt")
    form.get_by_role("button", name="記録する").click()
    page.wait_for_url(board.base + "/")
    assert status(board)["recovery"]["systems"][0]["stage"] == "rebuilt"
    page.goto(board.base + "/recovery")
    assert "再構築" in page.inner_text("section.recovery-systems")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The refusal's own status (422) is the only message the browser logged.
    assert [e for e in console.errors if "422" not in e] == []
