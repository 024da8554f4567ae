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

document.addEventListener("DOMContentLoaded", () => {
  setUpHighlightToggles();
  setUpSkipLink();
});
