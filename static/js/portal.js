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

  // <button data-confirm="…">: ask before submitting.
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", syncKindFlags);
})();
