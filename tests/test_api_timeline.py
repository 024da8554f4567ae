"""The timeline API over hand-made events: an axis bounded to where the data is, outliers listed
apart, imprecise dates as ranges, and the limits of the reliability work kept."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from tidings import query
from tidings.api import create_app
from tidings.store import Store, events, fill_event_summaries


def event_row(event_id: str, start: date, end: date | None = None, precision: str = "day",
              type: str = "CONSULT") -> dict:
    return {"event_id": event_id, "type": type, "status": "occurred", "date_start": start, "date_end": end or start,
            "date_precision": precision, "date_basis": "text", "location": None, "source_actors": [],
            "target_actors": [], "merged_ids": [], "confidence": 1.0, "num_articles": 1, "num_sources": 1}


def client_with(tmp_path: Path, rows: list[dict]) -> TestClient:
    tmp_path.mkdir(exist_ok=True)
    store = Store.open(tmp_path / "t.db")
    if rows:
        with store.engine.begin() as conn:
            conn.execute(insert(events), rows)
            fill_event_summaries(conn)  # what ingest keeps with each event
    return TestClient(create_app(store))


def steady_news(n: int = 40) -> list[dict]:
    """An event every three weeks from March 2015 to about May 2017."""
    return [event_row(f"e{i}", date(2015, 3, 2) + timedelta(weeks=3 * i)) for i in range(n)]


def test_api_timeline_axis_is_bounded_and_outliers_are_listed(tmp_path):
    rows = steady_news() + [event_row("old", date(1, 1, 1)), event_row("far", date(9990, 6, 1)),
                            event_row("war", date(1945, 5, 8))]
    body = client_with(tmp_path, rows).get("/api/timeline").json()
    assert body["bounds"] == {"start": "2015-03-01", "end": body["counts"][-1]["end"]}
    assert body["counts"][-1]["start"].startswith("2017-")
    assert body["complete_axis"] is True and len(body["counts"]) == 27  # Mar 2015 .. May 2017, every month
    assert [(o["start"], o["count"]) for o in body["outliers"]] == [
        ("0001-01-01", 1), ("1945-05-08", 1), ("9990-06-01", 1)]
    assert body["outliers_total"] == 3
    assert sum(c["count"] for c in body["counts"]) + body["ranges_total"] + body["outliers_total"] == len(rows)


def test_api_timeline_imprecise_dates_are_ranges_not_spikes(tmp_path):
    rows = steady_news() + [event_row("y1", date(2016, 1, 1), date(2016, 12, 31), "year"),
                            event_row("y2", date(2016, 1, 1), date(2016, 12, 31), "year"),
                            event_row("m1", date(2016, 3, 1), date(2016, 3, 31), "month")]
    client = client_with(tmp_path, rows)
    months = client.get("/api/timeline").json()
    assert months["ranges"] == [{"start": "2016-01-01", "end": "2016-12-31", "precision": "year", "count": 2}]
    by_month = {c["start"]: c["count"] for c in months["counts"]}
    assert by_month["2016-01-01"] == 1  # the one day-precise event of January, not the two dated "2016"
    assert by_month["2016-03-01"] == 2  # a month-precise date fits its month's bucket
    weeks = client.get("/api/timeline", params={"bucket": "week"}).json()
    assert {(r["precision"], r["count"]) for r in weeks["ranges"]} == {("year", 2), ("month", 1)}


def test_api_timeline_follows_the_filters(tmp_path):
    rows = steady_news() + [event_row("p", date(2016, 6, 1), type="PROTEST"),
                            event_row("p-old", date(1900, 1, 1), type="PROTEST")]
    body = client_with(tmp_path, rows).get("/api/timeline", params={"type": "PROTEST"}).json()
    assert sum(c["count"] for c in body["counts"]) + body["outliers_total"] == 2
    assert client_with(tmp_path / "empty", []).get("/api/timeline").json()["bounds"] is None


def test_api_timeline_a_long_span_of_weeks_lists_non_empty_buckets_only(tmp_path):
    # a corpus that really spans 60 years keeps its whole span (no outliers), so the weekly axis
    # passes MAX_TIMELINE_BUCKETS and lists only the weeks with events
    rows = [event_row(f"y{y}", date(y, 6, 1)) for y in range(1960, 2020)]
    body = client_with(tmp_path, rows).get("/api/timeline", params={"bucket": "week"}).json()
    assert body["outliers_total"] == 0 and body["complete_axis"] is False
    assert len(body["counts"]) == 60 < query.MAX_TIMELINE_BUCKETS


@pytest.mark.parametrize("bucket", ["week", "month"])
def test_api_timeline_at_the_ends_of_the_calendar(tmp_path, bucket):
    rows = steady_news() + [event_row("min", date.min), event_row("max", date.max)]
    body = client_with(tmp_path, rows).get("/api/timeline", params={"bucket": bucket}).json()
    assert [o["start"] for o in body["outliers"]] == ["0001-01-01", "9999-12-31"]


def test_api_timeline_a_brushed_span_is_the_axis_but_a_wide_filter_does_not_stretch_it(tmp_path):
    rows = steady_news() + [event_row("y", date(2015, 1, 1), date(2015, 12, 31), "year")]
    client = client_with(tmp_path, rows)
    brushed = client.get("/api/timeline", params={"from": "2016-01-01", "to": "2016-12-31"}).json()
    assert brushed["bounds"] == {"start": "2016-01-01", "end": "2016-12-31"} and len(brushed["counts"]) == 12
    wide = client.get("/api/timeline", params={"from": "1900-01-01", "to": "2100-12-31"}).json()
    assert wide["bounds"]["start"] == "2015-01-01" and wide["bounds"]["end"].startswith("2017-")
    assert wide["outliers"] == [] and wide["ranges"] == [
        {"start": "2015-01-01", "end": "2015-12-31", "precision": "year", "count": 1}]
