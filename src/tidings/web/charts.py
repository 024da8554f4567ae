"""Geometry of the SVG charts the pages draw: timeline bars, the counterpart network, roles over
time and the equirectangular map. Numbers only; the templates turn them into SVG elements with a
title on each mark, so every chart is also readable by a screen reader."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

TIMELINE_WIDTH, TIMELINE_HEIGHT = 800, 140


def timeline_bars(counts: list[dict[str, Any]], link: Callable[[dict[str, Any]], str]) -> list[dict[str, Any]]:
    """One bar per bucket, scaled to the tallest, in a TIMELINE_WIDTH x TIMELINE_HEIGHT box that
    leaves 20 units below for the axis labels."""
    if not counts:
        return []
    top = max(c["count"] for c in counts) or 1
    step = TIMELINE_WIDTH / len(counts)
    label_every = max(1, math.ceil(len(counts) / 12))
    bars = []
    for i, c in enumerate(counts):
        height = (TIMELINE_HEIGHT - 30) * c["count"] / top
        bars.append({**c, "x": round(i * step + step * 0.1, 2), "width": round(max(step * 0.8, 0.5), 2),
                     "y": round(TIMELINE_HEIGHT - 20 - height, 2), "height": round(height, 2), "href": link(c),
                     "label": c["start"][:7] if i % label_every == 0 else None, "label_x": round(i * step, 2)})
    return bars


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


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection onto a 360 x 180 box (x = longitude + 180, y = 90 - latitude)."""
    return round(lon + 180, 2), round(90 - lat, 2)


def map_points(found: list[dict[str, Any]], link: Callable[[dict[str, Any]], str]) -> dict[str, list[dict[str, Any]]]:
    """City-level places as points sized by event count; places that are a whole country (or region)
    as larger translucent areas, never as a city point; places without coordinates are only listed."""
    top = max((p["events"] for p in found), default=1)
    cities, areas = [], []
    for p in found:
        if p["lat"] is None or p["lon"] is None:
            continue
        x, y = project(p["lat"], p["lon"])
        mark = {**p, "x": x, "y": y, "href": link(p)}
        if p["kind"] == "city":
            cities.append({**mark, "r": round(1.2 + 2.5 * math.sqrt(p["events"] / top), 2)})
        else:
            areas.append({**mark, "r": round(7 + 5 * math.sqrt(p["events"] / top), 2)})
    return {"cities": cities, "areas": areas}


def graticule(step: int = 30) -> dict[str, list[dict[str, float]]]:
    return {"meridians": [{"x": lon + 180, "lon": lon} for lon in range(-180, 181, step)],
            "parallels": [{"y": 90 - lat, "lat": lat} for lat in range(-90, 91, step)]}
