/* skane_ecosystem network map: the side panel, search, filters and selection, from the page's JSON.
 *
 * The network itself is drawn by a view, chosen in Python by the map's size and
 * defined by the scripts before this one: map_view_vis.js (vis-network, small maps)
 * and/or map_view_webgl.js (sigma.js on WebGL, large maps and drill-downs).  A view is
 * made by window.skaneViews[name](container, data) and offers:
 *
 *   update(nodeChanges, edgeChanges)  each change {id, hidden, dimmed}: only what changed
 *   select(id or null)                 mark the selected actor
 *   focus(id)                          bring an actor into view
 *   fit()                              show the whole network again
 *   fit(ids)                           bring these actors into view, together
 *   onClick(handler)                   handler(actor id, or null for the background)
 *   onFirstDraw(handler)               once, after the network is first drawn
 *   destroy()                          remove the drawing (before a drill-down or the way back)
 *   api                                the renderer's own objects, for tests and debugging
 *
 * Safety rule for these files: text that comes from the data (names, attributes,
 * explanations) reaches the page only through textContent, the renderer's canvas
 * and plain-text tooltips -- never through innerHTML.  The page's
 * Content-Security-Policy would block an injected script anyway; this rule makes
 * sure nothing is injected in the first place.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("skane-data").textContent);
  var L = data.labels;
  var container = document.getElementById("map");
  // What is drawn now: the map's actors or groups or, after a drill-down, one group's
  // actors (load() swaps data.nodes and data.edges and makes a new view).
  var byId, neighbours, shown, view;
  var overview = {nodes: data.nodes, edges: data.edges, renderer: data.renderer};
  indexLevel();
  view = window.skaneViews[data.renderer](container, data);

  var api = Object.assign({}, view.api, {
    data: data,  // the page's data, read by map_story.js
    renderer: data.renderer,
    drillInto: drillInto,
    backToGroups: backToGroups,
    ready: false,
    firstDrawMs: null,
    firstFrameMs: null,
    select: select,
    highlight: highlight,
    clearSelection: clearSelection,
    // "shown", "dimmed" or "hidden": what the names placed on the map (map_story.js) read.
    shownState: function (id) {
      if (!shown.nodes.has(id)) { return "hidden"; }
      return shown.dimmedNodes.has(id) ? "dimmed" : "shown";
    },
    setQuery: setQuery,
    visibleNodeIds: function () { return Array.from(shown.nodes).sort(); },
    visibleEdgeIds: function () { return Array.from(shown.edges).sort(); }
  });
  window.skaneMap = api;
  view.onClick(onMapClick);
  view.onFirstDraw(function () {
    api.firstDrawMs = performance.now();
    api.ready = true;
    // The draw calls are issued; the frame reaches the screen a frame or two later
    // (for WebGL, once the graphics process has rasterised it): benchmarks read this.
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { api.firstFrameMs = performance.now(); });
    });
  });

  // ------------------------------------------------------------------ state
  var state = {
    query: "",
    selected: null,
    highlighted: null,  // actors a headline finding is about (a Set), lit like an ego network
    relation: null, wave: null, sector: null, municipality: null,
    flag: "all"
  };

  /* Lookups over what is drawn, and what is shown of it: all of it, nothing dimmed,
     as a new view first draws it, so refresh() only sends the view what changed. */
  function indexLevel() {
    byId = new Map();
    neighbours = new Map();
    data.nodes.forEach(function (n) {
      n.folded = fold(searchedText(n));
      byId.set(n.id, n);
      neighbours.set(n.id, []);
    });
    data.edges.forEach(function (e) {
      neighbours.get(e.from).push(e);
      neighbours.get(e.to).push(e);
    });
    shown = {nodes: new Set(), edges: new Set(), dimmedNodes: new Set(), dimmedEdges: new Set()};
    data.nodes.forEach(function (n) { shown.nodes.add(n.id); });
    data.edges.forEach(function (e) { shown.edges.add(e.id); });
  }

  // -------------------------------------------------------------- drill-down
  /* An aggregated map carries each group's actors (data.groups); a group's card
     offers to draw them, with the WebGL view, and a button leads back. */
  var backButton = null;

  function load(level) {
    Object.keys(view.api).forEach(function (key) { delete api[key]; });
    view.destroy();
    data.nodes = level.nodes;
    data.edges = level.edges;
    indexLevel();
    state.selected = null;
    state.highlighted = null;
    view = window.skaneViews[level.renderer](container, data);
    view.onClick(onMapClick);
    Object.assign(api, view.api, {renderer: level.renderer});
    showEmptyCard();
    setQuery("");
    forgetTable();
  }

  function drillInto(group) {
    if (!data.groups || !data.groups[group]) { return false; }
    load({nodes: data.groups[group].nodes, edges: data.groups[group].edges, renderer: "webgl"});
    api.drilledInto = group;
    if (backButton === null) {
      backButton = el("button", L["drill.back"], "drill-back");
      backButton.type = "button";
      backButton.addEventListener("click", backToGroups);
      var controls = document.getElementById("controls");
      controls.insertBefore(backButton, controls.querySelector(".search"));
    }
    backButton.hidden = false;
    return true;
  }

  function backToGroups() {
    if (!api.drilledInto) { return; }
    load(overview);
    api.drilledInto = null;
    backButton.hidden = true;
  }

  /* What a search matches: the whole name (the label is shortened when the name is
     long), the municipality by name and SCB code, the type as the data write it, and
     the sector in the reader's language and as its code. */
  function searchedText(n) {
    var municipality = n.municipality || "";
    return [n.card ? n.card.heading : n.label, municipality, data.municipalityCodes[municipality],
      n.type, data.sectorLabels[n.sector], n.sector].filter(Boolean).join("\n");
  }

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function nodePassesFilters(n) {
    if (state.sector && !state.sector.has(n.sector)) { return false; }
    if (state.municipality && !state.municipality.has(n.municipality)) { return false; }
    if (filteringTies() && !neighbours.get(n.id).some(edgePassesFilters)) { return false; }
    if (state.flag === "any") { return n.flagKinds.length > 0; }
    if (state.flag.indexOf("kind:") === 0) { return n.flagKinds.indexOf(state.flag.slice(5)) >= 0; }
    if (state.flag.indexOf("code:") === 0) { return n.flagCodes.indexOf(state.flag.slice(5)) >= 0; }
    return true;
  }

  function anyIn(values, wanted) {
    // Ties without a relation or wave recorded are never filtered out by it.
    return !wanted || values.length === 0 || values.some(function (v) { return wanted.has(v); });
  }

  /* With only some relations or waves chosen, an actor without a tie of them has no
     place in that picture ("funding only" shows who funds and is funded). */
  function filteringTies() {
    return state.relation !== null || state.wave !== null;
  }

  function edgePassesFilters(e) {
    return anyIn(e.relations, state.relation) && anyIn(e.waves, state.wave);
  }

  function matchesQuery(n) {
    return state.query === "" || n.folded.indexOf(state.query) >= 0;
  }

  /* The selected actor and its partners through ties that pass the filters.  They stay
     visible even when the search would hide them: a card without its partners is
     half a story. */
  function egoNetwork() {
    var ego = new Set();
    if (state.selected === null) { return ego; }
    ego.add(state.selected);
    neighbours.get(state.selected).forEach(function (e) {
      if (!edgePassesFilters(e)) { return; }
      var other = e.from === state.selected ? e.to : e.from;
      if (nodePassesFilters(byId.get(other))) { ego.add(other); }
    });
    return ego;
  }

  function refresh() {
    if (state.selected !== null && !nodePassesFilters(byId.get(state.selected))) {
      state.selected = null;
      showEmptyCard();
    }
    var ego = state.selected !== null ? egoNetwork() : (state.highlighted || new Set());
    var selecting = ego.size > 0;
    var nodeUpdates = [];
    var visible = new Set();
    data.nodes.forEach(function (n) {
      var isVisible = nodePassesFilters(n) && (matchesQuery(n) || ego.has(n.id));
      var isDimmed = isVisible && selecting && !ego.has(n.id);
      if (isVisible) { visible.add(n.id); }
      if (isVisible !== shown.nodes.has(n.id) || isDimmed !== shown.dimmedNodes.has(n.id)) {
        nodeUpdates.push({id: n.id, hidden: !isVisible, dimmed: isDimmed});
      }
      toggle(shown.dimmedNodes, n.id, isDimmed);
    });
    shown.nodes = visible;

    var edgeUpdates = [];
    var visibleEdges = new Set();
    data.edges.forEach(function (e) {
      var isVisible = edgePassesFilters(e) && visible.has(e.from) && visible.has(e.to);
      var isDimmed = isVisible && selecting && (state.selected !== null
        ? e.from !== state.selected && e.to !== state.selected
        : !(ego.has(e.from) && ego.has(e.to)));
      if (isVisible) { visibleEdges.add(e.id); }
      if (isVisible !== shown.edges.has(e.id) || isDimmed !== shown.dimmedEdges.has(e.id)) {
        edgeUpdates.push({id: e.id, hidden: !isVisible, dimmed: isDimmed});
      }
      toggle(shown.dimmedEdges, e.id, isDimmed);
    });
    shown.edges = visibleEdges;

    view.update(nodeUpdates, edgeUpdates);
    view.select(state.selected);
    setText(document.getElementById("status"), L["status.showing"]
      .replace("{shown}", visible.size.toLocaleString(data.lang))
      .replace("{total}", data.nodes.length.toLocaleString(data.lang)));
    renderSearchResults();
  }

  function toggle(set, key, on) {
    if (on) { set.add(key); } else { set.delete(key); }
  }

  // -------------------------------------------------------------- selection
  function select(id) {
    if (!byId.has(id)) { return false; }
    state.selected = id;
    state.highlighted = null;
    refresh();
    if (state.selected === id) { showCard(byId.get(id)); }
    return state.selected === id;
  }

  /* Light the actors a finding is about, dim the rest and bring them into view;
     one actor is selected instead, which opens its card. */
  function highlight(ids) {
    var present = ids.filter(function (id) { return byId.has(id); });
    if (present.length === 1) { select(present[0]); focusOn(present[0]); return present; }
    state.selected = null;
    state.highlighted = present.length ? new Set(present) : null;
    showEmptyCard();
    refresh();
    if (present.length) { view.fit(present); }
    return present;
  }

  function clearSelection() {
    state.selected = null;
    state.highlighted = null;
    showEmptyCard();
    refresh();
  }

  function onMapClick(id) {
    if (id !== null) { select(id); } else { clearSelection(); }
  }

  // ------------------------------------------------------------------- card
  function el(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) { element.textContent = text; }
    if (className) { element.className = className; }
    return element;
  }

  function setText(element, text) {
    if (element) { element.textContent = text; }
  }

  function clear(element) {
    while (element.firstChild) { element.removeChild(element.firstChild); }
  }

  function rowsTable(rows) {
    var table = el("table");
    rows.forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("th", row[0]));
      tr.appendChild(el("td", row[1]));
      table.appendChild(tr);
    });
    return table;
  }

  /* One finding.  In the side list it names its actor (a button that opens the actor's
     card when the actor is on the map); on the card the actor is already named. */
  function flagBlock(flag, inList) {
    var block = el("div", null, "flag flag-" + (flag.kind === "facilitator" ? "facilitator" : "impediment"));
    var what = flag.kindLabel + ": " + flag.codeLabel;
    if (flag.tentative) { what += " (" + L["flag.tentative"] + ")"; }
    block.appendChild(el("p", what, "what"));
    if (inList && flag.subject !== null && byId.has(flag.subject)) {
      var button = el("button", flag.subjectLabel, "actor");
      button.type = "button";
      button.addEventListener("click", function () { select(flag.subject); focusOn(flag.subject); focusCard(); });
      block.appendChild(button);
    } else if (inList && flag.level === "actor") {
      block.appendChild(el("p", flag.subjectLabel, "actor"));
    }
    if (flag.explanation) { block.appendChild(el("p", flag.explanation)); }
    block.appendChild(el("p", L["flag.severity"] + ": " + flag.severity + " \u00b7 " +
      L["flag.stability"] + ": " + flag.stability, "numbers"));
    if (flag.evidence.length) {
      var list = el("dl");
      list.setAttribute("aria-label", L["flag.evidence"]);
      flag.evidence.forEach(function (pair) {
        list.appendChild(el("dt", pair[0]));
        list.appendChild(el("dd", pair[1]));
      });
      block.appendChild(list);
    }
    return block;
  }

  function showCard(n) {
    var body = document.getElementById("card-body");
    clear(body);
    body.appendChild(el("h3", n.card.heading, "actor-name"));
    showCardLead(body, n.card);
    n.card.sections.forEach(function (section) {
      body.appendChild(el("h4", section.title));
      body.appendChild(rowsTable(section.rows));
    });
    if (n.card.allMeasures && n.card.allMeasures.length) {
      var all = el("details", null, "all-measures");
      all.appendChild(el("summary", L["card.all_measures"]));
      all.appendChild(rowsTable(n.card.allMeasures));
      body.appendChild(all);
    }
    if (n.flags.length) {
      body.appendChild(el("h4", L["card.flags"]));
      n.flags.forEach(function (index) { body.appendChild(flagBlock(data.flags[index], false)); });
    }
    if (data.groups && data.groups[n.id] && !api.drilledInto) {
      var open = el("button", L["drill.show"], "drill-show");
      open.type = "button";
      open.addEventListener("click", function () { drillInto(n.id); });
      body.appendChild(open);
      body.appendChild(document.createTextNode(" "));
    }
    var close = el("button", L["card.close"]);
    close.type = "button";
    close.addEventListener("click", clearSelection);
    body.appendChild(close);
    var card = document.getElementById("card");
    card.open = true;
    card.scrollIntoView({block: "nearest"});
  }

  /* What a reader decides on comes first: the actor's roles (its findings), what its
     leaving would do, and a few key figures.  Group cards have none of these. */
  function showCardLead(body, card) {
    if (card.roles && card.roles.length) {
      body.appendChild(el("h4", L["card.roles"]));
      var roles = el("ul", null, "roles");
      card.roles.forEach(function (role) { roles.appendChild(el("li", role.label, "role role-" + role.kind)); });
      body.appendChild(roles);
    }
    if (card.ifLeft) {
      body.appendChild(el("h4", L["card.removal"]));
      body.appendChild(el("p", card.ifLeft, "if-left"));
    }
    if (card.keyFigures && card.keyFigures.length) {
      body.appendChild(el("h4", L["card.measures"]));
      body.appendChild(rowsTable(card.keyFigures));
    }
  }

  function showEmptyCard() {
    var body = document.getElementById("card-body");
    clear(body);
    body.appendChild(el("p", L["panel.no_selection"]));
  }

  function focusOn(id) {
    view.focus(id);
  }

  /* After a button in the panel opened a card, the keyboard (and a screen reader)
     continues there, at the actor's name. */
  function focusCard() {
    var heading = document.querySelector("#card-body h3");
    if (!heading) { return; }
    heading.tabIndex = -1;
    heading.focus({preventScroll: true});
  }

  // ------------------------------------------------------------- flag list
  function renderFlagList() {
    var list = document.getElementById("flag-list");
    if (!list) { return; }
    // Tentative flags (stability below the floor) are no findings: listed apart, last.
    var findings = data.flags.filter(function (f) { return !f.tentative; });
    var tentative = data.flags.filter(function (f) { return f.tentative; });
    var general = findings.filter(function (f) { return f.level !== "actor"; });
    var actors = findings.filter(function (f) { return f.level === "actor"; });
    if (general.length) {
      list.appendChild(el("li", L["panel.network_flags"], "group-title"));
      general.forEach(function (f) { list.appendChild(wrap(flagBlock(f, false))); });
    }
    listByCode(list, actors);
    if (tentative.length) {
      list.appendChild(el("li", L["map_tentative"], "group-title"));
      listByCode(list, tentative);
    }
  }

  /* Actor findings in the order given (strongest first), at most LISTED_PER_CODE of
     each kind of finding, then one line saying how many more there are.  At register
     scale one rule can flag tens of thousands of actors ("peripheral: one tie"); a
     list that long helps no reader and would take the browser seconds to build.
     The actors keep their marker on the map and their findings on their cards. */
  var LISTED_PER_CODE = 25;

  function listByCode(list, flags) {
    var listed = new Map();
    var unlisted = new Map();
    flags.forEach(function (f) {
      var count = listed.get(f.codeLabel) || 0;
      if (count < LISTED_PER_CODE) {
        listed.set(f.codeLabel, count + 1);
        list.appendChild(wrap(flagBlock(f, true)));
      } else {
        unlisted.set(f.codeLabel, (unlisted.get(f.codeLabel) || 0) + 1);
      }
    });
    unlisted.forEach(function (count, codeLabel) {
      list.appendChild(el("li", L["panel.more_findings"]
        .replace("{count}", count.toLocaleString(data.lang))
        .replace("{finding}", codeLabel), "more-findings"));
    });
  }

  function wrap(block) {
    var item = el("li", null, "flag-item");
    item.appendChild(block);
    return item;
  }

  // ----------------------------------------------------------------- search
  var searchBox = document.getElementById("search");
  var MAX_RESULTS = 20;

  function setQuery(text) {
    searchBox.value = text;
    state.query = fold(text.trim());
    refresh();
  }

  function searchMatches() {
    if (state.query === "") { return []; }
    return data.nodes.filter(function (n) { return nodePassesFilters(n) && matchesQuery(n); })
      .sort(function (a, b) { return a.label.localeCompare(b.label, data.lang); });
  }

  function renderSearchResults() {
    var list = document.getElementById("search-results");
    clear(list);
    if (state.query === "") { return; }
    var matches = searchMatches();
    if (!matches.length) { list.appendChild(el("li", L["search.no_matches"])); return; }
    matches.slice(0, MAX_RESULTS).forEach(function (n) {
      var item = el("li");
      var button = el("button", n.label);
      button.type = "button";
      button.addEventListener("click", function () { select(n.id); focusOn(n.id); focusCard(); });
      item.appendChild(button);
      list.appendChild(item);
    });
    if (matches.length > MAX_RESULTS) {
      list.appendChild(el("li", L["search.more"].replace("{count}", (matches.length - MAX_RESULTS).toLocaleString(data.lang))));
    }
  }

  searchBox.addEventListener("input", function () {
    state.query = fold(searchBox.value.trim());
    refresh();
  });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") { return; }
    event.preventDefault();
    var first = searchMatches()[0];
    if (first) { select(first.id); focusOn(first.id); }
  });

  // ---------------------------------------------------------------- filters
  var form = document.getElementById("filters");

  /* The values ticked, or null when the filter is off: no boxes, or every one ticked. */
  function checkedValues(name) {
    var boxes = form.querySelectorAll('input[name="' + name + '"]');
    if (!boxes.length || Array.prototype.every.call(boxes, function (box) { return box.checked; })) { return null; }
    var values = new Set();
    boxes.forEach(function (box) { if (box.checked) { values.add(box.value); } });
    return values;
  }

  function readFilters() {
    ["relation", "wave", "sector", "municipality"].forEach(function (name) {
      state[name] = checkedValues(name);
    });
    state.flag = document.getElementById("flag-filter").value;
    refresh();
  }

  if (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", readFilters);
    form.addEventListener("click", function (event) {
      var bulk = event.target.closest("button[data-check]");
      if (!bulk) { return; }
      var on = bulk.getAttribute("data-check") === "all";
      bulk.closest("fieldset").querySelectorAll('input[type="checkbox"]').forEach(function (box) {
        box.checked = on;
      });
      readFilters();
    });
    document.getElementById("reset-filters").addEventListener("click", function () {
      form.querySelectorAll('input[type="checkbox"]').forEach(function (box) { box.checked = true; });
      document.getElementById("flag-filter").value = "all";
      searchBox.value = "";
      state.query = "";
      readFilters();
      view.fit();  // "show all" means the whole network, however far one had zoomed in
    });
  }

  // ------------------------------------------------------------- table view
  /* The same content as tables, for screen readers and for anyone who would rather
     read than pan: every actor drawn (name, sector, type, municipality, findings,
     number of partners) and every finding.  Built when first opened, as a map of
     thousands of actors would otherwise build rows nobody asked for; again after a
     drill-down changed what is drawn. */
  var tableView = document.getElementById("table-view");
  var tableBody = document.getElementById("table-view-body");

  function forgetTable() {
    clear(tableBody);
    if (tableView.open) { buildTables(); }
  }

  function buildTables() {
    var actors = data.nodes.slice().sort(function (a, b) {
      return nameOf(a).localeCompare(nameOf(b), data.lang);
    });
    tableBody.appendChild(tableOf(L["interact.table_actors"],
      [L["panel.actor"], L["card.sector"], L["card.type"], L["card.municipality"], L["card.flags"], L["degree"]],
      actors.map(function (n) {
        return [nameOf(n), data.sectorLabels[n.sector] || "", n.type || "", n.municipality || "",
          (n.flags || []).map(function (i) { return flagName(data.flags[i]); }).join("; "), partnerCount(n.id)];
      })));
    var flags = data.flags.filter(function (f) { return !f.tentative; })
      .concat(data.flags.filter(function (f) { return f.tentative; }));
    if (!flags.length) { return; }
    tableBody.appendChild(tableOf(L["panel.flags"],
      [L["panel.flags"], L["interact.table_subject"], L["interact.table_explanation"], L["flag.severity"], L["flag.stability"]],
      flags.map(function (f) {
        return [flagName(f), f.subjectLabel || "", f.explanation || "", f.severity, f.stability];
      })));
  }

  function nameOf(n) {
    return n.card ? n.card.heading : n.label;
  }

  /* "Facilitator: Broker", marked when tentative: a tentative flag is never a fact. */
  function flagName(f) {
    return f.kindLabel + ": " + f.codeLabel + (f.tentative ? " (" + L["flag.tentative"] + ")" : "");
  }

  function partnerCount(id) {
    var partners = new Set();
    neighbours.get(id).forEach(function (e) { partners.add(e.from === id ? e.to : e.from); });
    return partners.size;
  }

  /* A table with a caption, column headings and one row per entry: the first cell
     names the row, numbers are right-aligned in the reader's locale. */
  function tableOf(caption, headings, rows) {
    var table = el("table");
    table.appendChild(el("caption", caption));
    var head = el("tr");
    headings.forEach(function (text) {
      var th = el("th", text);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    rows.forEach(function (row) {
      var tr = body.appendChild(el("tr"));
      row.forEach(function (cell, i) {
        var number = typeof cell === "number";
        var td = el(i === 0 ? "th" : "td", number ? cell.toLocaleString(data.lang) : cell, number ? "number" : null);
        if (i === 0) { td.scope = "row"; }
        tr.appendChild(td);
      });
    });
    return table;
  }

  tableView.addEventListener("toggle", function () {
    if (tableView.open && !tableBody.firstChild) { buildTables(); }
  });

  renderFlagList();
  refresh();
})();
