"""Server hardening: escaping of article content, security headers, host checks, no CDN pages, and
static files that stay inside their folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tidings.api import SECURITY_HEADERS, ApiSettings, create_app, loopback_hosts
from tidings.run import ingest
from tidings.sources import load_manifest
from tidings.store import Store
from tidings.web import environment
from tidings.web.text import highlight_segments, safe_link

TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "tidings" / "web" / "templates"
HOSTILE_TITLE = "Riot <script>alert('title')</script> in Lima"
HOSTILE_BODY = ("Police clashed with protesters in Lima on Monday, officials said. <script>alert(1)</script> "
                "<a href=\"javascript:alert(2)\">more</a> <img src=x onerror=alert(3)>")


def empty_database(folder: Path) -> Path:
    """The server opens an existing database only (read-only): make an empty one."""
    Store.open(folder / "t.db").close()
    return folder / "t.db"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, str]:
    folder = tmp_path_factory.mktemp("security")
    (folder / "a.txt").write_text(f"{HOSTILE_TITLE}\n\n{HOSTILE_BODY}\n", encoding="utf-8")
    (folder / "manifest.jsonl").write_text('{"file": "a.txt", "published": "2024-01-08", "source": "<i>Src</i>", '
                                           '"url": "javascript:alert(4)"}\n', encoding="utf-8")
    store = Store.open(f"sqlite:///{folder / 'tidings.db'}")
    report = ingest([folder / "a.txt"], store, load_manifest(folder / "manifest.jsonl"))
    assert report.stored == 1, report.errors
    (article,) = store.articles()
    return TestClient(create_app(store)), article.article_id


@pytest.mark.model
def test_security_article_page_escapes_everything(hostile):
    client, article_id = hostile
    html = client.get(f"/articles/{article_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in html and "<img" not in html
    assert not re.search(r"""href=["']?\s*javascript:""", html, re.I)
    assert "&lt;i&gt;Src&lt;/i&gt;" in html


@pytest.mark.model
def test_security_event_and_list_pages_escape_sentences(hostile):
    client, article_id = hostile
    mentions = client.get(f"/api/articles/{article_id}").json()["event_mentions"]
    event_ids = {m["event_id"] for m in mentions if m["event_id"]}
    urls = ["/events", "/events?q=%3Cscript%3Ealert(9)%3C/script%3E", "/events?actor=%3Cscript%3Ealert(9)",
            "/actors?q=%3Cscript%3Ealert(9)", "/map?place=%3Cimg%20src=x%3E",
            *(f"/events/{e}" for e in event_ids)]
    for url in urls:
        html = client.get(url).text
        assert "<script>alert" not in html and "<img" not in html, url


@pytest.mark.parametrize("url", ["/events", "/api/events", "/static/style.css", "/nowhere", "/api/nowhere"])
def test_security_headers_on_every_response(tmp_path, url):
    client = TestClient(create_app(empty_database(tmp_path)))
    response = client.get(url)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_security_host_header_checked_on_loopback(tmp_path):
    app = create_app(empty_database(tmp_path), ApiSettings(allowed_hosts=loopback_hosts("127.0.0.1")))
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/api/events").status_code == 200
    assert TestClient(app, base_url="http://localhost:8000").get("/api/events").status_code == 200
    assert TestClient(app, base_url="http://attacker.example").get("/api/events").status_code == 400
    assert loopback_hosts("0.0.0.0") is None


def test_security_no_pages_that_load_from_a_cdn(tmp_path):
    client = TestClient(create_app(empty_database(tmp_path)))
    assert client.get("/redoc").status_code == 404  # /docs is drawn here, offline (web.docs_page)
    for html in (client.get("/events").text, client.get("/map").text, client.get("/docs").text):
        assert not re.search(r"""(src|href)=["']https?://""", html)


@pytest.mark.parametrize("path", ["/static/../api.py", "/static/%2e%2e/api.py", "/static/..%2fapi.py"])
def test_security_static_files_stay_in_their_folder(tmp_path, path):
    response = TestClient(create_app(empty_database(tmp_path))).get(path)
    assert response.status_code == 404 and "ApiSettings" not in response.text


def test_security_templates_never_turn_escaping_off():
    assert environment.autoescape is True
    for template in TEMPLATES.glob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert "|safe" not in source.replace(" ", "") and "autoescape false" not in source, template.name


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a", "https://example.org/a"), ("http://example.org", "http://example.org"),
    ("javascript:alert(1)", None), (" JavaScript:alert(1)", None), ("data:text/html,<b>x</b>", None),
    ("//evil.example/x", None), ("example.org/a", None), ("", None), (None, None), ("http://[bad", None),
])
def test_security_only_web_addresses_become_links(url, expected):
    assert safe_link(url) == expected


def test_security_highlights_are_text_segments_cut_at_offsets():
    text = "<b>Putin</b> met Khamenei."
    segments = highlight_segments(text, [{"start": 3, "end": 8}, {"start": 17, "end": 25}], [{"start": 13, "end": 16}])
    assert "".join(s["text"] for s in segments) == text
    assert [s["text"] for s in segments if s["entity"]] == ["Putin", "Khamenei"]
    assert [s["text"] for s in segments if s["event"]] == ["met"]
    spans_out_of_range = highlight_segments("short", [{"start": 3, "end": 99}], [{"start": -1, "end": 2}])
    assert [s["text"] for s in spans_out_of_range] == ["short"]
