"""The explorer: its parameters, and the real page in headless Chromium.

The browser test starts ``microgov explore`` as a server, loads the page in the system's
Chromium through Playwright, steps the model, picks another unit of self-organisation, resets,
and checks that the plots and texts change; another opens two browser sessions (two visitors) on
one server and checks that each steps and resets its own model. Without Chromium it is skipped
on a workstation and fails in CI (``CI`` set), so a missing browser cannot pass unnoticed. Set
``MICROGOV_SCREENSHOTS=DIR`` to keep the screenshot in DIR (e.g. results/explorer).
"""

import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from microgov_sim import MicroGovModel
from microgov_sim.interfaces.explorer import LEVERS, MODEL_PARAMS
from microgov_sim.model.params import DEFAULTS, PARAMETER_SPECS

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def test_explorer_parameters_are_model_parameters():
    values = {k: (v.value if hasattr(v, "value") else v["value"]) for k, v in MODEL_PARAMS.items()}
    assert values.pop("rng") == 42
    assert values == {name: DEFAULTS[name] for name in LEVERS}
    model = MicroGovModel(rng=1, **values)  # validates every value
    model.run_for(2)
    assert set(LEVERS) >= {"admin_penetration", "micro_autonomy", "unit_scale", "crowding_out"}


def test_explorer_sliders_stay_inside_the_allowed_ranges():
    """The sliders choose teaching ranges; the parameter table alone says what is allowed."""
    for name in LEVERS:
        control = MODEL_PARAMS[name]
        spec = PARAMETER_SPECS[name]
        if spec.kind == "choice":
            assert list(control["values"]) == list(spec.choices)
        else:
            assert spec.low <= control.min < control.max <= spec.high, name


def find_chromium() -> str:
    path = os.environ.get("MICROGOV_CHROMIUM") or shutil.which("chromium")
    if path is None:
        message = "Chromium not found: install Debian's chromium (apt install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("localhost", 0))
        return sock.getsockname()[1]


def processes_with(text: str) -> list[int]:
    """Ids of the running processes whose command line contains ``text`` (Linux /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # the process ended while we looked
            continue
        if text in args:
            found.append(int(cmdline.parent.name))
    return found


def wait_for_server(url: str, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"microgov explore exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the explorer did not answer at {url} within {timeout} s")


@pytest.fixture
def explorer(tmp_path):
    """A running ``microgov explore`` server; yields its URL."""
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "microgov_sim", "explore", "--port", str(port)],
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://localhost:{port}/"
    try:
        wait_for_server(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        assert not processes_with(f"--port {port}"), "the explorer's server outlived it"
        server_log = (tmp_path / "server.log").read_text()
        assert "Traceback" not in server_log, server_log
        assert "Could not load URL" not in server_log, server_log  # works offline


def plot_images(page) -> list[str]:
    """A short hash of the pixels of every figure on the page, as the browser shows them.

    Empty while the page is redrawing (a figure replaced during its screenshot).
    """
    from playwright.sync_api import Error

    images = page.locator("img")
    try:
        shots = [images.nth(i).screenshot(timeout=5_000) for i in range(images.count())]
    except Error:
        return []
    return [hashlib.sha1(png).hexdigest()[:10] for png in shots]


def wait_until(condition, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def test_explorer_steps_and_responds_in_a_real_browser(explorer, tmp_path):
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            started = time.monotonic()
            page.goto(explorer)
            step = page.get_by_role("button", name="Step")
            step.wait_for(timeout=60_000)
            page.get_by_text("Community at step 0").wait_for(timeout=60_000)
            before = wait_until(lambda: len(plot_images(page)) >= 4 and plot_images(page))
            print(
                f"explorer: page with {len(before)} figures in {time.monotonic() - started:.1f} s"
            )
            assert "unit_scale = building" in page.content()

            for _ in range(8):
                step.click()
                time.sleep(0.3)
            page.get_by_text("Community at step 8").wait_for(timeout=30_000)

            def all_changed():
                now = plot_images(page)
                return len(now) == len(before) and all(
                    a != b for a, b in zip(before, now, strict=True)
                )

            wait_until(all_changed, what="every figure to change after stepping")
            page.evaluate("document.querySelectorAll('*').forEach(e => e.scrollTop = 0)")
            shot = tmp_path / "explorer.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 50_000
            if keep := os.environ.get("MICROGOV_SCREENSHOTS"):
                Path(keep).mkdir(parents=True, exist_ok=True)
                shutil.copy(shot, Path(keep) / "explorer.png")

            # another lever: the unit of self-organisation, applied on Reset
            page.get_by_text("building", exact=True).first.click()
            page.get_by_role("option", name="doorway").click()
            page.get_by_role("button", name="Reset").click()
            page.get_by_text("Community at step 0").wait_for(timeout=30_000)
            assert "unit_scale = doorway" in page.content()
            step.click()
            page.get_by_text("Community at step 1").wait_for(timeout=30_000)

        finally:
            browser.close()


def shown_step(page) -> int:
    """The week the page says its community is at (the explorer's "Community at step N")."""
    text = page.get_by_text(re.compile(r"Community at step \d+")).inner_text(timeout=30_000)
    return int(re.search(r"Community at step (\d+)", text).group(1))


def step_once(page) -> int:
    """Press *Step* once and return the week shown once the page has redrawn."""
    before = shown_step(page)
    page.get_by_role("button", name="Step").click()
    return wait_until(lambda: shown_step(page) != before and shown_step(page), what="a step")


def test_every_browser_session_has_its_own_model(explorer):
    """Two visitors on one server: stepping or resetting one never moves the other."""
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            started = time.monotonic()
            a, b = (browser.new_context().new_page() for _ in range(2))
            for page in (a, b):  # both sessions start before either is waited for
                page.goto(explorer)
            for page in (a, b):
                page.get_by_text("Community at step 0").wait_for(timeout=60_000)
            print(f"explorer: two sessions in {time.monotonic() - started:.1f} s")

            assert [step_once(a) for _ in range(3)] == [1, 2, 3]
            assert shown_step(b) == 0
            assert step_once(b) == 1, "B's first step continued A's model"
            assert shown_step(a) == 3
            assert step_once(a) == 4, "A's step continued B's model"
            assert step_once(b) == 2

            # each visitor's levers are their own too: A picks doorways and resets
            a.get_by_text("building", exact=True).first.click()
            a.get_by_role("option", name="doorway").click()
            a.get_by_role("button", name="Reset").click()
            a.get_by_text("Community at step 0").wait_for(timeout=30_000)
            assert "unit_scale = doorway" in a.content()
            assert shown_step(b) == 2
            b.get_by_role("button", name="Reset").click()
            b.get_by_text("Community at step 0").wait_for(timeout=30_000)
            assert "unit_scale = building" in b.content()
            assert shown_step(a) == 0
        finally:
            browser.close()
