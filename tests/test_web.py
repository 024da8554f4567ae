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
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from sqlalchemy import insert

from tidings.run import ingest
from tidings.sources import load_manifest
from tidings.store import Store, events, fill_event_summaries

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
    add_timeline_and_map_events(store)
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


def place(name: str, lat: float, lon: float, kind: str = "city", country: str = "IRN") -> dict:
    return {"name": name, "country": country, "lat": lat, "lon": lon, "kind": kind, "basis": "text"}


#: A place name that tries to end the map's data block and run a script: it must stay text.
HOSTILE_PLACE = "</script><script>document.title='pwned'</script><img src=x onerror=alert(1)>"

#: Events added beside the seeds for the timeline and the map: one dated 0001 (a bad parse must
#: not stretch the axis), one dated only "2017" (a range, not a spike in January), and a few Iranian
#: cities close together (clustered at world zoom) and Iran as a whole country (a shaded polygon).
EXTRA_EVENTS = [
    ("viz-outlier", "OTHER", date(1, 1, 1), date(1, 1, 1), "day", None),
    ("viz-year", "ASSAULT", date(2017, 1, 1), date(2017, 12, 31), "year", place("Karaj", 35.84, 50.97)),
    ("viz-qom", "PROTEST", date(2016, 5, 10), date(2016, 5, 10), "day", place("Qom", 34.64, 50.88)),
    ("viz-kashan", "PROTEST", date(2016, 6, 1), date(2016, 6, 1), "day", place("Kashan", 33.98, 51.43)),
    ("viz-iran", "PROTEST", date(2016, 7, 1), date(2016, 7, 1), "day", place("Iran", 32.0, 53.0, "country")),
    ("viz-isfahan", "AID", date(2017, 4, 3), date(2017, 4, 3), "day", place("Isfahan Province", 32.7, 51.7, "region")),
    ("viz-hostile", "OTHER", date(2019, 2, 1), date(2019, 2, 1), "day",
     place(HOSTILE_PLACE, -1.28, 36.82, country="KEN")),
]


def add_timeline_and_map_events(store: Store) -> None:
    rows: list[dict[str, object]] = [
        {"event_id": event_id, "type": type, "status": "occurred", "date_start": start, "date_end": end,
         "date_precision": precision, "date_basis": "text", "location": location, "source_actors": [],
         "target_actors": [], "merged_ids": [], "confidence": 1.0, "num_articles": 1, "num_sources": 1}
        for event_id, type, start, end, precision, location in EXTRA_EVENTS]
    with store.engine.begin() as conn:
        conn.execute(insert(events), rows)
        fill_event_summaries(conn)  # what ingest keeps with each event


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


