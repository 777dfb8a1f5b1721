// claimledger web UI: the one script, served from /static (the Content-Security-Policy forbids
// inline scripts). Hovering a mark of a thread's timeline shows the claim's quote and source,
// read from the claims table of the same page (data-quote, data-source); text goes in with
// textContent, never as markup.
(function () {
  "use strict";

  function claimRow(id) {
    return document.getElementById("claim-" + id);
  }

  function showTip(tip, mark, figure) {
    var row = claimRow(mark.getAttribute("data-claim"));
    if (!row) { return; }
    tip.textContent = "";
    var quote = document.createElement("div");
    quote.className = "quote";
    quote.textContent = row.getAttribute("data-quote") || "";
    var source = document.createElement("div");
    source.className = "src";
    source.textContent = (row.getAttribute("data-source") || "") + " · " + (mark.getAttribute("data-label") || "");
    tip.appendChild(quote);
    tip.appendChild(source);
    var box = mark.getBoundingClientRect();
    var frame = figure.getBoundingClientRect();
    tip.style.left = Math.max(0, box.left - frame.left + 12) + "px";
    tip.style.top = Math.max(0, box.top - frame.top + 12) + "px";
    tip.hidden = false;
    row.classList.add("highlight");
  }

  function hideTip(tip, mark) {
    tip.hidden = true;
    var row = claimRow(mark.getAttribute("data-claim"));
    if (row) { row.classList.remove("highlight"); }
  }

  function timeline(figure) {
    var tip = figure.querySelector(".tip");
    if (!tip) { return; }
    figure.querySelectorAll("[data-claim]").forEach(function (mark) {
      mark.setAttribute("tabindex", "0");
      mark.addEventListener("mouseenter", function () { showTip(tip, mark, figure); });
      mark.addEventListener("focus", function () { showTip(tip, mark, figure); });
      mark.addEventListener("mouseleave", function () { hideTip(tip, mark); });
      mark.addEventListener("blur", function () { hideTip(tip, mark); });
      mark.addEventListener("click", function () {
        var row = claimRow(mark.getAttribute("data-claim"));
        if (row) { row.scrollIntoView({ block: "center" }); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure.chart").forEach(timeline);
  });
})();
