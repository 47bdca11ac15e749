/* skane_ecosystem network map: the geography view, beside the network view.
 *
 * With data.geography (the map's Python side puts it there when the actors'
 * municipalities are known), a "Network / Geography" toggle in the header moves
 * every actor between its place in the network layout and its place at its
 * municipality, and in the geography view the region's outline (and the box of actors
 * whose municipality is unknown) is drawn under the network on vis-network's canvas.
 * The outline, positions and box come projected to the nodes' canvas coordinates
 * (y grows downward, so north is up).
 *
 * Safety rule as in map.js: only catalog labels reach the page, through textContent
 * and the canvas; nothing from the data is put in as HTML.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("skane-data").textContent);
  var geo = data.geography;
  var map = window.skaneMap;
  if (!geo || !map || !map.network) { return; }

  var LAND = "#F2F0EB";
  var COAST = "#9A9A9A";
  var BOX = "#777777";
  var PLACE = "#6B6B6B";
  // On a map, where the actors are is the news: the ties are drawn faint under them.
  var TIE_OPACITY = {network: 1, geography: 0.3};
  var network = map.network;
  var networkPositions = new Map();
  data.nodes.forEach(function (n) { networkPositions.set(n.id, [n.x, n.y]); });
  var mode = "network";
  var buttons = {};
  // The browser's physics would pull the actors away from their municipalities.
  var physics = Boolean(data.options && data.options.physics && data.options.physics.enabled);

  network.on("beforeDrawing", function (ctx) {
    if (mode !== "geography") { return; }
    var pixel = 1 / network.getScale();  // one screen pixel in canvas units
    drawOutline(ctx, pixel);
    drawUnknownBox(ctx, pixel);
  });
  // Over the ties, with a white halo, so the places can be read through them.
  network.on("afterDrawing", function (ctx) {
    if (mode === "geography") { nameMunicipalities(ctx, 1 / network.getScale()); }
  });

  function drawOutline(ctx, pixel) {
    ctx.save();
    ctx.beginPath();
    geo.outline.forEach(function (ring) {
      ring.forEach(function (point, i) {
        if (i === 0) { ctx.moveTo(point[0], point[1]); } else { ctx.lineTo(point[0], point[1]); }
      });
      ctx.closePath();
    });
    ctx.fillStyle = LAND;
    ctx.fill("evenodd");
    ctx.lineWidth = 1.2 * pixel;
    ctx.strokeStyle = COAST;
    ctx.stroke();
    ctx.restore();
  }

  function drawUnknownBox(ctx, pixel) {
    var box = geo.unknownBox;
    if (!box) { return; }
    ctx.save();
    ctx.strokeStyle = BOX;
    ctx.lineWidth = pixel;
    ctx.setLineDash([6 * pixel, 4 * pixel]);
    ctx.strokeRect(box[0], box[1], box[2] - box[0], box[3] - box[1]);
    ctx.fillStyle = BOX;
    ctx.font = (13 * pixel) + "px system-ui, sans-serif";
    ctx.textBaseline = "bottom";
    ctx.fillText(geo.labels.unknown, box[0], box[1] - 4 * pixel);
    ctx.restore();
  }

  /* Each municipality with actors named in grey just south of them (on the canvas:
     as text, so a name from a user's table can only ever be shown).  The list comes
     with the municipalities with most actors first; a name that would overlap one
     already written waits until the reader zooms in. */
  function nameMunicipalities(ctx, pixel) {
    var written = [];
    ctx.save();
    ctx.font = "italic " + (12 * pixel) + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillStyle = PLACE;
    ctx.strokeStyle = "#FFFFFF";
    ctx.lineWidth = 3 * pixel;
    ctx.lineJoin = "round";
    geo.municipalities.forEach(function (entry) {
      var half = ctx.measureText(entry[0]).width / 2 + 2 * pixel;
      var box = {left: entry[1] - half, right: entry[1] + half, top: entry[2], bottom: entry[2] + 15 * pixel};
      if (written.some(function (other) { return overlap(box, other); })) { return; }
      written.push(box);
      ctx.strokeText(entry[0], entry[1], entry[2]);
      ctx.fillText(entry[0], entry[1], entry[2]);
    });
    ctx.restore();
    map.geography.named = written.length;
  }

  function overlap(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  /* Move every actor to its place in the wanted view and fit it to the window. */
  function show(wanted) {
    if (wanted !== "network" && wanted !== "geography") { return false; }
    mode = wanted;
    network.setOptions({physics: {enabled: physics && mode === "network"}});
    map.nodes.update(data.nodes.map(function (n) {
      var point = wanted === "geography" ? geo.positions[n.id] : networkPositions.get(n.id);
      return {id: n.id, x: point[0], y: point[1]};
    }));
    network.setOptions({edges: {color: {opacity: TIE_OPACITY[mode]}}});
    if (mode === "geography") { fitRegion(); } else { network.fit({animation: false}); }
    markButtons();
    return true;
  }

  function markButtons() {
    Object.keys(buttons).forEach(function (name) {
      buttons[name].setAttribute("aria-pressed", String(name === mode));
      buttons[name].style.fontWeight = name === mode ? "600" : "normal";
      buttons[name].style.background = name === mode ? "#e8f1fa" : "#ffffff";
    });
  }

  /* The whole region in the window, not only its actors: the outline is the point of the view. */
  function fitRegion() {
    var xs = [], ys = [];
    geo.outline.forEach(function (ring) {
      ring.forEach(function (point) { xs.push(point[0]); ys.push(point[1]); });
    });
    Object.keys(geo.positions).forEach(function (id) {
      xs.push(geo.positions[id][0]);
      ys.push(geo.positions[id][1]);
    });
    if (geo.unknownBox) { xs.push(geo.unknownBox[0], geo.unknownBox[2]); ys.push(geo.unknownBox[1], geo.unknownBox[3]); }
    var left = Math.min.apply(null, xs), right = Math.max.apply(null, xs);
    var top = Math.min.apply(null, ys), bottom = Math.max.apply(null, ys);
    var window_ = document.getElementById("map").getBoundingClientRect();
    function scaleFor(top) {
      return 0.95 * Math.min(window_.width / Math.max(right - left, 1), window_.height / Math.max(bottom - top, 1));
    }
    // The unknown box's label sits above it, 20 screen pixels tall: make room for it.
    if (geo.unknownBox) { top = Math.min(top, geo.unknownBox[1] - 20 / scaleFor(top)); }
    network.moveTo({position: {x: (left + right) / 2, y: (top + bottom) / 2}, scale: scaleFor(top), animation: false});
  }

  function toggleBar() {
    var bar = document.createElement("div");
    bar.id = "view-toggle";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", geo.labels.toggle);
    bar.style.cssText = "display:inline-flex;vertical-align:middle;" +
      "border:1px solid #999;border-radius:4px;overflow:hidden;font:13px system-ui,sans-serif";
    ["network", "geography"].forEach(function (name) {
      var button = document.createElement("button");
      button.type = "button";
      button.dataset.view = name;
      button.textContent = geo.labels[name];
      button.style.cssText = "border:none;padding:4px 10px;cursor:pointer;font:inherit";
      button.addEventListener("click", function () { show(name); });
      buttons[name] = button;
      bar.appendChild(button);
    });
    return bar;
  }

  // In the header's line of facts, first: seen at once, and never over an actor on the canvas.
  var facts = document.querySelector("header.top .meta");
  if (facts) {
    facts.insertBefore(toggleBar(), facts.firstChild);
  } else {
    var bar = toggleBar();
    bar.style.position = "absolute";
    bar.style.top = "8px";
    bar.style.right = "8px";
    bar.style.zIndex = "5";
    document.getElementById("map").appendChild(bar);
  }
  map.geography = {show: show, mode: function () { return mode; }};
  // A map that opens as a network is already drawn as one.
  if (geo.start === "geography") { show("geography"); } else { markButtons(); }
})();
