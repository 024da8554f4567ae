"""The web UI in a real browser (Debian's chromium driven by Playwright) against `tidings serve`
on a loopback port over the seed database: the analyst's path from the events list to the evidence.
Screenshots of each page land in build/screenshots/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

from tidings.run import ingest
from tidings.sources import load_manifest
from tidings.store import Store

pytestmark = pytest.mark.model
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

#: An article written to attack the page: tags, inline handlers and javascript: links must all
#: show as text, and none of them may run.
HOSTILE = ("Protest <script>document.title='pwned'</script> in Nairobi\n\n"
           "NAIROBI - Thousands of people protested in Nairobi on Monday against new taxes, police said. "
           "<img src=x onerror=\"document.title='pwned'\"> Read more "
           "<a href=\"javascript:document.title='pwned'\">here</a> or javascript:alert(1).\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """`tidings serve` over the seeds plus the hostile article, on a free loopback port: its base
    URL and the hostile article's id."""
    folder = tmp_path_factory.mktemp("web")
    shutil.copytree(SEEDS / "articles", folder / "articles")
    (folder / "articles" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    manifest = folder / "manifest.jsonl"
    manifest.write_text((SEEDS / "manifest.jsonl").read_text(encoding="utf-8")
                        + '{"file": "hostile.txt", "published": "2024-03-04", "source": "Hostile <b>Wire</b>", '
                          '"url": "javascript:document.title=\'pwned\'"}\n', encoding="utf-8")
    db = f"sqlite:///{folder / 'tidings.db'}"
    store = Store.open(db)
    report = ingest([folder / "articles"], store, load_manifest(manifest))
    assert report.stored == 3, report.errors
    (hostile,) = [a.article_id for a in store.articles() if a.source_path == "hostile.txt"]
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tidings", "serve", "--db", db, "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "TIDINGS_INGEST_TOKEN": ""})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base, hostile
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            assert process.stdout is not None  # started with stdout=PIPE
            raise RuntimeError(f"tidings serve exited: {process.stdout.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(base + "/api/stories", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("tidings serve did not answer in time")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM} (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server[0])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    yield page
    context.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_web_analyst_path_from_events_to_evidence(page):
    page.goto("/events")
    assert page.locator("svg.timeline rect.bar").count() > 0
    shot(page, "events")

    page.get_by_label("Actor").fill("Khamenei")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 2
    assert "Ali Khamenei" in page.locator("p.note").inner_text()
    shot(page, "events-khamenei")

    rows.filter(has_text="2015-11-23").get_by_role("link", name="CONSULT").click()
    page.wait_for_url("**/events/*")
    reports = page.locator("li.report")
    assert reports.count() >= 2
    sources = " ".join(reports.locator(".source").all_inner_texts())
    assert "Kashmir Observer" in sources and "Tasnim News Agency" in sources
    assert page.locator("ol.history li").first.inner_text().startswith("planned")
    assert page.locator("ol.history li").last.inner_text().startswith("occurred")
    triggers = reports.locator("mark.trigger").all_inner_texts()
    assert "met" in triggers and "meet" in [t.lower() for t in triggers]
    shot(page, "event")

    tasnim = reports.filter(has_text="Tasnim News Agency").first
    tasnim.locator("h3 a").click()
    page.wait_for_url("**/articles/*")
    assert page.locator("#article-text a.trigger").count() > 0
    assert page.locator("#article-text a.entity").count() > 0
    assert "met" in page.locator("#article-text a.trigger").all_inner_texts()
    shot(page, "article")

    page.locator("#article-text a.entity", has_text="Khamenei").first.click()
    page.wait_for_url("**/actors/*")
    assert page.locator("h1").inner_text() == "Ali Khamenei"
    assert page.locator("svg.network a").count() >= 1
    assert page.locator("svg.roles-chart rect.role").count() >= 1
    shot(page, "actor")

    page.get_by_role("link", name="Map").click()
    page.wait_for_url("**/map")
    assert page.locator("svg.map circle.city").count() >= 3
    assert page.locator("svg.map circle.area").count() >= 1  # countries are not drawn as cities
    country_level = page.locator("tbody tr", has_text="country-level").locator("td:first-child").all_inner_texts()
    city_titles = page.locator("svg.map circle.city title").all_text_contents()
    assert "Russia" in country_level and not any(t.split(",")[0] in country_level for t in city_titles)
    shot(page, "map")
    assert page.errors == []


def test_web_hostile_article_shows_as_text_and_runs_nothing(page, server):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"/articles/{server[1]}")
    text = page.locator("#article-text").inner_text()
    assert "<script>document.title='pwned'</script>" in text
    assert "<img src=x onerror=" in text
    assert page.locator("h1").inner_text().startswith("Protest <script>")
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("#article-text img, #article-text script").count() == 0
    assert "javascript:document.title" in page.locator(".unsafe-url").inner_text()
    assert "Hostile <b>Wire</b>" in page.locator("dl.facts").inner_text()
    page.locator("a.skip").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.title() != "pwned" and dialogs == [] and page.errors == []
    shot(page, "hostile-article")


