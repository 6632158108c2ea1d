"""The menus work as a reader uses them, on a phone and on a laptop, in light and dark mode.

☰ opens the chapter list and the contents button the page's sections, each with links a reader
can press; Escape closes them and gives focus back to the button; on a laptop ☰ hides and shows
the sidebar. pydata-sphinx-theme 0.17 bound both buttons to hidden copies, so that none of this
happened (pydata/pydata-sphinx-theme#2451); book_static/techstate-menus.js repairs it.
"""

from __future__ import annotations

import pytest

from test_browser import DESKTOP, PHONE, _open, browser, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

# A chapter in both modes, and a reference page.
CASES = [("chapters/01-digital-dilemma.html", "light"), ("chapters/01-digital-dilemma.html", "dark"),
         ("reference/how-to-use.html", "light")]
MENU = "Toggle primary sidebar"        # ☰, the chapter list
CONTENTS = "Toggle secondary sidebar"  # the page's sections
CHAPTER_LINKS = 9                      # eight chapters and the afterword, at least


def _visible_links(scope: object, *, sections: bool) -> list[object]:
    """The links a reader can see in ``scope``: to the page's sections, or to other pages."""
    links = scope.get_by_role("link")
    found = []
    for index in range(links.count()):
        link = links.nth(index)
        href = link.get_attribute("href") or ""
        if link.is_visible() and href.startswith("#") == sections and link.inner_text().strip():
            found.append(link)
    return found


def _focused_name(page: object) -> str:
    return page.evaluate("document.activeElement && (document.activeElement.getAttribute('aria-label')"
                         " || document.activeElement.getAttribute('data-bs-original-title') || '')")


def _open_panel(page: object, button_name: str, *, sections: bool) -> list[object]:
    """Press a menu button; return the links its dialog shows."""
    button = page.get_by_role("button", name=button_name)
    assert button.count() == 1 and button.is_visible(), f"no visible button named {button_name!r}"
    button.click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for(state="visible", timeout=5000)
    return _visible_links(dialog, sections=sections)


def _close_with_escape(page: object, button_name: str) -> None:
    page.keyboard.press("Escape")
    page.get_by_role("dialog").wait_for(state="hidden", timeout=5000)
    assert _focused_name(page) == button_name, "focus did not return to the button"


@pytest.mark.parametrize(("page_path", "theme"), CASES)
def test_phone_menus_open_close_and_return_focus(browser: object, server: str, page_path: str, theme: str) -> None:
    page, errors, _ = _open(browser, server, page_path, PHONE, theme)
    chapters = _open_panel(page, MENU, sections=False)
    titles = [link.inner_text() for link in chapters]
    assert len(chapters) >= CHAPTER_LINKS, f"☰ shows {len(chapters)} links: {titles}"
    assert any("digital dilemma" in title for title in titles), titles
    chapters[-1].click(trial=True)  # on screen, not covered: a finger can press it
    _close_with_escape(page, MENU)

    sections = _open_panel(page, CONTENTS, sections=True)
    assert len(sections) >= 3, f"the contents button shows {len(sections)} section links"
    sections[0].click(trial=True)
    _close_with_escape(page, CONTENTS)

    # The keyboard alone: Enter opens the chapter list, a press on a link leaves the page.
    page.get_by_role("button", name=MENU).focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    dialog.wait_for(state="visible", timeout=5000)
    target = _visible_links(dialog, sections=False)[-1]
    href = target.get_attribute("href")
    target.click()
    page.wait_for_load_state()
    assert page.url.split("#")[0].endswith(href.split("#")[0].lstrip("./").split("/")[-1]), page.url
    assert errors == [], errors
    page.context.close()


@pytest.mark.parametrize(("page_path", "theme"), CASES)
def test_laptop_menu_hides_and_shows_the_sidebar(browser: object, server: str, page_path: str, theme: str) -> None:
    page, errors, _ = _open(browser, server, page_path, DESKTOP, theme)
    sidebar = page.locator("#pst-primary-sidebar")
    shown = _visible_links(sidebar, sections=False)
    assert len(shown) >= CHAPTER_LINKS, f"the sidebar shows {len(shown)} links"
    shown[-1].click(trial=True)
    sections = _visible_links(page.locator("#pst-secondary-sidebar"), sections=True)
    assert len(sections) >= 3, f"the page's contents show {len(sections)} section links"
    sections[-1].click(trial=True)

    page.get_by_role("button", name=MENU).click()
    page.wait_for_timeout(300)
    assert _visible_links(sidebar, sections=False) == [], "☰ did not hide the chapter list"
    assert page.get_by_role("dialog").count() == 0 or not page.get_by_role("dialog").is_visible()
    page.get_by_role("button", name=MENU).click()
    page.wait_for_timeout(300)
    assert len(_visible_links(sidebar, sections=False)) >= CHAPTER_LINKS, "☰ did not show the chapter list again"
    assert errors == [], errors
    page.context.close()
