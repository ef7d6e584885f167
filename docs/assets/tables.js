/* citekb: sort and filter a plain HTML table (the models table). No dependencies.
   Markup: <div class="citekb-filters" data-table="ID"> before <table id="ID">; each <th> has
   data-filter="text|select|range"; each <td> has data-value (the raw value used to sort and filter). */
(function () {
  "use strict";

  function cellValue(row, i) { return row.cells[i].getAttribute("data-value") || ""; }
  function asNumber(v) { var n = parseFloat(v); return isNaN(n) ? null : n; }
  // Ranges: parameter counts are entered in billions, dates as years.
  function rangeValue(key, v) {
    if (key === "size") { var n = asNumber(v); return n === null || n < 0 ? null : n / 1e9; }
    return asNumber(String(v).slice(0, 4));
  }

  function makeSelect(label, values) {
    var wrap = document.createElement("label"), sel = document.createElement("select");
    wrap.textContent = label;
    var all = document.createElement("option"); all.value = ""; all.textContent = "All"; sel.appendChild(all);
    values.forEach(function (v) { var o = document.createElement("option"); o.value = v; o.textContent = v; sel.appendChild(o); });
    wrap.appendChild(sel);
    return { wrap: wrap, input: sel };
  }

  function makeInput(label, placeholder, type) {
    var wrap = document.createElement("label"), inp = document.createElement("input");
    wrap.textContent = label; inp.type = type; inp.placeholder = placeholder;
    if (type === "number") { inp.step = "any"; inp.size = 6; }
    wrap.appendChild(inp);
    return { wrap: wrap, input: inp };
  }

  function setup(box) {
    var table = document.getElementById(box.getAttribute("data-table"));
    if (!table || !table.tBodies.length) { return; }
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells), filters = [];
    var count = document.createElement("span"); count.className = "citekb-count";

    heads.forEach(function (th, i) {
      var kind = th.getAttribute("data-filter"), key = th.getAttribute("data-key"), name = th.textContent;
      if (kind === "text") {
        var t = makeInput(name, "contains…", "search"); t.input.setAttribute("data-filter-for", key);
        box.appendChild(t.wrap);
        filters.push(function (row) { return cellValue(row, i).toLowerCase().indexOf(t.input.value.trim().toLowerCase()) >= 0; });
      } else if (kind === "select") {
        var seen = {};
        rows.forEach(function (r) { cellValue(r, i).split(", ").forEach(function (v) { if (v) { seen[v] = true; } }); });
        var s = makeSelect(name, Object.keys(seen).sort()); s.input.setAttribute("data-filter-for", key);
        box.appendChild(s.wrap);
        filters.push(function (row) { return !s.input.value || cellValue(row, i).split(", ").indexOf(s.input.value) >= 0; });
      } else if (kind === "range") {
        var unit = key === "size" ? "(B)" : "(year)";
        var lo = makeInput(name + " from " + unit, "min", "number"), hi = makeInput(name + " to " + unit, "max", "number");
        lo.input.setAttribute("data-filter-for", key + "-min"); hi.input.setAttribute("data-filter-for", key + "-max");
        box.appendChild(lo.wrap); box.appendChild(hi.wrap);
        filters.push(function (row) {
          var v = rangeValue(key, cellValue(row, i)), a = asNumber(lo.input.value), b = asNumber(hi.input.value);
          if (a === null && b === null) { return true; }
          return v !== null && (a === null || v >= a) && (b === null || v <= b);
        });
      }
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      var sortBy = function () { sort(i, key === "size", th); };
      th.addEventListener("click", sortBy);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sortBy(); } });
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

    function sort(i, numeric, th) {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = cellValue(a, i), y = cellValue(b, i);
        var c = numeric ? (asNumber(x) || -1) - (asNumber(y) || -1) : x.localeCompare(y);
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
