"""dist/explorer.html in a real browser: Debian's headless Chromium driven through its
chromedriver with selenium. Every id, count and offset asserted here is read from the published
tables (JSON and Parquet) and the article texts, never written into the test.

Set EXPLORER_SCREENSHOTS to a folder to keep the screenshots there (the README's come from
`EXPLORER_SCREENSHOTS=examples`); by default they go to a temporary folder.
"""

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

import pyarrow.parquet as pq
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import DIST, ROOT, table_names

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
PAGE = DIST / "explorer.html"


def rows(table):
    return json.loads((DIST / "json" / f"{table}.json").read_text(encoding="utf-8"))


def texts():
    """Each article's text by source id, read from the path the sources table gives."""
    return {
        s["id"]: (DIST.parent / s["path"]).read_text(encoding="utf-8")
        for s in rows("sources")
        if s["path"]
    }


@pytest.fixture(scope="module")
def browser():
    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--force-device-scale-factor=1", "--lang=en-GB"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def open_page(driver, fragment=""):
    """Loads the page afresh (so that a fragment is read at load) and waits until it is drawn."""
    driver.get("about:blank")
    driver.get(PAGE.as_uri() + (f"#{fragment}" if fragment else ""))
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.documentElement.dataset.ready === 'true'")
    )


def go(driver, fragment):
    driver.execute_script("location.hash = arguments[0]", fragment)


def visible(driver, view):
    return driver.find_element(By.ID, f"view-{view}").is_displayed()


def record_shown(driver):
    body = driver.find_element(By.ID, "record-body")
    return body.get_attribute("data-table"), body.get_attribute("data-key")


def show_all(driver):
    """Draws every matching row of a table view (a long one draws its first rows only)."""
    more = driver.find_elements(By.ID, "table-more")
    if more:
        more[0].click()


def test_explorer_is_self_contained_and_small():
    html = PAGE.read_text(encoding="utf-8")
    if DIST == ROOT / "dist":  # the shipped dataset; a larger one may make a larger page
        assert len(html.encode()) < 1_000_000
    for needle in (" src=", "@import", "fetch(", "url(", "XMLHttpRequest"):
        assert needle not in html
    # An address appears only as a link to follow (the licence), never as something loaded.
    for match in re.finditer(r"https?://", html):
        tag = html[html.rfind("<", 0, match.start()) : match.start()]
        assert tag.startswith("<a ") and tag.endswith('href="'), html[match.start() - 60 : match.end() + 20]
    assert "explorer.html" in (DIST / "SHA256SUMS").read_text(encoding="utf-8")


def test_explorer_opens_with_the_article_and_no_console_errors(browser):
    open_page(browser)
    assert visible(browser, "article")
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('.article-body'))"
        ".map(b => [b.dataset.source, b.textContent])"
    )
    assert dict(shown) == texts()
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text .seg")
    logs = browser.get_log("browser")
    assert [entry for entry in logs if entry["level"] in ("SEVERE", "WARNING")] == []


def test_explorer_spans_are_the_words_at_their_offsets(browser):
    """Each highlighted piece is the text between its code-point offsets, and every evidence,
    quotation and mention span is drawn whole."""
    open_page(browser)
    pieces = browser.execute_script(
        "return Array.from(document.querySelectorAll('.seg')).map(s => "
        "[s.closest('.article-body').dataset.source, +s.dataset.start, +s.dataset.end, s.textContent])"
    )
    text = texts()
    for source, start, end, shown in pieces:
        assert text[source][start:end] == shown
    covered = {}
    for source, start, end, _ in pieces:
        covered.setdefault(source, set()).update(range(start, end))
    for table in table_names():
        for row in rows(table):
            if row.get("char_start") is not None and row.get("source_id") in text:
                assert set(range(row["char_start"], row["char_end"])) <= covered[row["source_id"]]


def test_explorer_table_views_list_every_row(browser):
    open_page(browser)
    for table in table_names():
        expected = pq.read_metadata(DIST / "parquet" / f"{table}.parquet").num_rows
        assert expected == len(rows(table))
        go(browser, table)
        WebDriverWait(browser, 10).until(lambda d: visible(d, "table"))
        assert browser.find_element(By.ID, "table-heading").text == table.replace("_", " ")
        show_all(browser)
        listed = browser.find_elements(By.CSS_SELECTOR, "#table-grid tbody tr")
        assert len(listed) == expected, table


