/* transmgmt view: highlight both sides of a link on hover; filter the index.
   Plain ES5, no framework, no network: the pages work from file://. */
(function () {
  "use strict";

  function linkedTo(element) {
    var id = element.getAttribute("data-link");
    return document.querySelectorAll('[data-link="' + id.replace(/["\\]/g, "\\$&") + '"]');
  }

  function highlight(event, on) {
    var target = event.target;
    var unit = target && target.closest ? target.closest("[data-link]") : null;
    if (!unit) {
      return;
    }
    var units = linkedTo(unit);
    for (var i = 0; i < units.length; i += 1) {
      units[i].classList.toggle("hl", on);
    }
  }

  document.addEventListener("mouseover", function (event) { highlight(event, true); });
  document.addEventListener("mouseout", function (event) { highlight(event, false); });
  document.addEventListener("focusin", function (event) { highlight(event, true); });
  document.addEventListener("focusout", function (event) { highlight(event, false); });

  function filterIndex() {
    var status = document.getElementById("filter-status").value;
    var lang = document.getElementById("filter-lang").value;
    var words = document.getElementById("filter-text").value.toLowerCase().split(/\s+/);
    var rows = document.querySelectorAll("#articles tbody tr");
    var shown = 0;
    for (var i = 0; i < rows.length; i += 1) {
      var row = rows[i];
      var ok = (!status || row.getAttribute("data-status") === status) &&
        (!lang || (" " + row.getAttribute("data-langs") + " ").indexOf(" " + lang + " ") >= 0);
      for (var w = 0; ok && w < words.length; w += 1) {
        ok = row.getAttribute("data-search").indexOf(words[w]) >= 0;
      }
      row.hidden = !ok;
      shown += ok ? 1 : 0;
    }
    document.getElementById("shown").textContent = shown + " shown";
  }

  function start() {
    var form = document.getElementById("filters");
    if (form) {
      form.addEventListener("input", filterIndex);
      form.addEventListener("change", filterIndex);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      filterIndex();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
