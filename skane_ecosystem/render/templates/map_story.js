/* skane_ecosystem network map: the story -- the headline of findings and the names on the map.
 *
 * Runs after map.js and uses only what that exposes (window.skaneMap, and the page's
 * data through it):
 *
 *   headline  every button of the strip above the map (#headline, written by the
 *             template) lights the actors its finding is about and brings them into
 *             view (skaneMap.highlight), and shows the finding's sentence under the
 *             strip; a finding about no single actor says so.
 *   names     the views draw no names themselves (vis-network, once zoomed in, would
 *             draw all of them on top of each other; sigma.js thins them by a grid
 *             that lets neighbours overlap).  After every frame this script names
 *             the actors of data.named -- flagged first, then the largest, as
 *             render.labels.named_first orders them -- the selected actor before them,
 *             each at the first spot around its marker where the name overlaps no
 *             name already placed and stays inside the map; a name that finds no free
 *             spot is not drawn.  Text is measured with the canvas it is drawn on:
 *             vis-network's, or sigma.js's label layer.
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

  /* The actors to name, in order: the selected one, then data.named; only those
     shown and not dimmed.  A view that names the selected actor itself (sigma.js, in
     a box) leaves it out. */
  function nameCandidates(where, labelOf) {
    var selected = where.selected();
    var named = data.named.filter(function (pair) { return pair[0] !== selected; });
    if (selected !== null && !where.namesSelected) { named.unshift([selected, labelOf.get(selected)]); }
    return named.filter(function (pair) { return map.shownState(pair[0]) === "shown"; });
  }

  /* Place and draw the names on ctx, whose canvas covers the map.  The view tells
     where an actor is on screen and how large its marker is (CSS pixels). */
  function placeNames(ctx, where, labelOf) {
    var canvas = ctx.canvas;
    var area = {width: canvas.clientWidth, height: canvas.clientHeight};
    var ratio = canvas.width / Math.max(area.width, 1);
    var candidates = nameCandidates(where, labelOf);
    var points = where.points(candidates.map(function (pair) { return pair[0]; }));
    ctx.save();
    // Draw in CSS pixels, whatever the view's pan and zoom: names keep one size.
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = FONT;
    var placed = [];
    candidates.forEach(function (pair) {
      var point = points[pair[0]];
      var box = firstFreeSpot(point, point.radius, ctx.measureText(pair[1]).width, placed, area);
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

  /* Where the vis-network view draws an actor; names go on its canvas after each frame. */
  function visNames(network, sizeOf, labelOf) {
    var where = {
      namesSelected: false,
      selected: function () { var ids = network.getSelectedNodes(); return ids.length ? ids[0] : null; },
      points: function (ids) {
        var positions = network.getPositions(ids);
        var scale = network.getScale();
        var points = {};
        ids.forEach(function (id) {
          points[id] = Object.assign(network.canvasToDOM(positions[id]), {radius: sizeOf.get(id) * scale});
        });
        return points;
      }
    };
    network.on("afterDrawing", function (ctx) { placeNames(ctx, where, labelOf); });
    // The first frame is drawn already: name on it rather than draw every actor again.
    placeNames(document.querySelector("#map canvas").getContext("2d"), where, labelOf);
  }

  /* Where sigma.js draws an actor; names go on its label layer after each frame.  Its
     own labels are off on such a map (map_view_webgl.js); it still names the selected
     actor itself, in a box. */
  function webglNames(sigma, labelOf) {
    var graph = sigma.getGraph();
    var where = {
      namesSelected: true,
      selected: function () {
        var id = graph.findNode(function (node, attributes) { return attributes.highlighted; });
        return id === undefined ? null : id;
      },
      points: function (ids) {
        var points = {};
        ids.forEach(function (id) {
          var shown = sigma.getNodeDisplayData(id);
          points[id] = Object.assign(sigma.framedGraphToViewport(shown), {radius: sigma.scaleSize(shown.size)});
        });
        return points;
      }
    };
    var layer = sigma.getCanvases().labels;
    var nameThem = function () { placeNames(layer.getContext("2d"), where, labelOf); };
    sigma.on("afterRender", nameThem);
    // sigma.js has drawn its first frame already; naming on the empty label layer costs
    // nothing, drawing 10,000 actors again a second.
    nameThem();
  }

  function initNames() {
    if (!data.named || !data.named.length) { return; }
    var sizeOf = new Map();
    var labelOf = new Map();
    data.nodes.forEach(function (n) { sizeOf.set(n.id, n.size); labelOf.set(n.id, n.label); });
    if (map.renderer === "vis" && map.network) { visNames(map.network, sizeOf, labelOf); }
    if (map.renderer === "webgl" && map.sigma) { webglNames(map.sigma, labelOf); }
  }

  map.drawnNames = function () {
    return drawn.map(function (box) {
      return {id: box.id, text: box.text, x: box.x, y: box.y, width: box.width, height: box.height};
    });
  };

  initHeadline();
  initNames();
})();