def test_explorer_clicking_an_evidence_span_opens_its_record(browser):
    open_page(browser)
    # A piece broken over two lines is left aside: the centre of its box may lie off its words.
    pieces = browser.execute_script(
        "return Array.from(document.querySelectorAll('.seg')).map(s => "
        "[+s.dataset.start, +s.dataset.end, s.getClientRects().length === 1 ? s.dataset.records.split(' ')[0] : null])"
    )
    clicked = 0
    for evidence in rows("evidence")[:12]:
        target = f"{evidence['record_table']}/{evidence['record_id']}"
        inside = [
            i for i, (start, end, first) in enumerate(pieces)
            if evidence["char_start"] <= start and end <= evidence["char_end"] and first == target
        ]
        if not inside:
            continue  # wholly under narrower spans: their records open instead
        go(browser, "article")
        WebDriverWait(browser, 10).until(lambda d: visible(d, "article"))
        segment = browser.find_elements(By.CSS_SELECTOR, ".seg")[inside[0]]
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", segment)
        segment.click()
        WebDriverWait(browser, 10).until(lambda d: visible(d, "record"))
        assert record_shown(browser) == (evidence["record_table"], evidence["record_id"])
        assert browser.execute_script("return location.hash") == (
            f"#{evidence['record_table']}/{quote(evidence['record_id'], safe='')}"
        )
        clicked += 1
    assert clicked > 0


def test_explorer_a_span_opens_its_record_from_the_keyboard(browser):
    """Tab reaches the skip link, the views and then the first passage, each with a visible focus
    ring; Enter on the passage opens its record."""
    open_page(browser)
    outline = "const s = getComputedStyle(document.activeElement);" \
        "return [s.outlineStyle, parseFloat(s.outlineWidth)]"
    for _ in range(60):
        webdriver.ActionChains(browser).send_keys(Keys.TAB).perform()
        style, width = browser.execute_script(outline)
        assert style != "none" and width >= 2, browser.switch_to.active_element.tag_name
        if "seg" in (browser.switch_to.active_element.get_attribute("class") or ""):
            break
    segment = browser.switch_to.active_element
    assert "seg" in segment.get_attribute("class")
    first = segment.get_attribute("data-records").split(" ")[0]
    webdriver.ActionChains(browser).send_keys(Keys.ENTER).perform()
    WebDriverWait(browser, 10).until(lambda d: visible(d, "record"))
    table, key = first.split("/", 1)
    assert record_shown(browser) == (table, key)


CONTRAST = """
const rgba = (c) => (c.match(/[\\d.]+/g) || []).map(Number).concat([1]).slice(0, 4);
const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
  .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
function background(el) {
  for (; el; el = el.parentElement) {
    const c = rgba(getComputedStyle(el).backgroundColor);
    if (c[3] > 0) return c;
  }
  return [255, 255, 255, 1];
}
const worst = [];
for (const el of document.querySelectorAll(arguments[0])) {
  if (!el.textContent.trim() || !el.getClientRects().length) continue;
  const fg = lum(rgba(getComputedStyle(el).color)), bg = lum(background(el));
  const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  if (ratio < 4.5) worst.push([el.tagName + "." + el.className, ratio]);
}
return worst;
"""

TEXT = "h1, h2, h3, p, a, li, dt, dd, td, th button, label, select, .seg, .badge, .muted, .count, .null, code, .quote, time"


def test_explorer_text_contrast_passes_wcag_aa(browser):
    """Every visible text element in every view has a contrast of at least 4.5:1."""
    evidence = rows("evidence")[0]
    views = ["", f"article/{evidence['source_id']}/{evidence['char_start']}-{evidence['char_end']}",
             "timeline", f"{evidence['record_table']}/{quote(evidence['record_id'], safe='')}"]
    views += table_names()
    for fragment in views:
        open_page(browser, fragment)
        assert browser.execute_script(CONTRAST, TEXT) == [], fragment


def test_explorer_an_evidence_link_highlights_its_words_in_the_article(browser):
    text = texts()
    for evidence in rows("evidence")[:8]:
        open_page(browser, f"{evidence['record_table']}/{quote(evidence['record_id'], safe='')}")
        link = browser.find_element(
            By.CSS_SELECTOR,
            f".evidence-link[data-start='{evidence['char_start']}'][data-end='{evidence['char_end']}']",
        )
        link.click()
        WebDriverWait(browser, 10).until(lambda d: visible(d, "article"))
        current = browser.find_elements(By.CSS_SELECTOR, "#article-text .seg.current")
        shown = "".join(s.get_attribute("textContent") for s in current)
        assert shown == text[evidence["source_id"]][evidence["char_start"]:evidence["char_end"]]
        in_view = browser.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return r.top >= 0 && r.bottom <= window.innerHeight",
            current[0],
        )
        assert in_view
        assert browser.switch_to.active_element == current[0]


