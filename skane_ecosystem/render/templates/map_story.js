/* skane_ecosystem network map: the story -- the headline of findings and the names on the map.
 *
 * Runs after map.js and uses only what that exposes (window.skaneMap, and the page's
 * data through it):
 *
 *   headline  every button of the strip above the map (#headline, written by the
 *             template) lights the actors its finding is about and brings them into
 *             view (skaneMap.highlight), and shows the finding's sentence under the
 *             strip; a finding about no single actor says so.
 *   names     the vis-network view draws no names itself (once zoomed in, it would
 *             draw all of them on top of each other).  After every frame this script
 *             names the actors of data.named -- flagged first, then the largest, as
 *             render.labels.named_first orders them -- the selected actor before them,
 *             each at the first spot around its marker where the name overlaps no
 *             name already placed and stays inside the map; a name that finds no free
 *             spot is not drawn.  Text is measured with the canvas it is drawn on.
 *
 * Names are drawn as canvas text and the headline's sentences set as textContent:
 * whatever a name says, it is shown, never run.
 */
(function () {
  "use strict";

  var map = window.skaneMap;
  var data = map.data;

  // ---------------------------------------------------------------- headline
  function initHeadline() {
    var strip = document.getElementById("headline");
    if (!strip) { return; }
    var explanation = document.getElementById("headline-explanation");
    var buttons = Array.prototype.slice.call(strip.querySelectorAll("button[data-headline]"));
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        var item = data.headline[Number(button.getAttribute("data-headline"))];
        buttons.forEach(function (other) { other.setAttribute("aria-pressed", String(other === button)); });
        map.headlineActors = map.highlight(item.actors);
        explanation.textContent = item.note ? item.explanation + " " + item.note : item.explanation;
      });
    });
  }

  // ------------------------------------------------------------------- names
  var FONT = "600 13px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var LINE_HEIGHT = 16;  // pixels: the box a 13-pixel name occupies, descenders included
  var GAP = 3;           // pixels between a marker and its name
  var drawn = [];        // the names of the last frame: {id, text, x, y, width, height}

  /* The spots a name may take around a marker of radius r at p, in order of
     preference: right, left, below, above, then the four corners. */
  function spots(p, r, width) {
    var h = LINE_HEIGHT;
    var right = p.x + r + GAP;
    var left = p.x - r - GAP - width;
    var centre = p.x - width / 2;
    var middle = p.y - h / 2;
    var below = p.y + r + GAP;
    var above = p.y - r - GAP - h;
    return [[right, middle], [left, middle], [centre, below], [centre, above],
      [right, above], [left, above], [right, below], [left, below]];
  }

  function overlaps(a, b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  }

  function firstFreeSpot(p, r, width, placed, area) {
    var candidates = spots(p, r, width);
    for (var i = 0; i < candidates.length; i++) {
      var box = {x: candidates[i][0], y: candidates[i][1], width: width, height: LINE_HEIGHT};
      var inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= area.width && box.y + box.height <= area.height;
      if (inside && !placed.some(function (other) { return overlaps(box, other); })) { return box; }
    }
    return null;
  }

  function nameCandidates(network, labelOf) {
    var named = data.named.slice();
    var selected = network.getSelectedNodes()[0];
    if (selected !== undefined) {
      named = named.filter(function (pair) { return pair[0] !== selected; });
      named.unshift([selected, labelOf.get(selected)]);
    }
    return named.filter(function (pair) { return map.shownState(pair[0]) === "shown"; });
  }

  function placeNames(ctx, network, sizeOf, labelOf) {
    var canvas = ctx.canvas;
    var area = {width: canvas.clientWidth, height: canvas.clientHeight};
    var ratio = canvas.width / Math.max(area.width, 1);
    var candidates = nameCandidates(network, labelOf);
    var positions = network.getPositions(candidates.map(function (pair) { return pair[0]; }));
    var scale = network.getScale();
    ctx.save();
    // Draw in CSS pixels, whatever the view's pan and zoom: names keep one size.
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = FONT;
    var placed = [];
    candidates.forEach(function (pair) {
      var p = network.canvasToDOM(positions[pair[0]]);
      var box = firstFreeSpot(p, sizeOf.get(pair[0]) * scale, ctx.measureText(pair[1]).width, placed, area);
      if (box) { box.id = pair[0]; box.text = pair[1]; placed.push(box); }
    });
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    placed.forEach(function (box) {
      var y = box.y + box.height / 2;
      ctx.lineWidth = 4;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";  // a halo keeps the name legible over ties
      ctx.strokeText(box.text, box.x, y);
      ctx.fillStyle = "#1a1a1a";
      ctx.fillText(box.text, box.x, y);
    });
    ctx.restore();
    drawn = placed;
  }

  function initNames() {
    if (map.renderer !== "vis" || !map.network || !data.named || !data.named.length) { return; }
    var network = map.network;
    var sizeOf = new Map();
    var labelOf = new Map();
    data.nodes.forEach(function (n) { sizeOf.set(n.id, n.size); labelOf.set(n.id, n.label); });
    network.on("afterDrawing", function (ctx) { placeNames(ctx, network, sizeOf, labelOf); });
    network.redraw();
  }

  map.drawnNames = function () {
    return drawn.map(function (box) {
      return {id: box.id, text: box.text, x: box.x, y: box.y, width: box.width, height: box.height};
    });
  };

  initHeadline();
  initNames();
})();
