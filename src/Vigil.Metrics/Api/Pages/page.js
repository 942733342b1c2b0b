// Vigil's built-in pages on the Prometheus port: a small client of the JSON API under /api/v1/.
// Deep links: /query?expr=<PromQL>&tab=table|graph&range=1h (Prometheus 3's g0.expr, g0.tab and
// g0.range_input are read too). Everything is rendered with textContent, never as HTML.
(function () {
  "use strict";
  const app = document.getElementById("app");

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    return e;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  async function api(path, params) {
    const url = "/api/v1/" + path + (params ? "?" + new URLSearchParams(params) : "");
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    let body;
    try { body = await res.json(); } catch { throw new Error("HTTP " + res.status + " from " + url); }
    if (body.status !== "success") throw new Error((body.errorType || "error") + ": " + (body.error || "HTTP " + res.status));
    return body;
  }

  function notices(body) {
    const out = [];
    for (const w of body.warnings || []) out.push(el("div", { class: "warning" }, w));
    for (const i of body.infos || []) out.push(el("div", { class: "warning" }, i));
    return out;
  }
  function metricName(m) {
    const name = m.__name__ || "";
    const rest = Object.entries(m).filter(([k]) => k !== "__name__").map(([k, v]) => k + "=" + JSON.stringify(v));
    return name + (rest.length || !name ? "{" + rest.join(", ") + "}" : "");
  }
  function parseDuration(s) {
    const m = /^(\d+)(s|m|h|d|w|y)$/.exec(s || "");
    if (!m) return 3600;
    return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 }[m[2]];
  }
  function fmtTime(sec) { return new Date(sec * 1000).toISOString().replace(".000Z", "Z"); }

  // ---------- Query page ----------
  function queryPage() {
    const q = new URLSearchParams(location.search);
    let expr = q.get("expr") ?? q.get("g0.expr") ?? "";
    let tab = q.get("tab") ?? q.get("g0.tab") ?? "table";
    if (tab === "0") tab = "graph"; else if (tab === "1") tab = "table";
    let range = q.get("range") ?? q.get("g0.range_input") ?? "1h";

    const box = el("textarea", { placeholder: "Expression (press Shift+Enter for newlines)", spellcheck: "false" });
    box.value = expr;
    const out = el("div");
    const rangeSel = el("select");
    for (const r of ["5m", "15m", "30m", "1h", "3h", "6h", "12h", "1d", "2d", "1w"]) rangeSel.append(el("option", { value: r }, r));
    if (![...rangeSel.options].some(o => o.value === range)) rangeSel.append(el("option", { value: range }, range));
    rangeSel.value = range;
    const tableBtn = el("button", { onclick: () => { tab = "table"; run(); } }, "Table");
    const graphBtn = el("button", { onclick: () => { tab = "graph"; run(); } }, "Graph");
    const exec = el("button", { class: "primary", onclick: () => run() }, "Execute");
    rangeSel.addEventListener("change", () => run());
    box.addEventListener("keydown", e => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); run(); } });

    app.replaceChildren(box, el("div", { class: "row" }, exec, el("span", { class: "tabs" }, tableBtn, " ", graphBtn),
      el("span", { class: "muted" }, "range"), rangeSel), out);

    async function run() {
      expr = box.value.trim();
      range = rangeSel.value;
      tableBtn.classList.toggle("active", tab === "table");
      graphBtn.classList.toggle("active", tab === "graph");
      history.replaceState(null, "", "/query?" + new URLSearchParams({ expr, tab, range }));
      if (!expr) { out.replaceChildren(el("p", { class: "muted" }, "Enter a PromQL expression, e.g. up")); return; }
      out.replaceChildren(el("p", { class: "muted" }, "Loading…"));
      const started = performance.now();
      try {
        if (tab === "table") {
          const body = await api("query", { query: expr, time: (Date.now() / 1000).toFixed(3) });
          out.replaceChildren(...notices(body), renderTable(body.data), took(started, body));
        } else {
          const end = Date.now() / 1000, secs = parseDuration(range);
          const step = Math.max(1, Math.round(secs / 250));
          const body = await api("query_range", { query: expr, start: (end - secs).toFixed(3), end: end.toFixed(3), step: String(step) });
          out.replaceChildren(...notices(body), renderGraph(body.data.result, end - secs, end), took(started, body));
        }
      } catch (e) {
        out.replaceChildren(el("div", { class: "error" }, e.message));
      }
    }
    function took(started, body) {
      const n = Array.isArray(body.data.result) && typeof body.data.result[0] === "object" ? body.data.result.length : 1;
      return el("p", { class: "muted" }, `${n} result(s) in ${Math.round(performance.now() - started)} ms`);
    }
    run();
  }

  function renderTable(data) {
    const t = el("table", {}, el("tr", {}, el("th", {}, "Series"), el("th", {}, "Value")));
    if (data.resultType === "scalar" || data.resultType === "string") {
      t.append(el("tr", {}, el("td", { class: "mono" }, data.resultType), el("td", { class: "num" }, data.result[1])));
    } else if (data.resultType === "vector") {
      for (const s of data.result) {
        const v = s.value ? s.value[1] : JSON.stringify(s.histogram[1]);
        t.append(el("tr", {}, el("td", { class: "mono" }, metricName(s.metric)), el("td", { class: "num" }, v)));
      }
    } else if (data.resultType === "matrix") {
      for (const s of data.result) {
        const pts = (s.values || []).map(([ts, v]) => v + " @" + ts).join("\n");
        t.append(el("tr", {}, el("td", { class: "mono" }, metricName(s.metric)), el("td", { class: "num", style: "white-space:pre" }, pts)));
      }
    }
    if (t.rows.length === 1) return el("p", { class: "muted" }, "Empty query result");
    return t;
  }

  const colors = ["#e6522c", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#d62728"];
  function renderGraph(result, start, end) {
    if (!result.length) return el("p", { class: "muted" }, "Empty query result");
    const W = 1000, H = 360, L = 60, R = 10, T = 10, B = 24;
    let min = Infinity, max = -Infinity;
    for (const s of result) for (const [, v] of s.values || []) { const f = Number(v); if (isFinite(f)) { min = Math.min(min, f); max = Math.max(max, f); } }
    if (!isFinite(min)) { min = 0; max = 1; }
    if (min === max) { min -= 1; max += 1; }
    const x = t => L + (t - start) / (end - start) * (W - L - R);
    const y = v => T + (1 - (v - min) / (max - min)) * (H - T - B);
    const g = svg("svg", { class: "graph", viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none" });
    for (let i = 0; i <= 4; i++) {
      const v = min + (max - min) * i / 4, yy = y(v);
      g.append(svg("line", { x1: L, x2: W - R, y1: yy, y2: yy, stroke: "#eef0f3" }));
      const label = svg("text", { x: L - 4, y: yy + 4, "text-anchor": "end" }); label.textContent = Number(v.toPrecision(4)); g.append(label);
    }
    for (let i = 0; i <= 4; i++) {
      const t = start + (end - start) * i / 4;
      const label = svg("text", { x: x(t), y: H - 6, "text-anchor": i === 0 ? "start" : i === 4 ? "end" : "middle" });
      label.textContent = new Date(t * 1000).toISOString().slice(11, 19); g.append(label);
    }
    const tooltip = document.getElementById("tooltip") || document.body.appendChild(el("div", { id: "tooltip" }));
    const legend = el("div", { class: "legend" });
    result.slice(0, 200).forEach((s, i) => {
      const color = colors[i % colors.length];
      let d = "", prev = null;
      for (const [ts, v] of s.values || []) {
        const f = Number(v);
        if (!isFinite(f)) { prev = null; continue; }
        // A gap longer than two steps breaks the line, as Prometheus's graph does.
        d += (prev === null || ts - prev > 2 * ((end - start) / 250 + 1) ? "M" : "L") + x(ts).toFixed(1) + " " + y(f).toFixed(1) + " ";
        prev = ts;
      }
      const path = svg("path", { d, fill: "none", stroke: color, "stroke-width": 1.5, "vector-effect": "non-scaling-stroke" });
      path.addEventListener("mousemove", e => {
        tooltip.textContent = metricName(s.metric);
        tooltip.style.display = "block"; tooltip.style.left = (e.clientX + 12) + "px"; tooltip.style.top = (e.clientY + 12) + "px";
      });
      path.addEventListener("mouseleave", () => { tooltip.style.display = "none"; });
      g.append(path);
      legend.append(el("div", {}, el("span", { class: "swatch", style: "background:" + color }), metricName(s.metric)));
    });
    return el("div", {}, g, legend);
  }

  // ---------- Targets ----------
  async function targetsPage() {
    const body = await api("targets", { state: "active" });
    const pools = new Map();
    for (const t of body.data.activeTargets) { if (!pools.has(t.scrapePool)) pools.set(t.scrapePool, []); pools.get(t.scrapePool).push(t); }
    const parts = [el("h2", {}, "Targets")];
    if (!pools.size) parts.push(el("p", { class: "muted" }, "No scrape targets (see metrics.config_file)."));
    for (const [pool, targets] of [...pools].sort(([a], [b]) => a.localeCompare(b))) {
      const up = targets.filter(t => t.health === "up").length;
      parts.push(el("h2", {}, `${pool} (${up}/${targets.length} up)`));
      const t = el("table", {}, el("tr", {}, ...["Endpoint", "State", "Labels", "Last scrape", "Scrape duration", "Error"].map(h => el("th", {}, h))));
      for (const tg of targets) {
        const labels = el("td", {}, ...Object.entries(tg.labels).map(([k, v]) => el("span", { class: "badge" }, k + "=" + v)));
        const ago = tg.lastScrape.startsWith("0001") ? "never" : Math.round((Date.now() - Date.parse(tg.lastScrape)) / 1000) + "s ago";
        t.append(el("tr", {}, el("td", { class: "mono" }, tg.scrapeUrl), el("td", { class: tg.health === "up" ? "up" : "down" }, tg.health.toUpperCase()),
          labels, el("td", {}, ago), el("td", {}, (tg.lastScrapeDuration * 1000).toFixed(1) + " ms"), el("td", { class: "mono" }, tg.lastError)));
      }
      parts.push(t);
    }
    app.replaceChildren(...parts);
  }

  // ---------- Rules and alerts ----------
  async function rulesPage() {
    const body = await api("rules");
    const parts = [el("h2", {}, "Rules")];
    if (!body.data.groups.length) parts.push(el("p", { class: "muted" }, "No rule groups are loaded."));
    for (const g of body.data.groups) {
      parts.push(el("h2", {}, g.name + " ", el("span", { class: "muted" }, g.file)));
      const t = el("table", {}, el("tr", {}, ...["Rule", "State", "Health", "Error"].map(h => el("th", {}, h))));
      for (const r of g.rules) t.append(el("tr", {}, el("td", { class: "mono" }, (r.type === "alerting" ? "alert: " : "record: ") + r.name + "\nexpr: " + r.query),
        el("td", {}, r.state || ""), el("td", {}, r.health), el("td", {}, r.lastError || "")));
      parts.push(t);
    }
    app.replaceChildren(...parts);
  }
  async function alertsPage() {
    const body = await api("alerts");
    const parts = [el("h2", {}, "Alerts")];
    if (!body.data.alerts.length) parts.push(el("p", { class: "muted" }, "No active alerts."));
    else {
      const t = el("table", {}, el("tr", {}, ...["Labels", "State", "Active since", "Value"].map(h => el("th", {}, h))));
      for (const a of body.data.alerts) t.append(el("tr", {}, el("td", { class: "mono" }, metricName(a.labels)), el("td", {}, a.state),
        el("td", {}, a.activeAt || ""), el("td", { class: "num" }, a.value)));
      parts.push(t);
    }
    app.replaceChildren(...parts);
  }

  // ---------- Status ----------
  function kvTable(obj) {
    const t = el("table");
    for (const [k, v] of Object.entries(obj)) t.append(el("tr", {}, el("th", {}, k), el("td", { class: "mono" }, typeof v === "object" ? JSON.stringify(v) : String(v))));
    return t;
  }
  function statTable(title, rows) {
    const t = el("table", {}, el("tr", {}, el("th", {}, "Name"), el("th", {}, "Count")));
    for (const r of rows) t.append(el("tr", {}, el("td", { class: "mono" }, r.name), el("td", { class: "num" }, r.value)));
    return [el("h2", {}, title), t];
  }
  async function statusPage() {
    const [build, runtime, flags, tsdb] = await Promise.all([api("status/buildinfo"), api("status/runtimeinfo"), api("status/flags"), api("status/tsdb")]);
    const head = tsdb.data.headStats;
    app.replaceChildren(
      el("h2", {}, "Build information"), kvTable(build.data),
      el("h2", {}, "Runtime information"), kvTable(runtime.data),
      el("h2", {}, "Head block"), kvTable({ "Number of series": head.numSeries, "Number of chunks": head.chunkCount, "Number of label pairs": head.numLabelPairs,
        "Current min time": head.numSeries ? fmtTime(head.minTime / 1000) : "-", "Current max time": head.numSeries ? fmtTime(head.maxTime / 1000) : "-" }),
      ...statTable("Top series count by metric name", tsdb.data.seriesCountByMetricName),
      ...statTable("Top label names with value count", tsdb.data.labelValueCountByLabelName),
      ...statTable("Top label names with high memory usage (bytes)", tsdb.data.memoryInBytesByLabelName),
      ...statTable("Top series count by label value pairs", tsdb.data.seriesCountByLabelValuePair),
      el("h2", {}, "Command-line flags"), kvTable(flags.data));
  }

  const pages = { "/query": queryPage, "/targets": targetsPage, "/rules": rulesPage, "/alerts": alertsPage, "/status": statusPage };
  for (const a of document.querySelectorAll("header nav a")) a.classList.toggle("active", a.getAttribute("href") === location.pathname);
  const page = pages[location.pathname] || queryPage;
  Promise.resolve().then(page).catch(e => app.replaceChildren(el("div", { class: "error" }, e.message)));
})();
