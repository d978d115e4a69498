"""The board paper as PDF, printed by headless Chromium from the report's own HTML.

Chromium is found at ``$STRATEGYGRAPH_CHROMIUM``, ``/usr/bin/chromium`` or on the PATH. It is driven
through Playwright when that is installed (``pip install playwright``; its browser downloads are not
used), otherwise through Chromium's own ``--headless --print-to-pdf``. The page's print stylesheet
decides the layout (A4, the board paper's sections only).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

#: Chromium flags for printing: no sandbox (containers), no GPU, no network traffic of its own
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run")
INSTALL_HINT = "install Chromium (apt-get install chromium) or set STRATEGYGRAPH_CHROMIUM to its path"


class PdfError(RuntimeError):
    """The PDF cannot be printed (no Chromium, or Chromium failed)."""


def find_chromium() -> str:
    """The path of a Chromium (or Chrome) executable, or :class:`PdfError` saying how to install one."""
    for candidate in (os.environ.get("STRATEGYGRAPH_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise PdfError(f"--pdf needs a headless Chromium and none was found; {INSTALL_HINT}")


def html_to_pdf(html_path: Path, pdf_path: Path, timeout: float = 180) -> None:
    """Print ``html_path`` (a local file) to ``pdf_path`` as A4 with its print stylesheet."""
    exe = find_chromium()
    url = Path(html_path).resolve().as_uri()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _print_with_cli(exe, url, Path(pdf_path), timeout)
        return
    # Playwright's sync API refuses to run inside an asyncio loop (or another sync session):
    # it runs in a thread of its own, which has none
    errors: list[BaseException] = []
    worker = threading.Thread(target=_print_with_playwright, args=(exe, url, Path(pdf_path), timeout, errors))
    worker.start()
    worker.join()
    if errors:
        raise errors[0]


def _print_with_playwright(exe: str, url: str, pdf_path: Path, timeout: float, errors: list[BaseException]) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=exe, args=list(CHROMIUM_ARGS), timeout=timeout * 1000)
            try:
                page = browser.new_page()
                page.goto(url, wait_until="load", timeout=timeout * 1000)
                page.emulate_media(media="print")
                page.pdf(path=str(pdf_path), format="A4", print_background=True, prefer_css_page_size=True)
            finally:
                browser.close()
    except PlaywrightError as exc:
        errors.append(PdfError(f"Chromium ({exe}) could not print the PDF: {str(exc).splitlines()[0]}"))
    except BaseException as exc:  # noqa: BLE001  (handed to the calling thread)
        errors.append(exc)


def _print_with_cli(exe: str, url: str, pdf_path: Path, timeout: float) -> None:
    args = [exe, "--headless", *CHROMIUM_ARGS, "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}", url]
    try:
        proc = subprocess.run(args, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PdfError(f"Chromium ({exe}) took longer than {timeout:.0f} s to print the PDF") from None
    except OSError as exc:
        raise PdfError(f"Chromium ({exe}) could not be started: {exc}") from None
    if proc.returncode != 0 or not pdf_path.is_file():
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise PdfError(f"Chromium ({exe}) could not print the PDF: {err[0]}")
