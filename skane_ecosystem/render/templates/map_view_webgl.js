/* skane_ecosystem network map: the WebGL view, for maps of more than WEBGL_ABOVE actors.
 *
 * Draws with sigma.js on WebGL, which keeps tens of thousands of actors and their
 * ties smooth to pan and zoom where vis-network's canvas slows to a crawl.  What it
 * draws differently from the small maps' view (map_view_vis.js), and the legend says so:
 * every actor is a disc (a finding is a coloured ring in the marker's colour, not a
 * shape), ties are thin solid lines (arrows keep their width), and there are no hover
 * tooltips: a click opens the card.
 * The page's script (map.js) talks to it only through the view contract described there.
 */
window.skaneViews = window.skaneViews || {};
window.skaneViews.webgl = function (container, data) {
  "use strict";

  // vis-network sizes are pixels at 1:1 zoom, chosen for a few hundred actors; with
  // thousands fitted into one screen the discs would cover each other, so they shrink
  // with the square root of the number of actors (1 up to 600 actors).
  var nodeScale = Math.min(1, Math.sqrt(600 / Math.max(data.nodes.length, 1)));
  var edgeScale = 0.5;  // arrows (directed ties) keep their width, at half scale
  var RING = 0.3;  // the ring's share of a flagged actor's radius

  var graph = new graphology.Graph({type: data.directed ? "directed" : "undirected", multi: true});
  var looks = new Map();
  data.nodes.forEach(function (n) {
    var flagged = n.borderWidth > 1;
    var look = {
      // vis-network's y axis points down, sigma's up: flip, so both views show one picture.
      x: n.x, y: -n.y, size: n.size * nodeScale, label: n.label,
      color: n.color.background, borderColor: n.color.border,
      type: flagged ? "ring" : "circle"
    };
    looks.set(n.id, look);
    graph.addNode(n.id, Object.assign({}, look));
  });
  var edgeColors = new Map();
  data.edges.forEach(function (e) {
    edgeColors.set(e.id, e.color);
    graph.addEdgeWithKey(e.id, e.from, e.to, {size: e.width * edgeScale, color: e.color});
  });

  var selected = null;
  var renderer = newRenderer();
  if (renderer === null) {
    // No WebGL (switched off by policy, or a very old browser): say so instead of a
    // blank map, and keep the panel working (search, filters, cards, findings).
    var message = document.createElement("p");
    message.className = "no-webgl";
    message.textContent = data.labels["webgl.unavailable"];
    container.appendChild(message);
    return blindView(message);
  }

  /* A sigma renderer, or null when this browser cannot draw with WebGL: then sigma.js
     itself fails while loading (it probes WebGL at once) and Sigma is not defined,
     or its constructor throws. */
  function newRenderer() {
    if (typeof Sigma === "undefined") { return null; }
    try {
      return new Sigma(graph, container, {
        defaultEdgeType: data.directed ? "arrow" : "line",
        // Undirected ties as one-pixel GL lines: with thousands of ties, drawing each
        // as a wide, anti-aliased quad doubled the first frame (software WebGL, 10,000
        // actors: 3.8 s against 2.1 s), and widths are unreadable in such a crowd.
        edgeProgramClasses: {line: Sigma.rendering.EdgeLineProgram},
        nodeProgramClasses: {
          ring: Sigma.rendering.createNodeBorderProgram({
            borders: [
              {size: {value: RING}, color: {attribute: "borderColor"}},
              {size: {fill: true}, color: {attribute: "color"}}
            ]
          })
        },
        // Where the page names actors itself (map_story.js: flagged and largest first,
        // without overlap), sigma's own labels would cover them: it draws none.
        renderLabels: !(data.named && data.named.length),
        labelFont: "system-ui, sans-serif",
        labelColor: {color: "#222222"},
        zIndex: true,
        minCameraRatio: 0.02,
        maxCameraRatio: 4
      });
    } catch (error) {
      return null;
    }
  }

  function blindView(message) {
    var nothing = function () {};
    return {
      update: nothing, select: nothing, focus: nothing, fit: nothing, onClick: nothing,
      onFirstDraw: function (handler) { handler(); },
      destroy: function () { container.removeChild(message); },
      api: {sigma: null, graph: graph}
    };
  }

  function restyleNode(change) {
    var look = looks.get(change.id);
    graph.mergeNodeAttributes(change.id, {
      hidden: change.hidden,
      color: change.dimmed ? data.dimmed : look.color,
      borderColor: change.dimmed ? data.dimmed : look.borderColor,
      label: change.dimmed ? "" : look.label,
      zIndex: change.dimmed ? 0 : 1
    });
  }

  function restyleEdge(change) {
    graph.mergeEdgeAttributes(change.id, {
      hidden: change.hidden,
      color: change.dimmed ? data.dimmed : edgeColors.get(change.id),
      zIndex: change.dimmed ? 0 : 1
    });
  }

  return {
    update: function (nodeChanges, edgeChanges) {
      nodeChanges.forEach(restyleNode);
      edgeChanges.forEach(restyleEdge);
    },
    select: function (id) {
      if (selected !== null && graph.hasNode(selected)) {
        graph.mergeNodeAttributes(selected, {highlighted: false, forceLabel: false});
      }
      selected = id;
      if (id !== null) { graph.mergeNodeAttributes(id, {highlighted: true, forceLabel: true, zIndex: 2}); }
    },
    focus: function (id) {
      var point = renderer.getNodeDisplayData(id);
      if (!point) { return; }
      var camera = renderer.getCamera();
      camera.animate({x: point.x, y: point.y, ratio: Math.min(camera.ratio, 0.25)}, {duration: 300});
    },
    // fit(): the whole network; fit(ids): those actors.
    fit: function (ids) {
      if (!ids) { renderer.getCamera().animatedReset({duration: 300}); return; }
      // Display coordinates span 0..1 across the whole network at ratio 1: the
      // actors' extent, with a margin, is the ratio that shows them all.
      var points = ids.map(function (id) { return renderer.getNodeDisplayData(id); }).filter(Boolean);
      if (!points.length) { return; }
      var xs = points.map(function (p) { return p.x; });
      var ys = points.map(function (p) { return p.y; });
      var extent = Math.max(Math.max.apply(null, xs) - Math.min.apply(null, xs),
        Math.max.apply(null, ys) - Math.min.apply(null, ys));
      renderer.getCamera().animate({
        x: (Math.max.apply(null, xs) + Math.min.apply(null, xs)) / 2,
        y: (Math.max.apply(null, ys) + Math.min.apply(null, ys)) / 2,
        ratio: Math.min(1, Math.max(0.05, extent * 1.4))
      }, {duration: 300});
    },
    onClick: function (handler) {
      renderer.on("clickNode", function (event) { handler(event.node); });
      renderer.on("clickStage", function () { handler(null); });
    },
    onFirstDraw: function (handler) {
      renderer.once("afterRender", handler);
      renderer.refresh();  // draws now, whether or not the constructor already did
    },
    destroy: function () { renderer.kill(); },
    api: {sigma: renderer, graph: graph}
  };
};
