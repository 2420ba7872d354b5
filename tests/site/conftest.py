"""Fixtures of the web pages' browser tests: one headless Chromium per module (skipped where
Playwright or Debian's ``/usr/bin/chromium`` is missing), a watched tab per test
(:class:`browser_kit.Tab`) and the URL of a live ``aikg serve`` shared by the module."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_kit import Tab


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    from bench.screenshot import CHROMIUM, launch

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        chromium = launch(p)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def tab(browser):
    opened = Tab(browser)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def base(module_live_server) -> str:
    url, _ = module_live_server
    return url
