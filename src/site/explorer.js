// The dataset explorer. It reads the tables and texts embedded in the page (the JSON block
// #dataset), draws the article with every span that some record points at, one view per table,
// each record with its evidence and its links, and a timeline of the dated events. The view
// follows the URL fragment: #article, #article/<source>/<start>-<end>, #timeline, #<table> and
// #<table>/<key>. Offsets in the data count Unicode code points; JavaScript strings count UTF-16
// units, so texts are split into code points (Array.from) before any offset is applied.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("dataset").textContent);
  const SITE = document.getElementById("title").textContent + " — explorer";
  const tables = new Map();
  const texts = new Map(Object.entries(DATA.texts));
  const codePoints = new Map();
  for (const [id, text] of texts) codePoints.set(id, Array.from(text));

  // ---- Tables, keys and references -------------------------------------------------------

  for (const t of DATA.tables) {
    t.colIndex = new Map(t.columns.map((c, i) => [c.name, i]));
    t.keyCols = t.primary_key.map((k) => t.colIndex.get(k));
    t.fkByField = new Map(t.foreign_keys.map((fk) => [fk.field, fk]));
    t.byKey = new Map();
    t.rows.forEach((row, i) => t.byKey.set(keyOf(t, row), i));
    tables.set(t.name, t);
  }

  function keyOf(t, row) {
    return t.keyCols.map((i) => String(row[i])).join("/");
  }

  function get(t, row, column) {
    const i = t.colIndex.get(column);
    return i === undefined ? undefined : row[i];
  }

  function hrefOf(t, row) {
    return "#" + t.name + "/" + t.keyCols.map((i) => encodeURIComponent(String(row[i]))).join("/");
  }

  /** The row of table `name` whose one-column key is `value`, or null. */
  function lookup(name, value) {
    const t = tables.get(name);
    if (!t || value === null || value === undefined) return null;
    const i = t.byKey.get(String(value));
    return i === undefined ? null : { t, row: t.rows[i] };
  }

  /** The record a row of `t` points at through `column`, or null. */
  function referenced(t, row, column) {
    const value = get(t, row, column);
    if (column === "record_id" && t.colIndex.has("record_table")) {
      return lookup(get(t, row, "record_table"), value);
    }
    const fk = t.fkByField.get(column);
    return fk ? lookup(fk.table, value) : null;
  }

  /** A record's name for people: its name, summary or quotation (cut to `max` characters). */
  function label(t, row, max = 90) {
    if (["subject_id", "predicate", "object_id"].every((c) => t.colIndex.has(c))) {
      const [s, o] = [referenced(t, row, "subject_id"), referenced(t, row, "object_id")];
      if (s && o) return label(s.t, s.row, max) + " " + words(get(t, row, "predicate")) + " " + label(o.t, o.row, max);
    }
    for (const column of ["name", "summary", "measures", "title", "publication", "alias", "quote"]) {
      const v = get(t, row, column);
      if (typeof v === "string" && v) return v.length > max ? v.slice(0, max - 2) + "…" : v;
    }
    return keyOf(t, row);
  }

  const words = (name) => name.replace(/_/g, " ");

  /** One row of a table, in words: entities → entity, entity_aliases → entity alias. */
  function one(name) {
    const w = words(name);
    if (w.endsWith("ies")) return w.slice(0, -3) + "y";
    if (w.endsWith("ses")) return w.slice(0, -2);
    return w.endsWith("s") ? w.slice(0, -1) : w;
  }

  // ---- Small DOM helpers ------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function recordLink(ref) {
    return el("a", { href: hrefOf(ref.t, ref.row), title: words(ref.t.name) + " " + keyOf(ref.t, ref.row) }, label(ref.t, ref.row));
  }

  function spanHref(span) {
    return "#article/" + encodeURIComponent(span.source) + "/" + span.start + "-" + span.end;
  }

  // ---- Spans: every row with offsets into a text ------------------------------------------

  /** Each span: its source, offsets (code points), the row holding them and the record it supports. */
  const spans = [];
  for (const t of tables.values()) {
    if (!["char_start", "char_end", "source_id"].every((c) => t.colIndex.has(c))) continue;
    const firstKeyFk = t.fkByField.get(t.primary_key[0]);
    for (const row of t.rows) {
      const source = get(t, row, "source_id");
      const start = get(t, row, "char_start");
      const end = get(t, row, "char_end");
      if (!texts.has(source) || typeof start !== "number" || typeof end !== "number" || end <= start) continue;
      let target = { t, row };
      if (t.colIndex.has("record_table") && t.colIndex.has("record_id")) {
        target = referenced(t, row, "record_id") || target;
      } else if (firstKeyFk) {
        target = lookup(firstKeyFk.table, row[t.keyCols[0]]) || target;
      }
      const mention = t.name === "entity_mentions";
      spans.push({ index: spans.length, source, start, end, t, row, target, mention });
    }
  }
  const spansByTarget = new Map();
  for (const span of spans) {
    const key = span.target.t.name + "/" + keyOf(span.target.t, span.target.row);
    if (!spansByTarget.has(key)) spansByTarget.set(key, []);
    spansByTarget.get(key).push(span);
  }

  function spanKind(span) {
    if (span.mention) return "mention";
    if (span.t === span.target.t) return one(span.t.name);
    return one(span.t.name) + " for " + one(span.target.t.name);
  }

  // ---- Views and the router ---------------------------------------------------------------

  const views = ["article", "timeline", "table", "record"];
  let current = null;

  function show(view, tab) {
    for (const v of views) document.getElementById("view-" + v).hidden = v !== view;
    for (const a of document.querySelectorAll("#tabs a")) {
      if (a.dataset.tab === tab) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
  }

  function buildTabs() {
    const list = document.getElementById("tabs");
    const add = (href, tab, text) => list.append(el("li", {}, el("a", { href, "data-tab": tab }, text)));
    add("#article", "article", "Article");
    add("#timeline", "timeline", "Timeline");
    for (const t of tables.values()) add("#" + t.name, t.name, words(t.name) + " (" + t.rows.length + ")");
  }

  /** A part of the fragment, decoded; a malformed one is taken as written. */
  function decode(part) {
    try {
      return decodeURIComponent(part);
    } catch (e) {
      return part;
    }
  }

  function route() {
    const hash = location.hash.replace(/^#/, "");
    const parts = hash.split("/");
    const head = decode(parts[0] || "article");
    let focusTarget = null;
    if (head === "timeline") {
      showTimeline();
      focusTarget = "timeline-heading";
    } else if (tables.has(head) && parts.length > 1) {
      showRecord(tables.get(head), parts.slice(1).map(decode).join("/"));
      focusTarget = "record-heading";
    } else if (tables.has(head)) {
      showTable(tables.get(head));
      focusTarget = "table-heading";
    } else {
      const focused = showArticle(parts.slice(1));
      focusTarget = focused ? null : "article-heading";
    }
    const first = current === null;
    current = hash;
    if (!first && focusTarget) {
      const heading = document.getElementById(focusTarget);
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
  }

  // ---- The article --------------------------------------------------------------------------

  let articleBuilt = false;

  function buildArticle() {
    const box = document.getElementById("article-text");
    for (const [source, cps] of codePoints) {
      const ref = lookup("sources", source);
      const heading = ref ? [get(ref.t, ref.row, "publication"), get(ref.t, ref.row, "title")].filter(Boolean).join(": ") : "";
      if (codePoints.size > 1 || !heading) box.append(el("h3", {}, heading || source));
      box.append(articleSegments(source, cps));
    }
    const legend = el("ul", { class: "legend", "aria-label": "Legend" });
    const swatch = (style, text) => legend.append(el("li", {}, el("span", { class: "swatch", style, "aria-hidden": "true" }), text));
    swatch("background:#fff2a8", "supports one record");
    swatch("background:#ffdd57", "two records overlap");
    swatch("background:#ffc21a", "three or more");
    swatch("background:#fff;border-bottom:3px solid #1d5fc9", "entity mention (underlined)");
    swatch("background:#ffd9d4;outline:2px solid #b3261e", "the passage you followed");
    document.getElementById("legend").append(el("h3", {}, "Legend"), legend);
    const total = spans.length;
    const mentions = spans.filter((s) => s.mention).length;
    document.getElementById("article-controls").append(
      el("p", { class: "count" }, total - mentions + " passages support records; " + mentions + " entity mentions. Tab moves between passages."),
    );
    box.addEventListener("click", (e) => {
      const seg = e.target.closest(".seg");
      if (seg) openSegment(seg);
    });
    box.addEventListener("keydown", (e) => {
      const seg = e.target.closest(".seg");
      if (seg && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        openSegment(seg);
      }
    });
    box.addEventListener("mouseover", (e) => describe(e.target.closest(".seg")));
    box.addEventListener("focusin", (e) => describe(e.target.closest(".seg")));
    articleBuilt = true;
  }

  /** The text of `source` cut at every span's start and end: each piece knows the spans over it. */
  function articleSegments(source, cps) {
    const mine = spans.filter((s) => s.source === source && s.end <= cps.length);
    const cuts = new Set([0, cps.length]);
    for (const s of mine) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
    const bounds = Array.from(cuts).sort((a, b) => a - b);
    const starting = new Map();
    for (const s of mine) {
      if (!starting.has(s.start)) starting.set(s.start, []);
      starting.get(s.start).push(s);
    }
    const fragment = el("div", { class: "article-body", "data-source": source });
    let active = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const a = bounds[i];
      const b = bounds[i + 1];
      active = active.filter((s) => s.end > a).concat(starting.get(a) || []);
      const piece = cps.slice(a, b).join("");
      if (active.length === 0) {
        fragment.append(piece);
        continue;
      }
      const over = active.slice().sort((x, y) => x.end - x.start - (y.end - y.start) || x.index - y.index);
      const records = [];
      for (const s of over) {
        const key = s.target.t.name + "/" + keyOf(s.target.t, s.target.row);
        if (!records.includes(key)) records.push(key);
      }
      const support = over.filter((s) => !s.mention).length;
      const classes = ["seg", "d" + Math.min(support, 3)];
      if (support === 0) classes.push("m0");
      if (over.some((s) => s.mention)) classes.push("mention");
      if (over.some((s) => s.start === a && !s.mention)) classes.push("begin");
      fragment.append(
        el("span", {
          class: classes.join(" "),
          tabindex: "0",
          role: "link",
          "data-start": a,
          "data-end": b,
          "data-spans": over.map((s) => s.index).join(" "),
          "data-records": records.join(" "),
          "aria-label": piece + " (supports " + records.length + (records.length === 1 ? " record)" : " records)"),
        }, piece),
      );
    }
    return fragment;
  }

  function segmentSpans(seg) {
    return seg.dataset.spans.split(" ").map((i) => spans[Number(i)]);
  }

  function openSegment(seg) {
    const innermost = segmentSpans(seg)[0];
    location.hash = hrefOf(innermost.target.t, innermost.target.row);
  }

  let described = null;

  function describe(seg) {
    if (!seg || seg === described) return;
    described = seg;
    for (const other of document.querySelectorAll(".seg.linked")) other.classList.remove("linked");
    const body = document.getElementById("span-info-body");
    const list = el("ul");
    for (const span of segmentSpans(seg)) {
      const quote = codePoints.get(span.source).slice(span.start, span.end).join("");
      list.append(el("li", {},
        el("strong", {}, spanKind(span) + ": "), recordLink(span.target),
        el("div", { class: "aside-quote" }, quote.length > 140 ? quote.slice(0, 138) + "…" : quote),
        el("div", { class: "muted" }, "characters " + span.start + "–" + span.end),
      ));
    }
    body.replaceChildren(el("p", {}, "This passage supports:"), list);
    const first = seg.dataset.records.split(" ")[0];
    for (const other of document.querySelectorAll(".seg")) {
      if (other.dataset.records.split(" ").includes(first)) other.classList.add("linked");
    }
  }

  /** Shows the article; with [source, "start-end"], highlights that passage and focuses it. */
  function showArticle(params) {
    if (!articleBuilt) buildArticle();
    show("article", "article");
    document.title = "Article · " + SITE;
    for (const seg of document.querySelectorAll(".seg.current")) seg.classList.remove("current");
    const [source, range] = params;
    const m = /^(\d+)-(\d+)$/.exec(range || "");
    if (!source || !m) return false;
    const start = Number(m[1]);
    const end = Number(m[2]);
    const body = document.querySelector('.article-body[data-source="' + CSS.escape(decode(source)) + '"]');
    if (!body) return false;
    const hit = Array.from(body.querySelectorAll(".seg")).filter((s) => Number(s.dataset.start) >= start && Number(s.dataset.end) <= end);
    for (const seg of hit) seg.classList.add("current");
    if (hit.length === 0) return false;
    hit[0].focus({ preventScroll: true });
    hit[0].scrollIntoView({ block: "center" });
    describe(hit[0]);
    return true;
  }

  // ---- Table views --------------------------------------------------------------------------

  /** How many rows a table view draws before it offers to draw the rest. */
  const PAGE = 1000;
  let tableShown = null;
  let tableState = null;

  function cell(t, row, column, i) {
    const value = row[i];
    if (value === null || value === undefined) return el("span", { class: "null" }, "null");
    if (column === t.primary_key[0]) return el("a", { href: hrefOf(t, row) }, String(value));
    const ref = referenced(t, row, column);
    if (ref) return el("a", { href: hrefOf(ref.t, ref.row) }, String(value));
    return String(value);
  }

  /** Each row's values as the filter reads them, lower-cased once. */
  function searchText(t) {
    if (!t.search) t.search = t.rows.map((row) => row.map((v) => (v === null ? "null" : String(v))).join("\t").toLowerCase());
    return t.search;
  }

  function showTable(t) {
    show("table", t.name);
    document.title = words(t.name) + " · " + SITE;
    if (tableShown === t) return;
    tableShown = t;
    tableState = { order: t.rows.map((_, i) => i), column: null, descending: false, limit: PAGE };
    document.getElementById("table-heading").textContent = words(t.name);
    document.getElementById("table-description").textContent = t.description;
    document.getElementById("table-filter").value = "";
    const headRow = el("tr");
    t.columns.forEach((c, i) => {
      const button = el("button", { type: "button", title: c.description }, c.name);
      button.addEventListener("click", () => sortBy(t, i));
      headRow.append(el("th", { scope: "col", "aria-sort": "none", "data-column": c.name }, button));
    });
    document.querySelector("#table-grid thead").replaceChildren(headRow);
    drawRows();
  }

  /** Draws the rows of the shown table that pass the filter, in the chosen order, up to the limit. */
  function drawRows() {
    const t = tableShown;
    if (!t) return;
    const query = document.getElementById("table-filter").value.trim().toLowerCase();
    const search = searchText(t);
    const matching = query ? tableState.order.filter((i) => search[i].includes(query)) : tableState.order;
    const out = document.createDocumentFragment();
    for (const i of matching.slice(0, tableState.limit)) {
      const row = t.rows[i];
      const tr = el("tr", { "data-key": keyOf(t, row) });
      t.columns.forEach((c, j) => tr.append(el("td", {}, cell(t, row, c.name, j))));
      out.append(tr);
    }
    document.querySelector("#table-grid tbody").replaceChildren(out);
    const count = document.getElementById("table-count");
    count.textContent = query ? matching.length + " of " + t.rows.length + " records match" : t.rows.length + " records";
    if (matching.length > tableState.limit) {
      const more = el("button", { type: "button", id: "table-more" }, "Show all " + matching.length);
      more.addEventListener("click", () => {
        tableState.limit = Infinity;
        drawRows();
      });
      count.append(" (the first " + tableState.limit + " shown) ", more);
    }
  }

  function compareValues(a, b) {
    if (a === b) return 0;
    if (a === null || a === undefined) return 1;
    if (b === null || b === undefined) return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "en", { numeric: true });
  }

  /** Sorts the shown table by column `i`: ascending first, descending on a second click, nulls last. */
  function sortBy(t, i) {
    const descending = tableState.column === i ? !tableState.descending : false;
    tableState.order.sort((x, y) => {
      const [a, b] = [t.rows[x][i], t.rows[y][i]];
      const order = compareValues(a, b);
      return descending && a !== null && b !== null ? -order : order;
    });
    Object.assign(tableState, { column: i, descending });
    const headers = document.querySelectorAll("#table-grid th");
    headers.forEach((th, j) => th.setAttribute("aria-sort", j !== i ? "none" : descending ? "descending" : "ascending"));
    drawRows();
  }

  // ---- Record views -------------------------------------------------------------------------

  let reverse = null;

  /** For each record ("table/key"), the rows of other tables that refer to it, by column. */
  function reverseIndex() {
    if (reverse) return reverse;
    reverse = new Map();
    for (const u of tables.values()) {
      if (u.colIndex.has("record_table")) continue;
      for (const fk of u.foreign_keys) {
        const i = u.colIndex.get(fk.field);
        for (const row of u.rows) {
          if (row[i] === null) continue;
          const key = fk.table + "/" + row[i];
          if (!reverse.has(key)) reverse.set(key, []);
          reverse.get(key).push({ u, fk, row });
        }
      }
    }
    return reverse;
  }

  function showRecord(t, key) {
    show("record", t.name);
    const back = document.getElementById("record-back");
    back.href = "#" + t.name;
    back.textContent = "All " + words(t.name);
    const body = document.getElementById("record-body");
    const heading = document.getElementById("record-heading");
    const i = t.byKey.get(key);
    if (i === undefined) {
      heading.textContent = "No such record";
      body.replaceChildren(el("p", {}, "Table " + t.name + " has no record with key " + key + "."));
      body.removeAttribute("data-key");
      return;
    }
    const row = t.rows[i];
    heading.replaceChildren(label(t, row, 400));
    document.title = label(t, row) + " · " + words(t.name) + " · " + SITE;
    body.dataset.table = t.name;
    body.dataset.key = key;
    body.replaceChildren(
      el("p", { class: "muted" }, one(t.name) + " ", el("code", {}, key)),
      fieldList(t, row),
      evidenceList(t, row),
      ...linkedLists(t, row),
    );
  }

  function fieldList(t, row) {
    const dl = el("dl", { class: "fields" });
    t.columns.forEach((c, i) => {
      const value = row[i];
      let shown;
      const ref = value === null ? null : referenced(t, row, c.name);
      if (value === null) shown = el("span", { class: "null" }, "null");
      else if (ref) shown = el("span", {}, recordLink(ref), " ", el("code", {}, String(value)));
      else shown = String(value);
      dl.append(el("dt", { title: c.description }, c.name), el("dd", {}, shown));
    });
    return dl;
  }

  function evidenceList(t, row) {
    const mine = spansByTarget.get(t.name + "/" + keyOf(t, row)) || [];
    const section = el("section", { "aria-label": "Evidence" }, el("h3", {}, "Evidence in the article (" + mine.length + ")"));
    if (mine.length === 0) {
      section.append(el("p", { class: "muted" }, "No passage of an article points at this record."));
      return section;
    }
    const list = el("ol", { class: "evidence" });
    for (const span of mine.slice().sort((a, b) => a.start - b.start)) {
      const quote = codePoints.get(span.source).slice(span.start, span.end).join("");
      list.append(el("li", {},
        el("div", { class: "quote" }, quote),
        el("a", { class: "evidence-link", href: spanHref(span), "data-start": span.start, "data-end": span.end, "data-source": span.source },
          "Show in the article"),
        " ", el("span", { class: "muted" }, spanKind(span) + ", " + span.source + " characters " + span.start + "–" + span.end),
        ...creditedTo(span),
      ));
    }
    section.append(list);
    return section;
  }

  /** For an attribution, a link to the outlet it credits. */
  function creditedTo(span) {
    const outlet = span.t.colIndex.has("outlet_id") ? referenced(span.t, span.row, "outlet_id") : null;
    return outlet ? [el("span", { class: "muted" }, ", credited to "), recordLink(outlet)] : [];
  }

  /** Lists of the rows that refer to the record: an entity's events, claims and relations, an event's participants. */
  function linkedLists(t, row) {
    const key = keyOf(t, row);
    const groups = new Map();
    for (const hit of reverseIndex().get(t.name + "/" + key) || []) {
      const name = hit.u.name + "|" + hit.fk.field;
      if (!groups.has(name)) groups.set(name, []);
      groups.get(name).push(hit);
    }
    const out = [];
    for (const hits of groups.values()) {
      const { u, fk } = hits[0];
      const others = u.primary_key.length === 1 ? [] : u.foreign_keys.filter((o) => o !== fk && u.primary_key.includes(o.field));
      const title = others.length
        ? others.map((o) => words(o.table)).join(", ") + " via " + words(u.name)
        : words(u.name) + " whose " + fk.field + " is this " + one(t.name);
      const section = el("section", { class: "linked-records", "data-table": u.name, "data-field": fk.field },
        el("h3", {}, title + " ", el("span", { class: "muted" }, "(" + hits.length + ")")));
      const list = el("ul");
      for (const { row: other } of hits) list.append(el("li", {}, ...linkedItem(u, fk, other)));
      section.append(list);
      out.push(section);
    }
    return out;
  }

  function linkedItem(u, fk, row) {
    const ownRecord = u.primary_key.length === 1;
    if (ownRecord) return [recordLink({ t: u, row })];
    const parts = [];
    u.columns.forEach((c, i) => {
      if (c.name === fk.field || row[i] === null) return;
      const ref = referenced(u, row, c.name);
      if (parts.length) parts.push("; ");
      parts.push(c.name + ": ", ref ? recordLink(ref) : String(row[i]));
    });
    parts.push(" ", el("a", { href: hrefOf(u, row), class: "muted" }, "(row)"));
    return parts;
  }

  // ---- The timeline -------------------------------------------------------------------------

  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

  /** A date as precise as its precision: 15 March 2007, March 2007, Q1 2007, 2007. */
  function formatDate(iso, precision) {
    const [y, m, d] = iso.split("-").map(Number);
    if (precision === "year") return String(y);
    if (precision === "quarter") return "Q" + (Math.floor((m - 1) / 3) + 1) + " " + y;
    if (precision === "month") return MONTHS[m - 1] + " " + y;
    return d + " " + MONTHS[m - 1] + " " + y;
  }

  let timelineBuilt = false;

  function showTimeline() {
    show("timeline", "timeline");
    document.title = "Timeline · " + SITE;
    if (timelineBuilt) return;
    timelineBuilt = true;
    const t = tables.get("events");
    const list = document.getElementById("timeline-list");
    if (!t || !t.colIndex.has("date")) {
      list.replaceChildren(el("li", {}, "This dataset has no dated events."));
      return;
    }
    const dated = t.rows.filter((r) => get(t, r, "date")).sort((a, b) =>
      compareValues(get(t, a, "date"), get(t, b, "date")) || compareValues(keyOf(t, a), keyOf(t, b)));
    const controls = document.getElementById("timeline-controls");
    const selects = {};
    for (const column of ["status", "kind"]) {
      if (!t.colIndex.has(column)) continue;
      const values = Array.from(new Set(dated.map((r) => get(t, r, column)))).filter((v) => v !== null).sort();
      const select = el("select", { id: "timeline-" + column }, el("option", { value: "" }, "all"));
      for (const v of values) select.append(el("option", { value: v }, words(v)));
      select.addEventListener("change", () => filterTimeline(t, dated, selects));
      selects[column] = select;
      controls.append(el("span", {}, el("label", { for: "timeline-" + column }, column + " "), select));
    }
    filterTimeline(t, dated, selects);
  }

  function filterTimeline(t, dated, selects) {
    const list = document.getElementById("timeline-list");
    const wanted = (row) => Object.entries(selects).every(([c, s]) => !s.value || get(t, row, c) === s.value);
    const shown = dated.filter(wanted);
    list.replaceChildren(...shown.map((row) => timelineItem(t, row)));
    const undated = t.rows.length - dated.length;
    document.getElementById("timeline-count").textContent =
      shown.length + " of " + dated.length + " dated events" + (undated ? "; " + undated + " undated events are in the events table" : "");
  }

  function timelineItem(t, row) {
    const date = get(t, row, "date");
    const precision = get(t, row, "date_precision") || "day";
    const end = get(t, row, "date_end");
    const status = get(t, row, "status");
    const kind = get(t, row, "kind");
    const shown = formatDate(date, precision);
    const until = end ? formatDate(end, precision) : shown;
    return el("li", { "data-key": keyOf(t, row) },
      el("time", { datetime: date }, shown), until !== shown ? [" to ", el("time", { datetime: end }, until)] : null,
      el("span", { class: "badge precision-" + precision, title: "date precision" }, precision),
      status ? el("span", { class: "badge", title: "status" }, words(status)) : null,
      kind ? el("span", { class: "badge", title: "kind" }, words(kind)) : null,
      el("div", {}, el("a", { href: hrefOf(t, row) }, get(t, row, "summary") || keyOf(t, row))),
    );
  }

  // ---- Start --------------------------------------------------------------------------------

  const article = Array.from(tables.get("sources") ? tables.get("sources").rows : [])
    .map((row) => lookup("sources", row[tables.get("sources").keyCols[0]]))
    .find((ref) => ref && texts.has(keyOf(ref.t, ref.row)));
  if (article) {
    const g = (c) => get(article.t, article.row, c);
    const parts = [g("publication") || g("title"), g("volume") !== null && g("volume") !== undefined ? "vol. " + g("volume") : null, g("issue") !== null && g("issue") !== undefined ? "no. " + g("issue") : null];
    document.getElementById("subtitle").textContent =
      parts.filter(Boolean).join(", ") + ": every record of the dataset over the article’s own words.";
  }
  document.getElementById("table-filter").addEventListener("input", drawRows);
  // The skip link moves focus without changing the fragment, which names the view.
  document.querySelector(".skip").addEventListener("click", (e) => {
    e.preventDefault();
    document.getElementById("main").focus();
  });
  buildTabs();
  window.addEventListener("hashchange", route);
  route();
  document.documentElement.dataset.ready = "true";
})();
