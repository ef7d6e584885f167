/* citekb: sort and filter the index tables (models, papers, claims, frameworks, organizations,
   reviews). No dependencies. Markup (written by src/citekb/site/htmltable.py):
   <div class="citekb-filters" data-table="ID"> before <table id="ID">; each <th> has data-key,
   data-type="text|number|year" and optionally data-filter="text|select|range" (with data-unit and
   data-scale for ranges); each <td> has data-value, the raw value used to sort and filter. */
(function () {
  "use strict";

  function cellValue(row, i) { return row.cells[i].getAttribute("data-value") || ""; }
  function asNumber(v) { var n = parseFloat(v); return isNaN(n) ? null : n; }
  function typed(type, v) {
    if (type === "year") { return asNumber(String(v).slice(0, 4)); }
    var n = asNumber(v); return n === null || n < 0 ? null : n;
  }

  function field(label, input) {
    var wrap = document.createElement("label"), span = document.createElement("span");
    span.textContent = label; wrap.appendChild(span); wrap.appendChild(input);
    return wrap;
  }

  function makeSelect(values) {
    var sel = document.createElement("select");
    var all = document.createElement("option"); all.value = ""; all.textContent = "All"; sel.appendChild(all);
    values.forEach(function (v) { var o = document.createElement("option"); o.value = v; o.textContent = v; sel.appendChild(o); });
    return sel;
  }

  function makeInput(placeholder, type) {
    var inp = document.createElement("input");
    inp.type = type; inp.placeholder = placeholder;
    if (type === "number") { inp.step = "any"; inp.inputMode = "decimal"; }
    return inp;
  }

  function addFilter(box, th, i, rows) {
    var kind = th.getAttribute("data-filter"), key = th.getAttribute("data-key"), name = th.textContent;
    if (kind === "text") {
      var t = makeInput("contains…", "search"); t.setAttribute("data-filter-for", key);
      box.appendChild(field(name, t));
      return function (row) { return cellValue(row, i).toLowerCase().indexOf(t.value.trim().toLowerCase()) >= 0; };
    }
    if (kind === "select") {
      var seen = {};
      rows.forEach(function (r) { cellValue(r, i).split(", ").forEach(function (v) { if (v) { seen[v] = true; } }); });
      var s = makeSelect(Object.keys(seen).sort(function (a, b) { return a.localeCompare(b); }));
      s.setAttribute("data-filter-for", key);
      box.appendChild(field(name, s));
      return function (row) { return !s.value || cellValue(row, i).split(", ").indexOf(s.value) >= 0; };
    }
    if (kind === "range") {
      var unit = th.getAttribute("data-unit"), scale = asNumber(th.getAttribute("data-scale")) || 1;
      var type = th.getAttribute("data-type"), suffix = unit ? " (" + unit + ")" : "";
      var lo = makeInput("min", "number"), hi = makeInput("max", "number");
      lo.setAttribute("data-filter-for", key + "-min"); hi.setAttribute("data-filter-for", key + "-max");
      box.appendChild(field(name + " from" + suffix, lo)); box.appendChild(field(name + " to" + suffix, hi));
      return function (row) {
        var v = typed(type, cellValue(row, i)), a = asNumber(lo.value), b = asNumber(hi.value);
        if (a === null && b === null) { return true; }
        if (v === null) { return false; }
        v = v / scale;
        return (a === null || v >= a) && (b === null || v <= b);
      };
    }
    return null;
  }

  function setup(box) {
    var table = document.getElementById(box.getAttribute("data-table"));
    if (!table || !table.tBodies.length || !table.tHead) { return; }
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells), filters = [];
    var count = document.createElement("output"); count.className = "citekb-count"; count.setAttribute("aria-live", "polite");

    heads.forEach(function (th, i) {
      var f = addFilter(box, th, i, rows);
      if (f) { filters.push(f); }
      // The header's text goes into a button: a real control, reachable and announced as one.
      var button = document.createElement("button");
      button.type = "button"; button.className = "citekb-sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () { sort(i, th); });
    });
    box.appendChild(count);

    function apply() {
      var shown = 0;
      rows.forEach(function (r) {
        var ok = filters.every(function (f) { return f(r); });
        r.hidden = !ok; if (ok) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length + " shown";
      count.setAttribute("data-shown", String(shown));
    }

    function sort(i, th) {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1, type = th.getAttribute("data-type");
      heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = cellValue(a, i), y = cellValue(b, i), c;
        if (type === "number" || type === "year") {
          var nx = typed(type, x), ny = typed(type, y);
          c = (nx === null ? -Infinity : nx) - (ny === null ? -Infinity : ny);
          if (isNaN(c)) { c = 0; }
        } else { c = x.localeCompare(y); }
        return c * dir || cellValue(a, 0).localeCompare(cellValue(b, 0));
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }

    box.addEventListener("input", apply);
    box.addEventListener("change", apply);
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".citekb-filters[data-table]"), setup);
})();
