(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var table = document.getElementById("findings-table");
  var groups = table ? Array.prototype.slice.call(table.querySelectorAll("div.group")) : [];
  var cat = document.getElementById("f-category");
  var sev = document.getElementById("f-severity");
  var theme = document.getElementById("f-theme");
  var text = document.getElementById("f-text");
  var acc = document.getElementById("f-accepted");
  var shown = document.getElementById("f-shown");
  var none = document.getElementById("f-none");

  // ---------------------------------------------------------------- findings filters (kept in the URL hash)
  function state() {
    var p = [];
    if (cat.value) { p.push("cat=" + encodeURIComponent(cat.value)); }
    if (sev.value) { p.push("sev=" + encodeURIComponent(sev.value)); }
    if (theme.value) { p.push("theme=" + encodeURIComponent(theme.value)); }
    if (text.value.trim()) { p.push("q=" + encodeURIComponent(text.value.trim())); }
    if (!acc.checked) { p.push("acc=0"); }
    return p.length ? "#findings&" + p.join("&") : "#findings";
  }

  function apply(keepHash) {
    var c = cat.value, s = sev.value, t = theme.value, q = text.value.trim().toLowerCase(), a = acc.checked;
    var active = Boolean(c || s || t || q || !a);
    var total = 0;
    groups.forEach(function (g) {
      var n = 0;
      each(g.querySelectorAll("div.finding"), function (r) {
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
    if (!keepHash && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", active ? state() : "#findings");
    }
  }

  function restore(hash) {
    // "#findings&cat=gap&sev=warning&theme=t2&q=word&acc=0"
    var parts = hash.split("&").slice(1), v = {};
    parts.forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) { v[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); }
    });
    cat.value = v.cat || ""; sev.value = v.sev || ""; theme.value = v.theme || "";
    text.value = v.q || ""; acc.checked = v.acc !== "0";
    apply(true);
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
    [cat, sev, theme, acc].forEach(function (el) { el.addEventListener("change", function () { apply(false); }); });
    text.addEventListener("input", function () { apply(false); });
    document.getElementById("f-reset").addEventListener("click", function () {
      cat.value = ""; sev.value = ""; theme.value = ""; text.value = ""; acc.checked = true; apply(false);
    });
  }

  // ---------------------------------------------------------------- the model's elements (JSON, rendered on demand)
  function readJson(id) {
    var el = document.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return null; }
  }
  var model = readJson("model-data") || {kinds: [], e: {}};
  var ui = readJson("ui-text") || {};
  var kindNames = {};
  model.kinds.forEach(function (k) { kindNames[k[0]] = k[3]; });

  function h(tag, cls, txt) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (txt !== undefined && txt !== null) { el.textContent = String(txt); }
    return el;
  }
  function link(id) {
    var e = model.e[id], a = h("a", "ref", e ? e.l : id);
    a.href = "#e-" + id;
    return a;
  }
  function linkList(title, pairs, more, outgoing) {
    var box = h("div"), ul = h("ul");
    box.appendChild(h("b", "", title));
    if (!pairs.length) { box.appendChild(h("span", "muted", " " + ui.no_links)); return box; }
    pairs.forEach(function (x) {
      var li = h("li");
      if (outgoing) { li.appendChild(h("span", "rel", x[0])); li.appendChild(document.createTextNode(" ")); }
      li.appendChild(link(x[1]));
      if (!outgoing) { li.appendChild(document.createTextNode(" ")); li.appendChild(h("span", "rel", x[0])); }
      ul.appendChild(li);
    });
    if (more) { ul.appendChild(h("li", "muted", (ui.more_links || "+{n}").replace("{n}", String(more)))); }
    box.appendChild(ul);
    return box;
  }
  function renderElement(id) {
    var e = model.e[id], art = document.getElementById("element");
    if (!e || !art) { return null; }
    art.textContent = "";
    art.setAttribute("data-id", id);
    var head = h("h3", "", e.l);
    head.appendChild(document.createTextNode(" "));
    head.appendChild(h("span", "kind", kindNames[e.k] || e.k));
    art.appendChild(head);
    if (e.p.length) {
      var dl = h("dl", "props");
      e.p.forEach(function (kv) { dl.appendChild(h("dt", "", kv[0])); dl.appendChild(h("dd", "", kv[1])); });
      art.appendChild(dl);
    }
    var links = h("div", "elinks");
    links.appendChild(linkList(ui.links_out, e.o, e.om, true));
    links.appendChild(linkList(ui.links_in, e.i, e.im, false));
    art.appendChild(links);
    if (e.f.length) {
      var fb = h("div", "efind"), ul = h("ul");
      fb.appendChild(h("b", "", ui.element_findings));
      e.f.forEach(function (fid) {
        var row = document.getElementById("f-" + fid), li = h("li");
        var badge = row ? row.querySelector(".badge") : null;
        if (badge) { li.appendChild(badge.cloneNode(true)); li.appendChild(document.createTextNode(" ")); }
        var a = h("a", "", row ? row.querySelector("summary").textContent : fid);
        a.href = "#f-" + fid;
        li.appendChild(a);
        ul.appendChild(li);
      });
      fb.appendChild(ul);
      art.appendChild(fb);
    }
    var src = h("p", "esrc small");
    src.appendChild(h("b", "", ui.sources + ": "));
    src.appendChild(e.s ? h("cite", "", e.s) : h("span", "muted", ui.no_source));
    var idl = h("span", "idline", " · ");
    idl.appendChild(h("code", "", id));
    if (e.loc) { idl.appendChild(document.createTextNode(" · ")); idl.appendChild(h("code", "", e.loc)); }
    src.appendChild(idl);
    art.appendChild(src);
    art.hidden = false;
    return art;
  }
  function renderKind(kind) {
    var box = document.getElementById("kind-list");
    if (!box) { return null; }
    box.textContent = "";
    var ids = Object.keys(model.e).filter(function (id) { return model.e[id].k === kind; });
    ids.sort(function (a, b) { return model.e[a].l.localeCompare(model.e[b].l); });
    box.appendChild(h("h3", "", kindNames[kind] || kind));
    var ul = h("ul", "kind-items");
    ids.slice(0, 300).forEach(function (id) { var li = h("li"); li.appendChild(link(id)); ul.appendChild(li); });
    box.appendChild(ul);
    if (ids.length > 300) { box.appendChild(h("p", "muted", (ui.search_more || "+{n}").replace("{n}", String(ids.length - 300)))); }
    box.hidden = false;
    return box;
  }

  // ---------------------------------------------------------------- navigation: every mention leads to its section
  function reveal(el) {
    // open the folded parts that hold the target (a rule group, a finding's explanation)
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") { p.open = true; }
      if (p.classList && p.classList.contains("group")) { p.classList.remove("collapsed"); }
    }
    if (el.classList.contains("finding")) {
      el.classList.remove("hidden");
      var d = el.querySelector("details");
      if (d) { d.open = true; }
    }
    el.classList.add("target");
    window.setTimeout(function () { el.classList.remove("target"); }, 2500);
    el.scrollIntoView({block: "start", behavior: "instant"});
  }

  function route() {
    var h0 = window.location.hash, el = null;
    if (h0.indexOf("#findings&") === 0 && cat) {
      restore(h0);
      document.getElementById("findings").scrollIntoView({block: "start", behavior: "instant"});
      return;
    }
    if (h0.indexOf("#e-") === 0) { el = renderElement(decodeURIComponent(h0.slice(3))); }
    else if (h0.indexOf("#k-") === 0) { el = renderKind(decodeURIComponent(h0.slice(3))); }
    else if (h0.indexOf("#f-") === 0) { el = document.getElementById(decodeURIComponent(h0.slice(1))); }
    if (el) { reveal(el); }
  }
  window.addEventListener("hashchange", route);
  route();

  // ---------------------------------------------------------------- search over the whole model
  var box = document.getElementById("m-search");
  var results = document.getElementById("m-results");
  if (box && results) {
    var ids = Object.keys(model.e);
    var hay = ids.map(function (id) { return (model.e[id].l + " " + id).toLowerCase(); });
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      results.textContent = "";
      if (q.length < 2) { results.hidden = true; return; }
      var hits = [];
      for (var i = 0; i < ids.length; i += 1) { if (hay[i].indexOf(q) >= 0) { hits.push(ids[i]); } }
      hits.slice(0, 30).forEach(function (id) {
        var a = link(id);
        a.className = "";
        a.appendChild(h("span", "kind", kindNames[model.e[id].k] || ""));
        a.addEventListener("click", function () { results.hidden = true; });
        results.appendChild(a);
      });
      if (!hits.length || hits.length > 30) {
        results.appendChild(h("span", "muted", hits.length ? box.getAttribute("data-more").replace("{n}", String(hits.length - 30))
                                                             : box.getAttribute("data-none")));
      }
      results.hidden = false;
    });
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { box.value = ""; results.hidden = true; }
    });
  }

  // ---------------------------------------------------------------- long tables in pages
  each(document.querySelectorAll("table.paged"), function (t) {
    var size = parseInt(t.getAttribute("data-page-size"), 10) || 50;
    var rows = Array.prototype.slice.call(t.tBodies[0].rows);
    if (rows.length <= size) { return; }
    var pages = Math.ceil(rows.length / size), page = 0;
    var nav = document.createElement("div");
    nav.className = "pager";
    var prev = document.createElement("button"), next = document.createElement("button");
    var info = document.createElement("span");
    prev.type = next.type = "button";
    prev.textContent = "‹"; next.textContent = "›";
    nav.appendChild(prev); nav.appendChild(info); nav.appendChild(next);
    var holder = t.parentElement.classList.contains("scroll") ? t.parentElement : t;
    holder.parentElement.insertBefore(nav, holder.nextSibling);
    function show(n) {
      page = Math.max(0, Math.min(pages - 1, n));
      rows.forEach(function (r, i) { r.hidden = Math.floor(i / size) !== page; });
      info.textContent = " " + (page + 1) + " / " + pages + " ";
      prev.disabled = page === 0; next.disabled = page === pages - 1;
    }
    prev.addEventListener("click", function () { show(page - 1); });
    next.addEventListener("click", function () { show(page + 1); });
    t.showRow = function (r) { show(Math.floor(rows.indexOf(r) / size)); };
    show(0);
  });

  // ---------------------------------------------------------------- diagrams
  each(document.querySelectorAll("figure.diagram button.zoom"), function (b) {
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
})();
