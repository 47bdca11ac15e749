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

  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  network.fit({animation: false});

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
    fit: function (ids) {
      network.fit({nodes: ids, animation: {duration: 300}});
    },
    onClick: function (handler) {
      network.on("click", function (params) { handler(params.nodes.length ? params.nodes[0] : null); });
    },
    onFirstDraw: function (handler) { network.once("afterDrawing", handler); },
    destroy: function () { network.destroy(); },
    api: {network: network, nodes: nodes, edges: edges}
  };
};
