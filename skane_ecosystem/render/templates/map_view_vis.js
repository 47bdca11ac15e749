/* skane_ecosystem network map: the vis-network view, for maps of up to WEBGL_ABOVE actors.
 *
 * Draws on a canvas with vis-network: shapes mark findings, ties can be dashed and
 * bent, hovering shows a plain-text tooltip.  The page's script (map.js) talks to it
 * only through the view contract described there.
 */
window.skaneViews = window.skaneViews || {};
window.skaneViews.vis = function (container, data) {
  "use strict";

  var labelOf = new Map();
  data.nodes.forEach(function (n) { labelOf.set(n.id, n.label); });

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {
      id: n.id, label: n.label, title: n.title, x: n.x, y: n.y, size: n.size,
      shape: n.shape, color: n.color, borderWidth: n.borderWidth,
      borderWidthSelected: n.borderWidth + 1
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var item = {
      id: e.id, from: e.from, to: e.to, title: e.title || tieTitle(e), width: e.width,
      color: edgeColor(e.color), dashes: e.dashes
    };
    if (e.smooth) { item.smooth = e.smooth; }
    return item;
  }));
  var colorOfNode = new Map();
  data.nodes.forEach(function (n) { colorOfNode.set(n.id, n.color); });
  var colorOfEdge = new Map();
  data.edges.forEach(function (e) { colorOfEdge.set(e.id, e.color); });

  var dimNodeColor = {
    background: data.dimmed, border: data.dimmed,
    highlight: {background: data.dimmed, border: data.dimmed},
    hover: {background: data.dimmed, border: data.dimmed}
  };

  function edgeColor(color) {
    return {color: color, highlight: color, hover: color, inherit: false};
  }

  /* Plain text, shown by vis-network as text: "A — B", relations, strength, waves and
     whether both sides reported the tie. */
  function tieTitle(e) {
    var L = data.labels;
    var arrow = data.directed ? " \u2192 " : " \u2014 ";
    var lines = [
      labelOf.get(e.from) + arrow + labelOf.get(e.to),
      L["tie.relations"] + ": " + e.relations.map(function (r) { return data.relationLabels[r]; }).join(", ")
    ];
    // A public map is given no strengths (the legend says why): it names none.
    if (e.weight !== null) { lines.push(L["tie.weight"] + ": " + e.weight); }
    if (e.waves.length) { lines.push(L["tie.waves"] + ": " + e.waves.join(", ")); }
    if (e.confirmed !== null && e.confirmed !== undefined) {
      lines.push(e.confirmed ? L["tie.confirmed"] : L["tie.unconfirmed"]);
    }
    return lines.join("\n");
  }

  /* Which actor is under the pointer.  vis-network asks every actor whether its
     bounding square touches the pointer and takes the last that says yes, so a click
     on the centre of a large hub could select a neighbour whose square (or star)
     covers that point, and the tooltip could name yet another.  Clicks, taps, hovers
     and tooltips all ask through node.isOverlappingWith: answered here, for a point,
     "yes" comes from one actor only, the one whose drawn shape holds the point, the
     nearest centre among several.  A question about an area keeps vis-network's answer. */
  var HIT_SLOP_PX = 3;  // this close outside a shape's edge, the pointer still touches it

  function answerPointQuestionsByShape(network) {
    var body = network.body;
    var asked = {x: NaN, y: NaN, id: null};

    function actorAt(x, y) {
      if (x !== asked.x || y !== asked.y) {
        asked = {x: x, y: y, id: nearestHolding(x, y, HIT_SLOP_PX / network.getScale())};
      }
      return asked.id;
    }

    function nearestHolding(x, y, slop) {
      var best = null;
      var bestDistance = Infinity;
      body.nodeIndices.forEach(function (id) {  // the actors drawn now
        var node = body.nodes[id];
        var distance = Math.hypot(x - node.x, y - node.y);
        if (distance < bestDistance && shapeHolds(node, x, y, slop)) {
          best = id;
          bestDistance = distance;
        }
      });
      return best;
    }

    Object.keys(body.nodes).forEach(function (id) {
      var node = body.nodes[id];
      var ownAnswer = node.isOverlappingWith;
      node.isOverlappingWith = function (box) {
        var isPoint = Math.abs(box.right - box.left) <= 2 && Math.abs(box.top - box.bottom) <= 2;
        if (!isPoint || outline(node, 0) === undefined) { return ownAnswer.call(node, box); }
        return actorAt((box.left + box.right) / 2, (box.top + box.bottom) / 2) === id;
      };
    });
  }

  function shapeHolds(node, x, y, slop) {
    var size = node.options.size;
    if (node.options.shape === "dot") { return Math.hypot(x - node.x, y - node.y) <= size + slop; }
    var corners = outline(node, size);
    return insidePolygon(corners, x, y) || distanceToPolygon(corners, x, y) <= slop;
  }

  /* The corners of a node's marker as vis-network draws it (its canvas shapes
     diamond, triangle and star, with their own proportions); [] for a dot, and
     undefined for shapes this hit test does not know. */
  function outline(node, r) {
    var x = node.x;
    var y = node.y;
    switch (node.options.shape) {
      case "dot": return [];
      case "diamond": return [[x, y - r], [x + r, y], [x, y + r], [x - r, y]];
      case "triangle": {
        var side = 2 * r * 1.15;
        var inner = Math.sqrt(3) / 6 * side;
        var top = y + 0.275 * r * 1.15 - (Math.sqrt(0.75) * side - inner);
        var base = y + 0.275 * r * 1.15 + inner;
        return [[x, top], [x + side / 2, base], [x - side / 2, base]];
      }
      case "star": {
        var corners = [];
        var middle = y + 0.1 * r * 0.82;
        for (var n = 0; n < 10; n++) {
          var radius = r * 0.82 * (n % 2 === 0 ? 1.3 : 0.5);
          corners.push([x + radius * Math.sin(n * Math.PI / 5), middle - radius * Math.cos(n * Math.PI / 5)]);
        }
        return corners;
      }
      default: return undefined;
    }
  }

  function insidePolygon(corners, x, y) {
    var inside = false;
    for (var i = 0, j = corners.length - 1; i < corners.length; j = i++) {
      var a = corners[i];
      var b = corners[j];
      if ((a[1] > y) !== (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) { inside = !inside; }
    }
    return inside;
  }

  function distanceToPolygon(corners, x, y) {
    var nearest = Infinity;
    for (var i = 0, j = corners.length - 1; i < corners.length; j = i++) {
      nearest = Math.min(nearest, distanceToSegment(corners[j], corners[i], x, y));
    }
    return nearest;
  }

  function distanceToSegment(a, b, x, y) {
    var dx = b[0] - a[0];
    var dy = b[1] - a[1];
    var along = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy || 1)));
    return Math.hypot(x - a[0] - along * dx, y - a[1] - along * dy);
  }

  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  network.fit({animation: false});
  answerPointQuestionsByShape(network);

  return {
    update: function (nodeChanges, edgeChanges) {
      if (nodeChanges.length) {
        nodes.update(nodeChanges.map(function (c) {
          return {
            id: c.id, hidden: c.hidden,
            color: c.dimmed ? dimNodeColor : colorOfNode.get(c.id),
            font: {color: c.dimmed ? "#BBBBBB" : "#222222"}
          };
        }));
      }
      if (edgeChanges.length) {
        edges.update(edgeChanges.map(function (c) {
          return {id: c.id, hidden: c.hidden, color: edgeColor(c.dimmed ? data.dimmed : colorOfEdge.get(c.id))};
        }));
      }
    },
    select: function (id) {
      if (id === null) { network.unselectAll(); } else { network.selectNodes([id], false); }
    },
    focus: function (id) {
      network.focus(id, {scale: Math.max(network.getScale(), 0.9), animation: {duration: 300}});
    },
    // fit(): the whole network, at once; fit(ids): those actors, in a short glide.
    fit: function (ids) {
      network.fit(ids ? {nodes: ids, animation: {duration: 300}} : {animation: false});
    },
    onClick: function (handler) {
      network.on("click", function (params) { handler(params.nodes.length ? params.nodes[0] : null); });
    },
    onFirstDraw: function (handler) { network.once("afterDrawing", handler); },
    destroy: function () { network.destroy(); },
    api: {network: network, nodes: nodes, edges: edges}
  };
};