def test_web_keyboard_reaches_the_filters_and_skip_link(page):
    page.goto("/events")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator("label[for=f-actor]").count() == 1  # every field has a label
    unlabelled = page.evaluate("""[...document.querySelectorAll('input, select')]
        .filter(e => e.type !== 'hidden' && !e.labels.length && !e.getAttribute('aria-label')).length""")
    assert unlabelled == 0
    assert page.locator("svg[role=img] > title").count() >= 1


def test_web_bad_filters_are_shown_not_crashed(page):
    response = page.goto("/events?from=someday&country=XX&type=NOPE")
    assert response.status == 400
    assert page.locator("#err-from").inner_text().startswith("Use a date")
    assert page.locator("#f-from").get_attribute("aria-invalid") == "true"
    assert page.goto("/events/does-not-exist").status == 404


# Facets, the JSON twin and downloads (issue 15) ---------------------------------------------------

def test_web_facets_count_the_list_and_each_link_adds_its_filter(page):
    page.goto("/events")
    facets = page.locator("aside.facets")
    assert facets.locator("section.facet").count() == 8
    total = int(page.locator("table.events caption").inner_text().split(",")[1].split()[0])
    type_counts = [int(c.replace(",", "")) for c in facets.locator("[data-facet=type] .count").all_inner_texts()]
    assert sum(type_counts) == total
    shot(page, "events-facets")

    consult = facets.locator("[data-facet=type] li", has_text="CONSULT")
    expected = int(consult.locator(".count").inner_text())
    consult.get_by_role("link").click()
    page.wait_for_url("**/events?type=CONSULT")
    rows = page.locator("table.events tbody tr")
    assert rows.count() == expected and all(t.startswith("CONSULT") for t in
                                            rows.locator("td:first-child a").all_inner_texts())
    assert page.locator("[data-facet=type] li.selected").inner_text().startswith("CONSULT")
    year = page.locator("[data-facet=year] li").first
    year_count, year_value = int(year.locator(".count").inner_text()), year.locator("a").inner_text()
    year.get_by_role("link").click()
    page.wait_for_url(f"**/events?type=CONSULT&year={year_value}")
    assert page.locator("table.events tbody tr").count() == year_count
    shot(page, "events-facets-selected")
    page.locator("[data-facet=type] li.selected a").click()  # a selected value's link removes it
    page.wait_for_url(f"**/events?year={year_value}")
    assert page.errors == []


TWIN_FILTERS = [
    "", "actor=Ali+Khamenei", "actor=Q57336&type=consult", "type=CONSULT&status=occurred", "country=irn",
    "place=tehran&sort=date", "q=meet", "from=2015-01-01&to=2015-12-31", "sort=-mentions&limit=3",
    "status=PLANNED&sort=id",
]


@pytest.mark.parametrize("filters", TWIN_FILTERS)
def test_web_json_twin_gives_the_rows_of_the_page(page, filters):
    page.goto(f"/events?{filters}")
    shown = page.locator("table.events tbody tr[data-event-id]").evaluate_all(
        "rows => rows.map(r => r.dataset.eventId)")
    api_link = page.locator("p.api-link a")
    assert api_link.get_attribute("href") == f"/api/events{'?' + filters if filters else ''}"
    served = page.request.get(api_link.get_attribute("href")).json()
    assert shown == [e["event_id"] for e in served["items"]]
    assert int(page.locator("table.events caption").inner_text().split(",")[1].split()[0]) == served["total"]
    if filters == "actor=Ali+Khamenei":
        shot(page, "events-json-twin")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson"])
def test_web_downloads_are_the_filtered_list(page, fmt):
    import csv
    import json

    page.goto("/events?actor=Ali+Khamenei&sort=date")
    listed = page.request.get("/api/events?actor=Ali+Khamenei&sort=date&limit=500").json()["items"]
    with page.expect_download() as download:
        page.locator("p.downloads a", has_text={"csv": "CSV", "jsonl": "JSONL", "geojson": "GeoJSON"}[fmt]).click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename == f"events.{fmt}"
    if fmt == "csv":
        ids = [r["event_id"] for r in csv.DictReader(saved.splitlines())]
    elif fmt == "jsonl":
        ids = [json.loads(line)["event_id"] for line in saved.splitlines()]
    else:
        ids = [f["id"] for f in json.loads(saved)["features"]]
        listed = [e for e in listed if e["location"] and e["location"]["lat"] is not None]
    assert ids == [e["event_id"] for e in listed] and ids
    if fmt == "csv":
        page.locator("p.downloads").scroll_into_view_if_needed()
        shot(page, "events-downloads")


def test_web_api_docs_page_needs_no_network(page, server):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto("/docs")
    assert page.locator("section.endpoint").count() >= 12
    assert page.locator("#get-api-events-facets").count() == 1
    assert page.locator("#schema-EventPage li").count() > 3
    assert all(url.startswith(server[0]) for url in requested), requested
    shot(page, "api-docs")
