"""The WARC reader: CC-NEWS style archives in, one article per HTML response, with provenance."""

from __future__ import annotations

import gzip
import io
from datetime import date
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.errors import BadInput
from tidings.model import RawArticle
from tidings.run import ingest
from tidings.sources import compressed, read_paths, reader_for
from tidings.sources.manifest import Manifest
from tidings.sources.warc import CRAWL_TIME, read_warc
from tidings.store import Store

CRAWLED = "2021-02-14T06:12:40Z"


def news_page(n: int, dated: bool = True) -> bytes:
    """A small news page; `dated` pages state their publication day in a meta tag."""
    meta = f'<meta property="article:published_time" content="2021-02-0{n}T18:00:00-05:00">' if dated else ""
    return f"""<!doctype html><html lang="en"><head><title>Harbour story {n}</title>{meta}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Harbour story {n}</h1>
<p>Dock workers in port number {n} walked off the job on Monday, demanding a pay rise of six percent.</p>
<p>The port authority said talks with the union would resume on Wednesday morning in the city.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>""".encode()


def write_cc_news_warc(path: Path, pages: list[bytes], gzipped: bool = True) -> list[str]:
    """A WARC as CC-NEWS writes it: warcinfo, then per page a request, an HTTP response and a
    metadata record (plus one image response, which is not news); returns the response record ids."""
    ids = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        info = {"software": "tidings-tests", "isPartOf": "CC-NEWS"}
        writer.write_record(writer.create_warcinfo_record(path.name, info))
        for n, page in enumerate(pages, 1):
            url = f"https://harbourtimes.example/2021/02/story-{n}"
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(
                b"GET / HTTP/1.1\r\nHost: harbourtimes.example\r\n\r\n")))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=UTF-8")], protocol="HTTP/1.1")
            response = writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=http,
                                                 warc_headers_dict={"WARC-Date": CRAWLED})
            ids.append(response.rec_headers.get_header("WARC-Record-ID"))
            writer.write_record(response)
            writer.write_record(writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 118\r\n"),
                                                          warc_content_type="application/warc-fields"))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
        jpeg = io.BytesIO(b"\xff\xd8\xff\xe0" + bytes(300))
        writer.write_record(writer.create_warc_record("https://harbourtimes.example/logo.jpg", "response",
                                                      payload=jpeg, http_headers=image))
    return ids


def read(path: Path) -> list[RawArticle | BadInput]:
    return list(read_warc(path, Manifest()))


def articles(items) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def errors(items) -> list[BadInput]:
    return [i for i in items if isinstance(i, BadInput)]


@pytest.fixture
def sample(tmp_path) -> tuple[Path, list[str]]:
    path = tmp_path / "CC-NEWS-20210214061240-00001.warc.gz"
    return path, write_cc_news_warc(path, [news_page(1), news_page(2), news_page(3, dated=False)])


def test_warc_suffixes_are_registered():
    assert reader_for(Path("a.warc.gz")) is read_warc and reader_for(Path("a.WARC")) is read_warc


def test_warc_each_html_response_is_one_article_and_other_records_are_skipped(sample):
    path, ids = sample
    items = read(path)
    assert errors(items) == []
    assert [a.provenance["warc_record_id"] for a in items] == ids
    assert [a.url for a in items] == [f"https://harbourtimes.example/2021/02/story-{n}" for n in (1, 2, 3)]
    first = items[0]
    assert first.title == "Harbour story 1"
    assert first.body.startswith("Dock workers in port number 1 walked off the job")
    assert "newsletter" not in first.body and "Home" not in first.body


def test_warc_provenance_offset_and_length_fetch_the_record_again(sample):
    """source_path and provenance say where the record is: reading just those bytes gives it back,
    as a ranged request against Common Crawl's copy would."""
    path, ids = sample
    data = path.read_bytes()
    for article, record_id in zip(read(path), ids, strict=True):
        offset, length = article.provenance["warc_offset"], article.provenance["warc_length"]
        assert article.source_path == f"{path.name}#{offset}"
        record = next(iter(ArchiveIterator(io.BytesIO(data[offset:offset + length]))))
        assert record.rec_headers.get_header("WARC-Record-ID") == record_id
        assert record.rec_headers.get_header("WARC-Target-URI") == article.url


def test_warc_plain_file_offsets_are_file_offsets(tmp_path):
    path = tmp_path / "plain.warc"
    ids = write_cc_news_warc(path, [news_page(1), news_page(2)], gzipped=False)
    items = read(path)
    assert [a.provenance["warc_record_id"] for a in items] == ids
    data = path.read_bytes()
    for article in items:
        assert data[article.provenance["warc_offset"]:].startswith(b"WARC/1.")