def test_explorer_a_malformed_fragment_falls_back_to_the_article(browser):
    open_page(browser, "no-such-view/%E0%A4%A")
    assert visible(browser, "article")
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_explorer_a_url_fragment_opens_its_record(browser):
    for table in ("events", "entities", "claims", "statements"):
        for row in rows(table)[:3]:
            open_page(browser, f"{table}/{quote(row['id'], safe='')}")
            assert visible(browser, "record")
            assert record_shown(browser) == (table, row["id"])
            fields = browser.find_element(By.CSS_SELECTOR, "#record-body dl.fields").text
            assert row["id"] in fields


def test_explorer_records_link_their_participants_and_an_entity_its_events(browser):
    participants = rows("event_participants")
    assert participants
    link = participants[0]
    open_page(browser, f"events/{quote(link['event_id'], safe='')}")
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#record-body a")]
    assert any(h.endswith(f"#entities/{quote(link['entity_id'], safe='')}") for h in hrefs)
    open_page(browser, f"entities/{quote(link['entity_id'], safe='')}")
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#record-body a")]
    for p in participants:
        if p["entity_id"] == link["entity_id"]:
            assert any(h.endswith(f"#events/{quote(p['event_id'], safe='')}") for h in hrefs)
    for r in rows("relations"):
        if link["entity_id"] in (r["subject_id"], r["object_id"]):
            assert any(h.endswith(f"#relations/{quote(r['id'], safe='')}") for h in hrefs)


def test_explorer_the_text_filter_narrows_a_table(browser):
    entities = rows("entities")
    name = entities[0]["name"]
    matching = [
        e for e in entities
        if any(name.lower() in str(v).lower() for v in e.values() if v is not None)
    ]
    open_page(browser, "entities")
    box = browser.find_element(By.ID, "table-filter")
    box.send_keys(name)
    show_all(browser)
    shown = [r for r in browser.find_elements(By.CSS_SELECTOR, "#table-grid tbody tr") if r.is_displayed()]
    assert 0 < len(shown) < len(entities)
    assert len(shown) >= len(matching)
    for row in shown:
        assert name.lower() in row.text.lower()
    box.clear()
    box.send_keys(" ")  # a blank filter shows every row again
    show_all(browser)
    shown = [r for r in browser.find_elements(By.CSS_SELECTOR, "#table-grid tbody tr") if r.is_displayed()]
    assert len(shown) == len(entities)


def test_explorer_a_column_header_sorts_the_table(browser):
    """The first click sorts ascending (numbers within names in order: ev2 before ev10), the
    second descending; every row stays."""
    events = rows("events")
    open_page(browser, "events")
    header = browser.find_element(By.CSS_SELECTOR, "#table-grid th[data-column='id'] button")
    in_order = (
        "const keys = Array.from(document.querySelectorAll('#table-grid tbody tr'), r => r.dataset.key);"
        "const c = new Intl.Collator('en', {numeric: true});"
        "return [keys, keys.every((k, i) => i === 0 || c.compare(keys[i - 1], k) * arguments[0] <= 0)]"
    )
    for direction, sign in (("ascending", 1), ("descending", -1)):
        header.click()
        show_all(browser)
        keys, ordered = browser.execute_script(in_order, sign)
        assert ordered, direction
        assert sorted(keys) == sorted(e["id"] for e in events)
        th = browser.find_element(By.CSS_SELECTOR, "#table-grid th[data-column='id']")
        assert th.get_attribute("aria-sort") == direction


def test_explorer_hovering_a_span_lists_the_records_it_supports(browser):
    open_page(browser)
    segments = browser.find_elements(By.CSS_SELECTOR, ".seg")
    segment = max(segments[:300], key=lambda s: len(s.get_attribute("data-records").split(" ")))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", segment)
    webdriver.ActionChains(browser).move_to_element(segment).perform()
    panel = browser.find_element(By.ID, "span-info-body")
    hrefs = {a.get_attribute("href").split("#", 1)[1] for a in panel.find_elements(By.TAG_NAME, "a")}
    for record in segment.get_attribute("data-records").split(" "):
        table, key = record.split("/", 1)
        assert f"{table}/{quote(key, safe='')}" in hrefs