def shot_of(locator, name: str) -> None:
    """A screenshot of one part of the page (a chart on a long page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_web_analyst_path_from_events_to_evidence(page):
    page.goto("/events")
    assert page.locator("svg.timeline rect.bar").count() > 0
    shot(page, "events")

    page.get_by_label("Actor").fill("Khamenei")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.events tbody tr")
    assert rows.count() >= 2  # the 2015 and 2018 meetings
    assert "Ali Khamenei" in page.locator("p.note").inner_text()
    shot(page, "events-khamenei")

    links = rows.filter(has_text="2015-11-23").get_by_role("link", name="CONSULT")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for href in hrefs:  # the event that holds Tasnim's "met"
        page.goto(href)
        if "met" in page.locator("li.report mark.trigger").all_inner_texts():
            break
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
    map_ready(page)
    country_level = page.locator("tbody tr", has_text="country-level").locator("td:first-child").all_inner_texts()
    assert "Russia" in country_level  # drawn as the country's polygon, never as a city point
    assert page.locator("#map path.country.shaded").count() >= 2
    assert page.errors == []


def map_ready(page) -> None:
    page.wait_for_selector("#map[data-ready=true]", timeout=20_000)


def map_zoom(page) -> float:
    return page.evaluate("document.getElementById('map').mapInstance.getZoom()")


def test_web_map_basemap_zoom_clusters_and_filters(page):
    failed: list[str] = []  # the browser's own /favicon.ico aside, every request must succeed
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    blocked: list[str] = []  # Leaflet under the unchanged Content-Security-Policy: no inline script or style refused
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/map")
    map_ready(page)
    assert page.locator("#map path.country").count() > 200  # Natural Earth 1:50m countries
    assert page.locator("#map path.border").count() == 1 and page.locator("#map path.coast").count() == 1
    labels = page.locator("#map .country-label").all_inner_texts()
    assert "Iran" in labels and "Russia" in labels
    assert page.locator("#map path.country.shaded").count() >= 2  # Russia and Iran, known only as countries
    assert page.locator("#map path.area-circle").count() == 1  # a province: no polygon, a circle sized by count
    assert HOSTILE_PLACE in page.locator("table.places").inner_text()  # shown as text, run nowhere
    assert page.title() != "pwned" and page.locator("#map img[src=x], main script:not(#map-data)").count() == 0
    names = page.evaluate("JSON.parse(document.getElementById('map-data').textContent).points.map(p => p.name)")
    assert HOSTILE_PLACE in names  # the data block holds it escaped (\u003c...) and reads back whole
    shot(page, "map")

    page.evaluate("document.getElementById('map').mapInstance.setView([34.9, 51.2], 3, {animate: false})")
    page.wait_for_timeout(300)
    clusters = page.locator("#map .marker-cluster")
    assert clusters.count() >= 1  # Tehran, Qom, Kashan and Karaj are one cluster at this zoom
    near_tehran = sum(int(page.locator("table.places tbody tr", has=page.get_by_role("link", name=name, exact=True))
                          .locator("td.num").inner_text()) for name in ("Tehran", "Qom", "Kashan", "Karaj"))
    assert str(near_tehran) in clusters.all_inner_texts()  # one cluster, labelled with their events, not markers
    shot(page, "map-clustered")
    before, clusters_before = map_zoom(page), clusters.count()
    for _ in range(4):
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(400)
    assert map_zoom(page) == before + 4
    page.wait_for_timeout(800)  # the cluster's spreading animation
    shown = page.locator("#map path.city-point").count() + page.locator("#map .marker-cluster").count()
    assert page.locator("#map path.city-point").count() >= 3 and shown > clusters_before  # it has come apart
    shot(page, "map-zoomed")
    assert all(u.startswith(page.url.split("/map")[0]) for u in requests)  # nothing from another site
    assert failed == [] and blocked == [] and page.errors == []

    total = int(page.locator("#map").get_attribute("data-points"))
    page.goto("/map")
    page.get_by_label("Type").select_option("PROTEST")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/map?*type=PROTEST*")
    map_ready(page)
    protests = int(page.locator("#map").get_attribute("data-points"))
    assert 0 < protests < total
    assert page.locator("table.places tbody tr", has_text="Qom").count() == 1
    assert page.locator("table.places tbody tr", has_text="Tehran").count() == 0
    shot(page, "map-filtered")


def timeline_x(page, day: str) -> float:
    """The page x of the middle of a day on the timeline (the chart's axis is linear in days)."""
    return page.evaluate("""(day) => {
        const svg = document.querySelector('svg.timeline');
        const first = Date.parse(svg.dataset.start), end = Date.parse(svg.dataset.end) + 86400000;
        const units = Number(svg.dataset.width) * (Date.parse(day) + 43200000 - first) / (end - first);
        const ctm = svg.getScreenCTM();
        return ctm.a * units + ctm.e; }""", day)


def test_web_timeline_is_bounded_with_outliers_and_ranges(page):
    page.goto("/events")
    svg = page.locator("svg.timeline")
    assert svg.get_attribute("data-start") >= "2015-01-01"  # not 0001: the outlier does not stretch the axis
    assert page.locator("details.outliers").inner_text().count("0001-01-01") == 1
    ranges = page.locator("svg.timeline rect.range", has=page.locator("title", has_text="2017-01-01 – 2017-12-31"))
    assert ranges.count() == 1
    assert ranges.first.locator("title").text_content().startswith("2017-01-01 – 2017-12-31 (precision year): ")
    # no spike in January 2017 for the events dated only "2017": its bar counts the events dated within it
    january = page.locator("svg.timeline rect.bar title", has_text="2017-01-01 – 2017-01-31").text_content()
    overlapping = page.request.get("/api/events?from=2017-01-01&to=2017-01-31&limit=500").json()["items"]
    within = [e for e in overlapping if e["date"]["start"] >= "2017-01-01" and e["date"]["end"] <= "2017-01-31"]
    assert january.endswith(f": {len(within)} events") and len(within) < len(overlapping)
    range_box, axis_box = ranges.first.bounding_box(), svg.bounding_box()
    assert range_box["width"] > axis_box["width"] / 20  # drawn across its year
    shot_of(page.locator("section.timeline-section"), "timeline")


def brush(page, first: str, last: str) -> None:
    page.locator("svg.timeline").scroll_into_view_if_needed()
    y = page.locator("svg.timeline rect.brush-area").bounding_box()
    top = y["y"] + y["height"] / 2
    page.mouse.move(timeline_x(page, first), top)
    page.mouse.down()
    page.mouse.move((timeline_x(page, first) + timeline_x(page, last)) / 2, top, steps=5)
    page.mouse.move(timeline_x(page, last), top, steps=5)
    page.mouse.up()


def test_web_timeline_brushing_filters_the_list_and_the_map(page):
    page.goto("/map")
    map_ready(page)
    all_points = int(page.locator("#map").get_attribute("data-points"))
    page.goto("/events")
    everything = page.locator("table.events tbody tr").count()
    brush(page, "2016-01-02", "2016-12-30")
    page.wait_for_url("**/events?*to=*")
    params = dict(p.split("=") for p in page.url.split("?")[1].split("&"))
    assert (params["from"], params["to"]) == ("2016-01-02", "2016-12-30")
    timeline = page.locator("svg.timeline")  # the brushed span is now the whole axis, to brush again within
    assert (timeline.get_attribute("data-start"), timeline.get_attribute("data-end")) == ("2016-01-01", "2016-12-31")
    dates = page.locator("table.events tbody tr td:nth-child(3)").all_inner_texts()
    assert 0 < len(dates) < everything
    assert all("2016" in d for d in dates), dates
    assert page.locator("#f-from").input_value() == params["from"]  # the form shows the brushed span
    shot(page, "timeline-brushed")

    page.locator("a.map-link").click()
    page.wait_for_url("**/map?*from=2016-*")
    map_ready(page)
    points = int(page.locator("#map").get_attribute("data-points"))
    assert 0 < points < all_points  # Qom and Kashan; not Tehran's 2015 and 2018 meetings
    assert page.locator("table.places tbody tr", has_text="Tehran").count() == 0
    shot(page, "map-brushed")

    brush(page, "2016-05-01", "2016-05-31")  # brushing the map's own timeline narrows the map
    page.wait_for_url("**/map?*from=2016-05*")
    map_ready(page)
    assert int(page.locator("#map").get_attribute("data-points")) == 1
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
