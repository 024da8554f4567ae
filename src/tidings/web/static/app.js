// Tidings UI: small progressive enhancements; every page works without this file.
"use strict";

// Article page: switch actor and event highlighting on and off (the text stays the same).
function setUpHighlightToggles() {
  const text = document.getElementById("article-text");
  if (!text) return;
  for (const box of document.querySelectorAll("input[data-toggle]")) {
    box.addEventListener("change", () => text.classList.toggle(box.dataset.toggle, box.checked));
  }
}

// Skip link: move focus to the main region so screen readers start reading there.
function setUpSkipLink() {
  const skip = document.querySelector("a.skip");
  const main = document.getElementById("main");
  if (skip && main) skip.addEventListener("click", () => main.focus());
}

// Event page: review decisions (merge, split off, not an event), sent to the API with the ingest
// token as a bearer token. The token and the reviewer's name are kept in sessionStorage: this tab only.
function setUpReview() {
  const section = document.getElementById("review");
  if (!section || !window.fetch) return;
  const eventId = section.dataset.event;
  const token = document.getElementById("review-token");
  const who = document.getElementById("review-who");
  const why = document.getElementById("review-why");
  const status = document.getElementById("review-status");
  token.value = sessionStorage.getItem("tidings-review-token") || "";
  who.value = sessionStorage.getItem("tidings-review-who") || "";
  token.addEventListener("change", () => sessionStorage.setItem("tidings-review-token", token.value.trim()));
  who.addEventListener("change", () => sessionStorage.setItem("tidings-review-who", who.value.trim()));

  const say = (text, error) => {
    status.textContent = text;
    status.classList.toggle("error", Boolean(error));
  };
  const done = new URLSearchParams(window.location.search);
  const words = { merged: "Merged", split: "Split off", ruled: "Marked as not an event" };
  for (const [key, word] of Object.entries(words)) {
    if (done.has(key)) say(`${word}: review ${done.get(key)} in the audit log.`);
  }

  async function decide(path, body) {
    sessionStorage.setItem("tidings-review-token", token.value.trim());
    sessionStorage.setItem("tidings-review-who", who.value.trim());
    if (!token.value.trim()) {
      say("Enter the review token (the server's ingest token) first.", true);
      token.focus();
      return null;
    }
    if (!who.value.trim() || !why.value.trim()) {
      say("Say who you are and why: the audit log keeps both.", true);
      (who.value.trim() ? why : who).focus();
      return null;
    }
    say("Saving…");
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token.value.trim()}` },
      body: JSON.stringify({ who: who.value.trim(), why: why.value.trim(), ...body }),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      const message = (answer.error && answer.error.message) || `the server answered ${response.status}`;
      say(`Not saved: ${message}.`, true);
      return null;
    }
    return answer;
  }

  const go = (eventId, key, answer) => {
    const number = answer.review ? answer.review.number : "taken already";
    window.location.assign(`/events/${encodeURIComponent(eventId)}?${key}=${encodeURIComponent(number)}`);
  };

  section.querySelector("form.review-merge").addEventListener("submit", async (e) => {
    e.preventDefault();
    const other = document.getElementById("review-other").value.trim();
    const answer = await decide(`/api/events/${encodeURIComponent(eventId)}/merge`, { other });
    if (answer) go(answer.event_id, "merged", answer);
  });

  for (const button of document.querySelectorAll("button[data-review]")) {
    button.addEventListener("click", async () => {
      const mention = encodeURIComponent(button.dataset.mention);
      const action = button.dataset.review;
      const answer = await decide(`/api/mentions/${mention}/${action}`, {});
      if (!answer) return;
      if (action === "split") go(answer.event_id, "split", answer);
      else if (document.querySelectorAll("li.report").length > 1) go(eventId, "ruled", answer);
      else window.location.assign("/events");
    });
  }
  section.hidden = false;
  for (const actions of document.querySelectorAll(".review-actions")) actions.hidden = false;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const DAY_MS = 86400000;

// Timeline: drag across the chart to filter this page (the list, the map) to those days. The
// server draws the chart on a linear day axis from data-start to data-end (both included) over
// data-width units; every bar is also a plain link, so the page works without this.
function setUpTimelineBrush() {
  for (const svg of document.querySelectorAll("svg.timeline[data-start]")) {
    const first = Date.parse(svg.dataset.start + "T00:00:00Z");
    const afterLast = Date.parse(svg.dataset.end + "T00:00:00Z") + DAY_MS;
    const width = Number(svg.dataset.width);
    const area = svg.querySelector(".brush-area");
    const unitsAt = (event) => {
      const point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      return Math.max(0, Math.min(width, point.matrixTransform(svg.getScreenCTM().inverse()).x));
    };
    // the day under a point of the axis (a drag from x1 to x2 takes in both end days)
    const dayAt = (x) => {
      const ms = first + Math.floor(((afterLast - first) / DAY_MS) * x / width) * DAY_MS;
      return new Date(Math.min(Math.max(ms, first), afterLast - DAY_MS)).toISOString().slice(0, 10);
    };
    let start = null;
    let brush = null;
    let dragged = false;
    const draw = (x) => {
      brush.setAttribute("x", Math.min(start, x));
      brush.setAttribute("width", Math.abs(x - start));
    };
    svg.addEventListener("dragstart", (event) => event.preventDefault());
    svg.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      start = unitsAt(event);
      dragged = false;
      brush = document.createElementNS(SVG_NS, "rect");
      brush.setAttribute("class", "brush");
      brush.setAttribute("y", "0");
      brush.setAttribute("height", area ? area.getAttribute("height") : "100");
      draw(start);
      svg.appendChild(brush);
      event.preventDefault();
    });
    window.addEventListener("pointermove", (event) => {
      if (start === null) return;
      const x = unitsAt(event);
      if (Math.abs(x - start) > 3) dragged = true;
      draw(x);
    });
    window.addEventListener("pointerup", (event) => {
      if (start === null) return;
      const x = unitsAt(event);
      const [left, right] = [Math.min(start, x), Math.max(start, x)];
      start = null;
      if (!dragged) {
        brush.remove();
        return;
      }
      const url = new URL(window.location.href);
      url.searchParams.set("from", dayAt(left));
      url.searchParams.set("to", dayAt(right));
      url.searchParams.delete("offset");
      window.location.assign(url.toString());
    });
    // a drag that ends on a bar must not also follow the bar's link
    svg.addEventListener("click", (event) => { if (dragged) event.preventDefault(); }, true);
  }
}

// Map: the vendored Natural Earth countries (world-atlas, read with topojson-client) as an offline
// basemap under Leaflet; cities clustered (cluster size = their events), whole-country places as
// shaded countries, other areas as dashed circles. Place names come from articles: they are only
// ever set as text, never as HTML.
function setUpMap() {
  const box = document.getElementById("map");
  if (!box || !window.L || !window.topojson) return;
  const data = JSON.parse(document.getElementById("map-data").textContent);
  const map = L.map(box, { minZoom: 1, maxZoom: 12, zoomSnap: 0.5, worldCopyJump: true, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (public domain) via world-atlas · Leaflet");
  map.createPane("countries").style.zIndex = 250;
  map.createPane("borders").style.zIndex = 300;
  map.createPane("labels").style.zIndex = 350;
  map.getPane("labels").style.pointerEvents = "none";
  map.setView([25, 15], 2);
  box.mapInstance = map;

  const marks = [];
  const points = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40,
                                        iconCreateFunction: clusterIcon });
  const topPoint = Math.max(1, ...data.points.map((p) => p.events));
  for (const p of data.points) {
    const marker = L.circleMarker([p.lat, p.lon], { radius: 5 + 5 * Math.sqrt(p.events / topPoint),
      className: "city-point", color: "#fff", weight: 1, fillColor: "#b4281f", fillOpacity: 0.9, events: p.events });
    bindPlace(marker, p, `${p.name}${p.country ? ", " + p.country : ""}`);
    points.addLayer(marker);
    marks.push([p.lat, p.lon]);
  }
  const topArea = Math.max(1, data.max_area);
  for (const a of data.areas) {
    const circle = L.circleMarker([a.lat, a.lon], { radius: 10 + 14 * Math.sqrt(a.events / topArea),
      className: "area-circle", color: "#b35c00", weight: 1.5, dashArray: "4 3", fillColor: "#e07b00", fillOpacity: 0.2 });
    bindPlace(circle, a, `${a.name} (${a.kind}-level${a.country ? ", " + a.country : ""})`);
    circle.addTo(map);
    marks.push([a.lat, a.lon]);
  }
  map.addLayer(points);
  box.dataset.points = String(data.points.length);

  fetch(box.dataset.atlas).then((r) => r.json()).then((atlas) => {
    drawBasemap(map, atlas, data, marks);
    box.dataset.ready = "true";
  }).catch((error) => { box.dataset.ready = "failed"; box.dataset.error = String(error); });
}

function clusterIcon(cluster) {
  const events = cluster.getAllChildMarkers().reduce((sum, m) => sum + (m.options.events || 1), 0);
  const size = events < 10 ? "small" : events < 100 ? "medium" : "large";
  const inner = document.createElement("div");
  const label = document.createElement("span");
  label.textContent = String(events);
  inner.appendChild(label);
  return L.divIcon({ html: inner, className: `marker-cluster marker-cluster-${size}`, iconSize: L.point(40, 40) });
}

function bindPlace(layer, place, title) {
  const tip = document.createElement("span");
  tip.textContent = `${title}: ${place.events} event${place.events === 1 ? "" : "s"}`;
  layer.bindTooltip(tip);
  const popup = document.createElement("div");
  const link = document.createElement("a");
  link.href = place.href;
  link.textContent = `${place.events} event${place.events === 1 ? "" : "s"} in ${title}`;
  popup.appendChild(link);
  layer.bindPopup(popup);
}

// world-atlas keeps spherical coordinates: a ring that crosses the antimeridian (Russia, Fiji) jumps
// from 180 to -180 and Antarctica's ring goes round the pole. Leaflet draws on a flat plane, so each
// polygon's rings are made continuous (shifted by 360° where they jump) and a ring round a pole is
// closed along that pole; lines are cut where they jump.
function unwrapRing(ring) {
  const out = [ring[0].slice()];
  for (let i = 1; i < ring.length; i++) {
    const previous = out[i - 1][0];
    let lon = ring[i][0];
    while (lon - previous > 180) lon -= 360;
    while (lon - previous < -180) lon += 360;
    out.push([lon, ring[i][1]]);
  }
  const turn = out[out.length - 1][0] - out[0][0];
  if (Math.abs(turn) > 180) {
    const pole = out.reduce((sum, p) => sum + p[1], 0) < 0 ? -90 : 90;
    out.push([out[out.length - 1][0], pole], [out[0][0], pole], out[0].slice());
  }
  return out;
}

function flatPolygon(polygon) {
  const rings = polygon.map(unwrapRing);
  const lons = rings[0].map((p) => p[0]);
  const centre = (Math.min(...lons) + Math.max(...lons)) / 2;
  const shift = centre > 180 ? -360 : centre < -180 ? 360 : 0;
  return rings.map((ring) => ring.map((p) => [p[0] + shift, p[1]]));
}

function flatLines(lines) {
  const cut = [];
  for (const line of lines) {
    let part = [line[0]];
    for (let i = 1; i < line.length; i++) {
      if (Math.abs(line[i][0] - line[i - 1][0]) > 180) {
        cut.push(part);
        part = [];
      }
      part.push(line[i]);
    }
    cut.push(part);
  }
  return cut.filter((part) => part.length > 1);
}

function flatFeature(feature) {
  const g = feature.geometry;
  if (!g) return feature;
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : null;
  if (polygons) {
    return { ...feature, geometry: { type: "MultiPolygon", coordinates: polygons.map(flatPolygon) } };
  }
  const lines = g.type === "LineString" ? [g.coordinates] : g.type === "MultiLineString" ? g.coordinates : null;
  return lines ? { ...feature, geometry: { type: "MultiLineString", coordinates: flatLines(lines) } } : feature;
}

function drawBasemap(map, atlas, data, marks) {
  const countries = topojson.feature(atlas, atlas.objects.countries);
  countries.features = countries.features.map(flatFeature);
  const topCountry = Math.max(1, data.max_country);
  L.geoJSON(countries, {
    pane: "countries",
    style: (feature) => {
      const hit = data.countries[feature.id];
      return { className: hit ? "country shaded" : "country", color: "#b9b2a3", weight: 0, fillOpacity: 1,
               fillColor: hit ? shade(hit.events / topCountry) : "#f3efe6" };
    },
    onEachFeature: (feature, layer) => {
      const hit = data.countries[feature.id];
      if (hit) {
        bindPlace(layer, hit, `${hit.name} (whole country)`);
        marks.push([hit.lat, hit.lon]);
      }
    },
  }).addTo(map);
  const borders = flatFeature({ type: "Feature", properties: {},
    geometry: topojson.mesh(atlas, atlas.objects.countries, (a, b) => a !== b) });
  L.geoJSON(borders, { pane: "borders", interactive: false, style: { className: "border", color: "#8f877a", weight: 0.7 } })
    .addTo(map);
  const coast = flatFeature({ type: "Feature", properties: {}, geometry: topojson.mesh(atlas, atlas.objects.land) });
  L.geoJSON(coast, { pane: "borders", interactive: false, style: { className: "coast", color: "#5b7fa6", weight: 1 } })
    .addTo(map);
  const labels = countries.features.filter((f) => f.geometry && f.properties && f.properties.name).map(labelPoint);
  const layer = L.layerGroup().addTo(map);
  const showLabels = () => {
    layer.clearLayers();
    const smallest = 1500 / Math.pow(4, map.getZoom());
    for (const l of labels) {
      if (l.size < smallest) continue;
      const text = document.createElement("span");
      text.textContent = l.name;
      layer.addLayer(L.marker(l.at, { pane: "labels", interactive: false, keyboard: false,
        icon: L.divIcon({ html: text, className: "country-label", iconSize: null }) }));
    }
  };
  map.on("zoomend", showLabels);
  const found = marks.filter((m) => m[0] !== null && m[1] !== null);
  if (found.length) map.fitBounds(L.latLngBounds(found).pad(0.4), { maxZoom: 5, animate: false });
  showLabels();
}

function shade(fraction) {
  // from a pale to a deep orange, by the square root of the share of the top country's events
  const t = Math.sqrt(Math.max(0, Math.min(1, fraction)));
  const mix = (a, b) => Math.round(a + (b - a) * t);
  return `rgb(${mix(253, 194)}, ${mix(214, 65)}, ${mix(170, 12)})`;
}

// A country's label: the area-weighted centroid of its largest polygon's outer ring, and the area of
// that ring (square degrees) to decide at which zoom it is shown.
function labelPoint(feature) {
  const polygons = feature.geometry.coordinates;  // a MultiPolygon after flatFeature
  let best = { size: -1, at: [0, 0] };
  for (const polygon of polygons) {
    const ring = polygon[0];
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      area += cross;
      cx += (ring[j][0] + ring[i][0]) * cross;
      cy += (ring[j][1] + ring[i][1]) * cross;
    }
    const size = Math.abs(area / 2);
    if (size > best.size && area !== 0) best = { size, at: [cy / (3 * area), cx / (3 * area)] };
  }
  return { name: feature.properties.name, size: best.size, at: best.at };
}

document.addEventListener("DOMContentLoaded", () => {
  setUpHighlightToggles();
  setUpSkipLink();
  setUpReview();
  setUpTimelineBrush();
  setUpMap();
});
