"""A resident on a phone searches `gom`, opens a session and switches to English."""

import re

from playwright.sync_api import Page, expect


def test_search_gom_open_a_session_and_switch_language(page: Page, live_server, tmp_path):
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tuần này")

    page.get_by_role("searchbox").fill("gom")
    page.get_by_role("button", name="Tìm").click()
    expect(page).to_have_url(re.compile(r"/sessions\?q=gom"))
    results = page.locator(".session-card")
    expect(results.first).to_be_visible()
    expect(page.locator(".result-count")).to_contain_text("buổi học sắp tới")
    titles = " ".join(results.all_inner_texts()).lower()
    assert "gốm" in titles

    first = results.first.locator("h3").inner_text()
    results.first.click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(first)
    expect(page.locator(".book-card")).to_contain_text("giờ Hà Nội")
    page.screenshot(path=str(tmp_path / "session-vi.png"), full_page=True)

    page.get_by_role("link", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/sessions/\d+$"))
    expect(page.locator(".book-card")).to_contain_text("Hanoi time")
    expect(page.get_by_role("link", name="Workshops").first).to_be_visible()

    page.goto(live_server + "/spaces")
    expect(page.get_by_role("heading", level=1)).to_have_text("Member spaces")


def test_the_layout_fits_a_phone(page: Page, live_server):
    for path in ("/", "/sessions", "/spaces", "/spaces/manzi-art-space"):
        page.goto(live_server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
