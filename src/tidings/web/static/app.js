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

document.addEventListener("DOMContentLoaded", () => {
  setUpHighlightToggles();
  setUpSkipLink();
  setUpReview();
});
