(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  var groups = table ? Array.prototype.slice.call(table.querySelectorAll("tbody.group")) : [];
  var cat = document.getElementById("f-category");
  var sev = document.getElementById("f-severity");
  var theme = document.getElementById("f-theme");
  var text = document.getElementById("f-text");
  var acc = document.getElementById("f-accepted");
  var shown = document.getElementById("f-shown");
  var none = document.getElementById("f-none");

  function apply() {
    var c = cat.value, s = sev.value, t = theme.value, q = text.value.trim().toLowerCase(), a = acc.checked;
    var active = Boolean(c || s || t || q || !a);
    var total = 0;
    groups.forEach(function (g) {
      var n = 0;
      Array.prototype.forEach.call(g.querySelectorAll("tr.finding"), function (r) {
        var themes = (r.getAttribute("data-themes") || "").split(" ").filter(Boolean);
        var ok = (!c || r.getAttribute("data-category") === c) &&
                 (!s || r.getAttribute("data-severity") === s) &&
                 (!t || (t === "-" ? themes.length === 0 : themes.indexOf(t) >= 0)) &&
                 (a || r.getAttribute("data-accepted") !== "yes") &&
                 (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
        r.classList.toggle("hidden", !ok);
        if (ok) { n += 1; }
      });
      g.classList.toggle("empty", n === 0);
      g.classList.toggle("auto-open", active && n > 0);
      g.querySelector(".gshown").textContent = String(n);
      total += n;
    });
    shown.textContent = String(total);
    if (none) { none.hidden = total !== 0; }
  }

  groups.forEach(function (g) {
    var b = g.querySelector("button.toggle");
    b.addEventListener("click", function () {
      var open = !g.classList.contains("collapsed") || g.classList.contains("auto-open");
      g.classList.toggle("collapsed", open);
      g.classList.remove("auto-open");
      b.setAttribute("aria-expanded", open ? "false" : "true");
    });
  });

  if (cat && table) {
    [cat, sev, theme, acc].forEach(function (el) { el.addEventListener("change", apply); });
    text.addEventListener("input", apply);
    document.getElementById("f-reset").addEventListener("click", function () {
      cat.value = ""; sev.value = ""; theme.value = ""; text.value = ""; acc.checked = true; apply();
    });
    Array.prototype.forEach.call(document.querySelectorAll("a.catlink"), function (link) {
      link.addEventListener("click", function () { cat.value = link.getAttribute("data-cat"); apply(); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("figure.diagram button.zoom"), function (b) {
    b.addEventListener("click", function () {
      var fig = b.closest("figure");
      var full = fig.classList.toggle("full");
      var svg = fig.querySelector("svg");
      if (svg && full && svg.getAttribute("data-width")) {
        svg.style.width = svg.getAttribute("data-width") + "pt";
      } else if (svg) {
        svg.style.width = "";
      }
      b.textContent = full ? b.getAttribute("data-fit") : b.getAttribute("data-full");
    });
  });

  // print everything: open the details (the findings' explanations and the coverage matrices)
  var opened = [];
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.setAttribute("open", ""); opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.removeAttribute("open"); });
    opened = [];
  });
})();
