"""Geometry of the SVG charts the pages draw: the timeline (bars on a bounded day axis, imprecise
dates as ranges in their own band), the counterpart network and roles over time; and the data the
map page hands to Leaflet (app.js). Numbers only; the templates turn them into SVG elements with a
title on each mark, so every chart is also readable by a screen reader."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pycountry

TIMELINE_WIDTH = 800
BAR_TOP, BAR_BASE = 8, 100
LANE, LANE_GAP, MAX_LANES = 8, 3, 6


def timeline_chart(found: dict[str, Any], link: Callable[[str, str], str]) -> dict[str, Any] | None:
    """Geometry of the timeline on a true time axis (`found` is `query.timeline`'s answer): one
    bar per bucket scaled to the tallest, and below them a band of ranges for the events dated less
    precisely than a bucket (a year, a month on a weekly axis), each range a bar from its first to its
    last day, in up to MAX_LANES lanes. `link(start, end)` is the URL that filters to those days."""
    if found["bounds"] is None:
        return None
    first, last = date.fromisoformat(found["bounds"]["start"]), date.fromisoformat(found["bounds"]["end"])
    days = (last - first).days + 1

    def x(day: date) -> float:
        return round(TIMELINE_WIDTH * (day - first).days / days, 2)

    top = max((c["count"] for c in found["counts"]), default=1) or 1
    bars = []
    for c in found["counts"]:
        start, end = date.fromisoformat(c["start"]), date.fromisoformat(c["end"])
        left, right = x(start), x(_day_after(min(end, last)))
        height = (BAR_BASE - BAR_TOP) * c["count"] / top
        bars.append({**c, "x": round(left + (right - left) * 0.1, 2), "width": round(max((right - left) * 0.8, 0.6), 2),
                     "y": round(BAR_BASE - height, 2), "height": round(height, 2), "href": link(c["start"], c["end"])})
    ranges = _range_lanes(found["ranges"], x, last, link)
    lanes = max((r["lane"] + 1 for r in ranges), default=0)
    band_top = BAR_BASE + 14  # room for the band's label under the bars
    for r in ranges:
        r["y"] = band_top + r["lane"] * (LANE + LANE_GAP)
    axis_y = band_top + lanes * (LANE + LANE_GAP) + (2 if lanes else 0)
    return {"width": TIMELINE_WIDTH, "height": axis_y + 18, "axis_y": axis_y, "band_top": band_top, "lanes": lanes,
            "bar_base": BAR_BASE,
            "start": first.isoformat(), "end": last.isoformat(), "bars": bars, "ranges": ranges,
            "ticks": _time_ticks(first, last, x), "total": sum(c["count"] for c in found["counts"])}


def _day_after(day: date) -> date:
    return day + timedelta(days=1) if day < date.max else day


def _range_lanes(ranges: list[dict[str, Any]], x: Callable[[date], float], last: date,
                 link: Callable[[str, str], str]) -> list[dict[str, Any]]:
    """Each range in the first lane where it overlaps nothing (the last lane takes the rest),
    opacity by its count."""
    top = max((r["count"] for r in ranges), default=1)
    lane_ends: list[float] = []
    drawn = []
    for r in ranges:
        left = x(date.fromisoformat(r["start"]))
        right = x(_day_after(min(date.fromisoformat(r["end"]), last)))
        lane = next((i for i, end in enumerate(lane_ends) if end <= left), None)
        if lane is None:
            lane = len(lane_ends) if len(lane_ends) < MAX_LANES else MAX_LANES - 1
            if lane == len(lane_ends):
                lane_ends.append(right)
        lane_ends[lane] = max(lane_ends[lane], right)
        drawn.append({**r, "x": left, "width": round(max(right - left, 1), 2), "lane": lane,
                      "opacity": round(0.35 + 0.65 * r["count"] / top, 2), "href": link(r["start"], r["end"])})
    return drawn


def _time_ticks(first: date, last: date, x: Callable[[date], float]) -> list[dict[str, Any]]:
    """At most about a dozen labelled ticks: years (every n years) on a long axis, months on a short one."""
    years = last.year - first.year + 1
    if years > 3:
        step = max(1, math.ceil(years / 12))
        marks = [date(y, 1, 1) for y in range(first.year + (-first.year) % step, last.year + 1, step)]
        return [{"x": x(d), "label": str(d.year)} for d in marks if d >= first]
    months = [date(y, m, 1) for y in range(first.year, last.year + 1) for m in range(1, 13)]
    months = [d for d in months if first <= d <= last]
    step = max(1, math.ceil(len(months) / 12))
    return [{"x": x(d), "label": d.isoformat()[:7]} for d in months[::step]]


def network(actor: dict[str, Any], size: int = 420) -> dict[str, Any]:
    """The actor in the centre, its counterparts on a circle; line width and node size by the number
    of shared events."""
    centre = size / 2
    others = actor["counterparts"]
    top = max((c["events"] for c in others), default=1)
    nodes = []
    for i, c in enumerate(others):
        angle = 2 * math.pi * i / max(len(others), 1) - math.pi / 2
        radius = size * 0.36
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        nodes.append({**c, "x": round(x, 1), "y": round(y, 1), "r": round(4 + 8 * c["events"] / top, 1),
                      "stroke": round(1 + 5 * c["events"] / top, 1),
                      "anchor": "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle",
                      "label_x": round(x + 14 * math.cos(angle), 1), "label_y": round(y + 14 * math.sin(angle) + 4, 1)})
    return {"size": size, "centre": centre, "nodes": nodes}


def roles_over_time(actor: dict[str, Any], width: int = 800, row: int = 22) -> dict[str, Any] | None:
    """Offices held (bars from start to end year) above the actor's events per year (source and
    target), on one year axis."""
    years = [y["year"] for y in actor["events_by_year"]]
    roles = [r for r in actor["roles"] if r.get("start") or r.get("end")]
    this_year = date.today().year
    starts = [int(r["start"][:4]) for r in roles if r.get("start")] + years
    ends = [int(r["end"][:4]) if r.get("end") else max(years + [int(r["start"][:4])]) for r in roles] + years
    if not starts:
        return None
    first, last = min(starts), min(max(ends), this_year)
    last = max(last, first)
    span = last - first + 1

    def x(year: float) -> float:
        return round(40 + (width - 60) * (year - first) / span, 1)

    role_bars = []
    for i, r in enumerate(roles):
        start = int(r["start"][:4]) if r.get("start") else first
        end = int(r["end"][:4]) + 1 if r.get("end") else last + 1
        role_bars.append({**r, "x": x(start), "width": max(x(end) - x(start), 2), "y": 10 + i * row})
    base = 10 + len(roles) * row + 70
    top = max((y["source"] + y["target"] for y in actor["events_by_year"]), default=1) or 1
    year_bars = []
    for y in actor["events_by_year"]:
        source_h = 60 * y["source"] / top
        target_h = 60 * y["target"] / top
        year_bars.append({**y, "x": x(y["year"]), "width": max(x(y["year"] + 1) - x(y["year"]) - 2, 2),
                          "source_y": round(base - source_h, 1), "source_h": round(source_h, 1),
                          "target_y": round(base - source_h - target_h, 1), "target_h": round(target_h, 1)})
    step = max(1, math.ceil(span / 10))
    ticks = [{"year": yr, "x": x(yr)} for yr in range(first, last + 1, step)]
    return {"width": width, "height": base + 24, "roles": role_bars, "years": year_bars, "ticks": ticks, "base": base}


def map_data(found: list[dict[str, Any]], link: Callable[[dict[str, Any]], str]) -> dict[str, Any]:
    """What the map draws (app.js, over the vendored Natural Earth countries): cities as points
    (clustered), regions and other sub-national areas without a polygon as circles sized by count,
    and places that are a whole country as that country's polygon, shaded by count, joined on the
    ISO 3166-1 numeric code that world-atlas uses as feature id. Places without coordinates are
    only listed in the table."""
    points, areas = [], []
    countries: dict[str, dict[str, Any]] = {}
    for p in found:
        mark = {"name": p["name"], "country": p["country"], "kind": p["kind"] or "other", "events": p["events"],
                "lat": p["lat"], "lon": p["lon"], "href": link(p)}
        if p["kind"] == "country" and _numeric(p["country"]):
            entry = countries.setdefault(_numeric(p["country"]) or "", {**mark, "events": 0})
            entry["events"] += p["events"]
        elif p["lat"] is None or p["lon"] is None:
            continue
        elif p["kind"] == "city":
            points.append(mark)
        else:
            areas.append(mark)
    return {"points": points, "areas": areas, "countries": countries,
            "max_country": max((c["events"] for c in countries.values()), default=0),
            "max_area": max((a["events"] for a in areas), default=0)}


def _numeric(alpha3: str | None) -> str | None:
    """ISO 3166-1 numeric code of an alpha-3 code ("IRN" -> "364"), as world-atlas spells its ids."""
    if not alpha3:
        return None
    found = pycountry.countries.get(alpha_3=alpha3.upper())
    return found.numeric if found else None
