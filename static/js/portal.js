// Small behaviours the pages share. No framework: htmx does the partial updates.
(function () {
  "use strict";

  // Show each organisation flag only for the kinds it applies to (the server checks too).
  function syncKindFlags() {
    var kind = document.querySelector("select[name=kind]");
    if (!kind) return;
    var rules = {
      is_ministry_provincial: ["undergraduate_university"],
      is_high_tech: ["enterprise", "state_owned_enterprise"],
      is_tech_sme: ["enterprise", "state_owned_enterprise"],
      is_industry_leader: ["enterprise", "state_owned_enterprise"]
    };
    function apply() {
      Object.keys(rules).forEach(function (name) {
        var group = document.getElementById("group-" + name);
        if (!group) return;
        var show = rules[name].indexOf(kind.value) !== -1;
        group.hidden = !show;
        if (!show) { var box = group.querySelector("input"); if (box) box.checked = false; }
      });
    }
    kind.addEventListener("change", apply);
    apply();
  }

  // The Content-Security-Policy runs no inline handler: behaviours are data attributes.
  // <select data-autosubmit>: submit its form when it changes.
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]") && event.target.form) event.target.form.submit();
  });
  // <button data-empty="ID">: empty that element; <form data-empty-after-request="ID">: the
  // same once its htmx request is answered.
  function empty(id) { var el = id && document.getElementById(id); if (el) el.innerHTML = ""; }
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-empty]");
    if (el) empty(el.getAttribute("data-empty"));
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.getAttribute) empty(elt.getAttribute("data-empty-after-request"));
  });
  // <div data-width="40">: a width in per cent (a progress bar), set through the DOM.
  function applyWidths() {
    document.querySelectorAll("[data-width]").forEach(function (el) { el.style.width = el.dataset.width + "%"; });
  }
  document.addEventListener("htmx:afterSwap", applyWidths);

  // <button data-confirm="…">: ask before submitting.
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) event.preventDefault();
  });

  // Countdowns that follow the server's clock. Every poll of a live panel carries the
  // server's time in its X-Server-Time header, also when the answer is 304 and the browser
  // hands htmx the body it cached (whose data-server-now is as old as the last change): the
  // offset to this machine's clock is taken from the header each time. Until the first poll,
  // the panel's own data-server-now gives it.
  var clockOffset = null;
  document.addEventListener("htmx:afterRequest", function (event) {
    var serverTime = Number(event.detail.xhr.getResponseHeader("X-Server-Time"));
    if (serverTime) clockOffset = serverTime - Date.now();
  });
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function tickCountdowns() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      if (el._offset === undefined) el._offset = Date.parse(el.dataset.serverNow) - Date.now();
      var now = Date.now() + (clockOffset === null ? el._offset : clockOffset);
      var start = Date.parse(el.dataset.start), end = Date.parse(el.dataset.end);
      if (isNaN(end)) { el.textContent = ""; return; }
      var before = !isNaN(start) && now < start;
      var left = Math.max(0, (before ? start : end) - now);
      if (!before && left === 0) { el.textContent = el.dataset.labelOver; el.classList.remove("soon"); return; }
      var s = Math.floor(left / 1000), d = Math.floor(s / 86400);
      var clock = two(Math.floor(s % 86400 / 3600)) + ":" + two(Math.floor(s % 3600 / 60)) + ":" + two(s % 60);
      el.textContent = (before ? el.dataset.labelStart : el.dataset.labelEnd) + " " + (d ? d + "d " : "") + clock;
      el.classList.toggle("soon", !before && left < 5 * 60 * 1000);
    });
  }
  setInterval(tickCountdowns, 250);
  document.addEventListener("htmx:afterSwap", tickCountdowns);

  // The bidding room shows one current truth, from the live panel's state: the bid box while
  // the lot can be bid on and the bidder's deposit is confirmed (no reload after either), and
  // the answer to a bid only until the lot's state moves past it (someone else bid, it closed).
  function syncBiddingRoom() {
    var panel = document.getElementById("lot-live");
    if (!panel) return;
    var box = document.getElementById("bid-box");
    var biddable = panel.dataset.status === "open" || panel.dataset.status === "scheduled";
    if (box) box.hidden = !(biddable && panel.dataset.mayBid === "true");
    var feedback = document.getElementById("bid-feedback");
    if (feedback && feedback.dataset.version && Number(panel.dataset.version) > Number(feedback.dataset.version)) {
      feedback.textContent = "";
      delete feedback.dataset.version;
    }
  }
  document.addEventListener("htmx:afterSettle", syncBiddingRoom);

  // An expert's weighted total (0–100), as the scheme computes it, while the marks are typed.
  function scoreTotal() {
    var out = document.querySelector("[data-score-total]");
    if (!out) return;
    var total = 0, complete = true;
    document.querySelectorAll("input[data-weight]").forEach(function (input) {
      var mark = parseFloat(input.value);
      if (isNaN(mark)) complete = false; else total += mark * parseFloat(input.dataset.weight);
    });
    if (complete) out.textContent = (total * 100 / parseFloat(out.dataset.scale)).toFixed(2);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-weight]")) scoreTotal();
  });

  // A live page says so when its polls fail, and goes on polling until they succeed again.
  function connectionLost(lost) {
    var banner = document.getElementById("connection-lost");
    if (banner) banner.hidden = !lost;
  }
  document.addEventListener("htmx:sendError", function () { connectionLost(true); });
  // "Busy, try again" (409, jbgs.middleware.BusyMiddleware) is shown where the server retargets it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 409 && event.detail.xhr.getResponseHeader("HX-Retarget")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) connectionLost(false);
  });

  document.addEventListener("DOMContentLoaded", function () { syncKindFlags(); tickCountdowns(); applyWidths(); });
})();
