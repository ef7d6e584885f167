/* citekb graph explorer: draws the node-link JSON (with positions computed at build time) as SVG.
   Tick boxes filter node types, the search box highlights names, a click opens the node's page.
   No dependencies; the data file sits next to the page, so nothing is fetched from elsewhere. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var COLOURS = { work: "#6d4c9f", model: "#1e88e5", framework: "#00897b", organization: "#f4511e",
    claim: "#c0ca33", review: "#8d6e63", scenario: "#ec407a", criterion: "#fbc02d" };

  function el(name, attrs) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  function draw(box, data) {
    var svg = el("svg", { viewBox: "0 0 1000 1000", "aria-label": "Knowledge graph", role: "img" });
    var edges = el("g", { "class": "edges" }), nodes = el("g", { "class": "nodes" });
    var tip = document.createElement("div"); tip.className = "tip";
    var byId = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; });
    data.edges.forEach(function (e) {
      var a = byId[e.source], b = byId[e.target];
      if (!a || !b || a.x === undefined || b.x === undefined) { return; }
      var line = el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, "stroke-width": 0.4 });
      line.setAttribute("data-kinds", a.kind + " " + b.kind);
      edges.appendChild(line);
    });
    data.nodes.forEach(function (n) {
      if (n.x === undefined) { return; }
      var c = el("circle", { cx: n.x, cy: n.y, r: n.kind === "criterion" ? 7 : 4, fill: COLOURS[n.kind] || "#999" });
      c.setAttribute("data-kind", n.kind);
      c.setAttribute("data-id", n.id);
      c.setAttribute("data-label", String(n.label || n.id));
      if (n.url) { c.setAttribute("data-url", n.url); c.style.cursor = "pointer"; }
      nodes.appendChild(c);
    });
    svg.appendChild(edges); svg.appendChild(nodes);
    box.appendChild(svg); box.appendChild(tip);
    box.setAttribute("data-nodes", String(nodes.childNodes.length));

    nodes.addEventListener("click", function (ev) {
      var url = ev.target.getAttribute && ev.target.getAttribute("data-url");
      if (url) { window.location.href = url; }
    });
    nodes.addEventListener("mousemove", function (ev) {
      var label = ev.target.getAttribute && ev.target.getAttribute("data-label");
      if (!label) { tip.style.display = "none"; return; }
      var r = box.getBoundingClientRect();
      tip.textContent = ev.target.getAttribute("data-kind") + ": " + label;
      tip.style.left = (ev.clientX - r.left + 12) + "px"; tip.style.top = (ev.clientY - r.top + 12) + "px";
      tip.style.display = "block";
    });
    nodes.addEventListener("mouseleave", function () { tip.style.display = "none"; });
    zoom(svg);
    return { svg: svg, nodes: nodes, edges: edges };
  }

  // Wheel zooms around the pointer, dragging pans: both just move the viewBox.
  function zoom(svg) {
    var vb = [0, 0, 1000, 1000], drag = null;
    function set() { svg.setAttribute("viewBox", vb.join(" ")); }
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = svg.getBoundingClientRect(), f = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
      var px = vb[0] + vb[2] * (ev.clientX - r.left) / r.width, py = vb[1] + vb[3] * (ev.clientY - r.top) / r.height;
      vb = [px - (px - vb[0]) * f, py - (py - vb[1]) * f, vb[2] * f, vb[3] * f]; set();
    }, { passive: false });
    svg.addEventListener("mousedown", function (ev) { drag = [ev.clientX, ev.clientY]; });
    window.addEventListener("mouseup", function () { drag = null; });
    svg.addEventListener("mousemove", function (ev) {
      if (!drag) { return; }
      var r = svg.getBoundingClientRect();
      vb[0] -= (ev.clientX - drag[0]) * vb[2] / r.width; vb[1] -= (ev.clientY - drag[1]) * vb[3] / r.height;
      drag = [ev.clientX, ev.clientY]; set();
    });
  }

  function controls(panel, view) {
    function apply() {
      var on = {};
      Array.prototype.forEach.call(panel.querySelectorAll("input[type=checkbox]"), function (c) { on[c.value] = c.checked; });
      var q = (panel.querySelector("input[type=search]") || { value: "" }).value.trim().toLowerCase();
      Array.prototype.forEach.call(view.nodes.childNodes, function (c) {
        var k = c.getAttribute("data-kind");
        c.style.display = on[k] === false ? "none" : "";
        c.classList.toggle("hit", q.length > 1 && c.getAttribute("data-label").toLowerCase().indexOf(q) >= 0);
      });
      Array.prototype.forEach.call(view.edges.childNodes, function (l) {
        var ks = l.getAttribute("data-kinds").split(" ");
        l.style.display = on[ks[0]] === false || on[ks[1]] === false ? "none" : "";
      });
    }
    panel.addEventListener("input", apply);
    panel.addEventListener("change", apply);
  }

  var box = document.getElementById("citekb-graph");
  if (!box) { return; }
  fetch(box.getAttribute("data-src"))
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (data) {
      var view = draw(box, data);
      var panel = document.querySelector('.citekb-graph-controls[data-for="citekb-graph"]');
      if (panel) { controls(panel, view); }
    })
    .catch(function (err) {
      box.textContent = "The graph data could not be loaded (" + err.message + "). Serve the site over HTTP, e.g. `mkdocs serve`.";
    });
})();