def test_warc_publication_day_comes_from_the_page_and_crawl_time_is_a_marked_fallback(sample):
    """WARC-Date is when CC-NEWS fetched the page (here 2021-02-14), not when it appeared."""
    dated, _, undated = read(sample[0])
    assert dated.published == date(2021, 2, 1)  # as written, in the publisher's time zone
    assert dated.provenance["published_from"] == "markup"
    assert dated.provenance["warc_date"] == CRAWLED
    assert undated.published == date(2021, 2, 14)
    assert undated.provenance["published_from"] == CRAWL_TIME


def test_warc_truncated_gzip_keeps_every_whole_record_and_reports_once(sample):
    path, ids = sample
    data = path.read_bytes()
    last = read(path)[-1].provenance["warc_offset"]
    path.write_bytes(data[: last + 200])  # cut inside the third page's record
    items = read(path)
    assert [a.provenance["warc_record_id"] for a in articles(items)] == ids[:2]
    [error] = errors(items)
    assert error.where == f"{path}#{last}" and "truncated" in error.reason


def test_warc_damaged_member_is_one_error_and_later_records_are_read(sample):
    path, ids = sample
    second = read(path)[1].provenance["warc_offset"]
    data = bytearray(path.read_bytes())
    data[second + 40: second + 60] = b"\x00" * 20  # inside the compressed bytes of the second page
    path.write_bytes(bytes(data))
    items = read(path)
    assert [a.provenance["warc_record_id"] for a in articles(items)] == [ids[0], ids[2]]
    [error] = errors(items)
    assert error.where == f"{path}#{second}" and "gzip" in error.reason


def test_warc_broken_record_header_in_plain_file_is_skipped(tmp_path):
    path = tmp_path / "broken.warc"
    ids = write_cc_news_warc(path, [news_page(1), news_page(2), news_page(4)], gzipped=False)
    data = path.read_bytes()
    second = [a.provenance["warc_offset"] for a in read(path)][1]
    path.write_bytes(data[:second] + b"WARC/1.1\r\nthis is no header\r\n\x01\x02\r\n\r\n" + data[second + 60:])
    items = read(path)
    assert [a.provenance["warc_record_id"] for a in articles(items)] == [ids[0], ids[2]]
    [error] = errors(items)
    assert error.where == f"{path}#{second}" and "broken WARC record" in error.reason
    assert error.reason.isprintable()


def test_warc_page_with_no_article_is_one_error(tmp_path):
    path = tmp_path / "menu.warc.gz"
    write_cc_news_warc(path, [b"<html><body><a href='/'>Home</a> <a href='/a'>Accept</a></body></html>", news_page(2)])
    items = read(path)
    assert len(articles(items)) == 1
    [error] = errors(items)
    assert "no article text" in error.reason and "menu.warc.gz#" in error.where


def test_warc_gzip_bomb_is_refused_with_one_error(tmp_path):
    """A record claiming 200 MB of HTML, stored as 200 KB of gzip: stopped at the cap, not read."""
    path = tmp_path / "bomb.warc.gz"
    header = (b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
              b"Content-Type: text/plain\r\nContent-Length: 209715200\r\n\r\n")
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(header)
        chunk = bytes(1024 * 1024)
        for _ in range(200):
            out.write(chunk)
    [error] = read(path)
    assert isinstance(error, BadInput) and "decompression bomb" in error.reason


def test_warc_cap_scales_with_the_compressed_size(monkeypatch, sample):
    monkeypatch.setattr(compressed, "MIN_DECOMPRESSED_CAP", 0)
    monkeypatch.setattr(compressed, "MAX_EXPANSION", 1)
    items = read(sample[0])
    assert "decompression bomb" in errors(items)[-1].reason


def test_warc_ingest_stores_provenance(sample, db):
    path, ids = sample
    store = Store.open(db)
    report = ingest([path], store)
    assert (report.stored, report.errors) == (3, [])
    stored = {a.provenance["warc_record_id"]: a for a in store.articles()}
    assert stored.keys() == set(ids)
    assert {a.url for a in stored.values()} == {f"https://harbourtimes.example/2021/02/story-{n}" for n in (1, 2, 3)}
    assert all(a.provenance["warc_length"] > 0 for a in stored.values())


def test_warc_in_a_folder_is_read_with_other_inputs(sample, tmp_path):
    path, _ = sample
    (tmp_path / "notes.md").write_text("not news")
    items = list(read_paths([tmp_path]))
    assert len(articles(items)) == 3 and errors(items) == []


def test_warc_compression_is_recognised_by_content_not_name(sample, tmp_path):
    path, ids = sample
    misnamed = tmp_path / "misnamed.warc"
    misnamed.write_bytes(path.read_bytes())
    assert [a.provenance["warc_record_id"] for a in read(misnamed)] == ids


def test_warc_manifest_date_comes_before_crawl_time(sample):
    path, _ = sample
    manifest = Manifest(entries={path.name: {"published": date(2021, 2, 10)}})
    dated, _, undated = read_warc(path, manifest)
    assert dated.published == date(2021, 2, 1)  # the page's own date still wins
    assert (undated.published, undated.provenance["published_from"]) == (date(2021, 2, 10), "manifest")