def test_explorer_the_timeline_orders_dated_events_and_filters_them(browser):
    dated = sorted((e for e in rows("events") if e["date"]), key=lambda e: (e["date"], e["id"]))
    open_page(browser, "timeline")
    items = browser.find_elements(By.CSS_SELECTOR, "#timeline-list li")
    assert [i.get_attribute("data-key") for i in items] == [e["id"] for e in dated]
    badges = [i.find_element(By.CSS_SELECTOR, ".badge").text for i in items]
    assert badges == [e["date_precision"] for e in dated]
    status = dated[0]["status"]
    browser.find_element(By.ID, "timeline-status").send_keys(status.replace("_", " "))
    items = browser.find_elements(By.CSS_SELECTOR, "#timeline-list li")
    assert [i.get_attribute("data-key") for i in items] == [e["id"] for e in dated if e["status"] == status]


def test_explorer_screenshots(browser, tmp_path):
    folder = Path(os.environ.get("EXPLORER_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1280, 1000)
    open_page(browser)
    # The passage of the first screen that supports the most records.
    segment = browser.execute_script(
        "const on = Array.from(document.querySelectorAll('.seg'))"
        ".filter(s => s.getBoundingClientRect().bottom < innerHeight - 40);"
        "return on.reduce((a, s) => s.dataset.records.split(' ').length > a.dataset.records.split(' ').length ? s : a, on[0])"
    )
    webdriver.ActionChains(browser).move_to_element(segment).perform()
    assert browser.save_screenshot(str(folder / "explorer-article.png"))
    browser.set_window_size(1280, 1500)
    visit = next(
        (e for e in rows("events") if e["kind"] == "state_visit"), rows("events")[0]
    )
    open_page(browser, f"events/{quote(visit['id'], safe='')}")
    assert browser.save_screenshot(str(folder / "explorer-record.png"))
    browser.set_window_size(1280, 900)
    for name in ("explorer-article.png", "explorer-record.png"):
        assert (folder / name).stat().st_size > 10_000


def test_explorer_offsets_count_code_points_beyond_the_bmp(browser, tmp_path):
    """The page, fed the same data with characters outside the BMP (two UTF-16 units each, one
    code point) put before and inside the article, still cuts every span at its words."""
    html = PAGE.read_text(encoding="utf-8")
    start = html.index('<script type="application/json" id="dataset">')
    start = html.index(">", start) + 1
    end = html.index("</script>", start)
    data = json.loads(html[start:end])
    # Where each text gets an astral character, last first: at its start, a third and a half in.
    at = {source: sorted({0, len(text) // 3, len(text) // 2}, reverse=True) for source, text in data["texts"].items()}
    for source, places in at.items():
        for p in places:
            text = data["texts"][source]
            data["texts"][source] = text[:p] + "\U0001d538" + text[p:]
    for table in data["tables"]:
        names = [c["name"] for c in table["columns"]]
        if "char_start" not in names:
            continue
        s, e, src = names.index("char_start"), names.index("char_end"), names.index("source_id")
        for row in table["rows"]:
            if row[s] is None or row[src] not in at:
                continue
            for p in at[row[src]]:  # offsets at or past p move one code point on
                row[s] += row[s] >= p
                row[e] += row[e] >= p
    page = tmp_path / "explorer.html"
    blob = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    page.write_text(html[:start] + blob + html[end:], encoding="utf-8")
    browser.get("about:blank")
    browser.get(page.as_uri())
    WebDriverWait(browser, 30).until(
        lambda d: d.execute_script("return document.documentElement.dataset.ready === 'true'")
    )
    pieces = browser.execute_script(
        "return Array.from(document.querySelectorAll('.seg')).map(s => "
        "[s.closest('.article-body').dataset.source, +s.dataset.start, +s.dataset.end, s.textContent])"
    )
    assert pieces
    for source, a, b, shown in pieces:
        assert data["texts"][source][a:b] == shown
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_the_header_names_the_dataset_its_version_licence_and_citation(browser):
    meta = json.loads((ROOT / "seeds" / "dataset.json").read_text(encoding="utf-8"))
    open_page(browser)
    assert meta["title"] in browser.title
    assert browser.find_element(By.ID, "title").text == meta["title"]
    assert browser.find_element(By.ID, "dataset-name").text == meta["name"]
    assert browser.find_element(By.ID, "dataset-version").text == meta["version"]
    license_link = browser.find_element(By.ID, "dataset-license")
    assert license_link.text == meta["license"]["id"]
    assert license_link.get_attribute("href") == meta["license"]["url"]
    cite = browser.find_element(By.ID, "cite").text
    assert meta["title"] in cite and f"version {meta['version']}" in cite
