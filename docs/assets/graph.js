/* citekb graph explorer on Cytoscape.js (bundled into the site at build time from npm, so nothing
   is fetched from elsewhere). Positions come from the data file, computed when the site is built,
   so the map is the same on every visit. Finding a record centres it and lights up its
   neighbours; the panel lists them (as buttons that move the selection, for keyboard users) and
   links to the record's page. Records without links are hidden until asked for. */
(function () {
  "use strict";
  var COLOURS = { work: "#6d4c9f", model: "#1e88e5", framework: "#00897b", organization: "#f4511e",
    claim: "#c0ca33", review: "#8d6e63", scenario: "#ec407a", criterion: "#fbc02d" };

  var box = document.getElementById("citekb-graph");
  if (!box) { return; }
  var panel = document.querySelector('.citekb-graph-controls[data-for="citekb-graph"]');
  var info = document.getElementById("citekb-graph-panel");

  function palette() {
    // The theme's own colours, resolved at run time (a custom property reads back unresolved, so a
    // probe element resolves it), so that edges and labels follow the light and the dark palette.
    var probe = document.createElement("span");
    box.appendChild(probe);
    function resolve(v, fallback) { probe.style.color = fallback; probe.style.color = "var(" + v + ")"; return getComputedStyle(probe).color; }
    var out = { fg: resolve("--md-default-fg-color", "#000"), bg: resolve("--md-default-bg-color", "#fff"),
      accent: resolve("--md-accent-fg-color", "#526cfe") };
    box.removeChild(probe);
    return out;
  }

  function style(p) {
    return [
      { selector: "node", style: { "background-color": "data(colour)", width: 9, height: 9, label: "data(name)",
        "font-size": 9, "min-zoomed-font-size": 12, color: p.fg, "text-valign": "bottom", "text-margin-y": 2,
        "text-max-width": 140, "text-wrap": "ellipsis", "border-width": 1, "border-color": p.bg } },
      { selector: 'node[kind = "criterion"]', style: { width: 16, height: 16, "font-weight": "bold" } },
      { selector: "edge", style: { width: 1, "line-color": p.fg, "line-opacity": 0.3, "curve-style": "straight",
        "target-arrow-shape": "none" } },
      { selector: "node.faded", style: { opacity: 0.25, "text-opacity": 0 } },
      { selector: "edge.faded", style: { opacity: 0.08 } },
      { selector: "node.near", style: { "min-zoomed-font-size": 0, "font-size": 10, "z-index": 10 } },
      { selector: "edge.near", style: { "line-color": p.accent, "line-opacity": 1, width: 1.6, "z-index": 9 } },
      { selector: "node.focus", style: { width: 18, height: 18, "border-width": 3, "border-color": p.accent,
        "min-zoomed-font-size": 0, "font-size": 12, "font-weight": "bold", "z-index": 11 } },
      { selector: ".hidden", style: { display: "none" } }
    ];
  }

  function elements(data) {
    var els = [], seen = {};
    data.nodes.forEach(function (n) {
      if (n.x === undefined) { return; }
      seen[n.id] = true;
      els.push({ group: "nodes", data: { id: n.id, kind: n.kind, name: String(n.name || n.label || n.id),
        url: n.url || "", colour: COLOURS[n.kind] || "#999" }, position: { x: n.x, y: n.y } });
    });
    data.edges.forEach(function (e, i) {
      if (!seen[e.source] || !seen[e.target] || e.source === e.target) { return; }
      els.push({ group: "edges", data: { id: "e" + i, source: e.source, target: e.target, relation: e.relation || "" } });
    });
    return els;
  }

  function link(href, text) {
    var a = document.createElement("a"); a.href = href; a.textContent = text; return a;
  }

  function build(data) {
    var cy = cytoscape({ container: box, elements: elements(data), layout: { name: "preset" }, style: style(palette()),
      minZoom: 0.2, maxZoom: 6, wheelSensitivity: 0.3, boxSelectionEnabled: false, autoungrabify: true });
    cy.nodes().forEach(function (n) { if (n.degree(false) === 0) { n.addClass("orphan"); } });
    window.citekbGraph = cy;  // for the browser tests and the curious

    function shown(n) { return !n.hasClass("hidden"); }

    function filter() {
      var on = {};
      panel.querySelectorAll("input[type=checkbox][value]").forEach(function (c) { on[c.value] = c.checked; });
      var orphans = panel.querySelector(".citekb-graph-orphans").checked;
      cy.batch(function () {
        cy.nodes().forEach(function (n) {
          n.toggleClass("hidden", on[n.data("kind")] === false || (n.hasClass("orphan") && !orphans));
        });
        cy.edges().forEach(function (e) { e.toggleClass("hidden", !shown(e.source()) || !shown(e.target())); });
      });
      box.setAttribute("data-visible", String(cy.nodes().filter(shown).length));
    }

    function describe(node) {
      info.textContent = "";
      var h = document.createElement("h2"); h.textContent = node.data("name"); info.appendChild(h);
      var p = document.createElement("p"); p.textContent = node.data("kind") + " · ";
      if (node.data("url")) { p.appendChild(link(node.data("url"), "Open its page")); } else { p.append("no page of its own"); }
      info.appendChild(p);
      var near = node.neighborhood("node").sort(function (a, b) { return a.data("name").localeCompare(b.data("name")); });
      var head = document.createElement("p"); head.textContent = near.length + " linked record" + (near.length === 1 ? "" : "s") + ":";
      info.appendChild(head);
      var ul = document.createElement("ul");
      near.forEach(function (m) {
        var li = document.createElement("li"), b = document.createElement("button");
        b.type = "button"; b.className = "citekb-graph-jump"; b.textContent = m.data("name");
        b.setAttribute("data-id", m.id());
        b.title = m.data("kind");
        li.appendChild(b); ul.appendChild(li);
      });
      info.appendChild(ul);
    }

    function focus(node) {
      cy.batch(function () {
        cy.elements().removeClass("near focus").addClass("faded");
        var hood = node.closedNeighborhood();
        hood.removeClass("faded").addClass("near");
        node.addClass("focus");
      });
      node.removeClass("hidden");
      // Zoom and pan together, to the pan that puts the node in the middle at the new zoom.
      var z = Math.max(cy.zoom(), 1.6), at = node.position();
      cy.stop();
      cy.animate({ zoom: z, pan: { x: cy.width() / 2 - z * at.x, y: cy.height() / 2 - z * at.y } }, { duration: 250 });
      box.setAttribute("data-focus", node.id());
      describe(node);
    }

    function clear() {
      cy.elements().removeClass("near focus faded");
      box.removeAttribute("data-focus");
    }

    var names = document.getElementById("citekb-graph-names"), byName = {};
    cy.nodes().sort(function (a, b) { return a.data("name").localeCompare(b.data("name")); }).forEach(function (n) {
      var key = n.data("name").toLowerCase();
      if (byName[key]) { return; }
      byName[key] = n;
      var o = document.createElement("option"); o.value = n.data("name"); names.appendChild(o);
    });

    function find(q, exactOnly) {
      q = q.trim().toLowerCase();
      if (q.length < 2) { return null; }
      if (byName[q]) { return byName[q]; }
      if (exactOnly) { return null; }
      return cy.nodes().filter(function (n) { return n.data("name").toLowerCase().indexOf(q) >= 0; })
        .sort(function (a, b) { return a.data("name").length - b.data("name").length; })[0] || null;
    }

    var search = panel.querySelector(".citekb-graph-search");
    search.addEventListener("input", function () { var n = find(search.value, true); if (n) { focus(n); } });
    search.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); var n = find(search.value, false); if (n) { focus(n); } else { clear(); } }
      if (ev.key === "Escape") { search.value = ""; clear(); }
    });
    panel.addEventListener("change", function (ev) { if (ev.target.type === "checkbox") { filter(); } });
    panel.querySelectorAll("button[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () { zoomBy(b.getAttribute("data-zoom")); });
    });
    info.addEventListener("click", function (ev) {
      var id = ev.target.getAttribute && ev.target.getAttribute("data-id");
      if (id) { focus(cy.getElementById(id)); }
    });
    cy.on("tap", "node", function (ev) { focus(ev.target); });
    cy.on("tap", function (ev) { if (ev.target === cy) { clear(); } });

    function zoomBy(how) {
      if (how === "fit") { cy.fit(cy.nodes().filter(shown), 20); return; }
      var z = cy.zoom() * (how === "in" ? 1.3 : 1 / 1.3);
      cy.zoom({ level: z, renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } });
    }
    box.addEventListener("keydown", function (ev) {
      var step = 60, moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (moves[ev.key]) { cy.panBy({ x: moves[ev.key][0], y: moves[ev.key][1] }); }
      else if (ev.key === "+" || ev.key === "=") { zoomBy("in"); }
      else if (ev.key === "-") { zoomBy("out"); }
      else if (ev.key === "0") { zoomBy("fit"); }
      else if (ev.key === "Escape") { clear(); }
      else { return; }
      ev.preventDefault();
    });
    // Material switches palettes by an attribute on <body>: restyle so edges stay visible.
    new MutationObserver(function () { cy.style(style(palette())); })
      .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    filter();
    cy.fit(cy.nodes().filter(shown), 20);
    box.setAttribute("data-ready", "true");
  }

  if (typeof cytoscape === "undefined") {
    box.textContent = "The graph library did not load; the same links are on every page.";
    return;
  }
  fetch(box.getAttribute("data-src"))
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(build)
    .catch(function (err) {
      box.textContent = "The graph data could not be loaded (" + err.message + "). Serve the site over HTTP, e.g. `make serve`.";
    });
})();
