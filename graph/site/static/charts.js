// aikg: draws every <canvas data-chart="ID"> with Chart.js (vendor/chartjs) from the JSON block
// <script type="application/json" id="ID"> beside it (see graph/site/chartdata.py for its
// shape). The data table under each chart holds the same numbers. No inline script (the CSP
// allows 'self' only); Chart.js styles the canvas through the CSSOM, which the CSP allows.
(function () {
  "use strict";
  if (!window.Chart) { return; }
  var css = window.getComputedStyle(document.documentElement);
  function cssColor(name, fallback) {
    return (css.getPropertyValue(name) || "").trim() || fallback;
  }
  var STATUS = {
    Actual: cssColor("--actual", "#1b6e3a"), Planned: cssColor("--planned", "#8a4b00"),
    Derived: cssColor("--derived", "#5a2ca0"), Reported: cssColor("--reported", "#6a3d9a"),
    Claimed: cssColor("--claimed", "#9b1c31")
  };
  var POINT_STYLE = { Actual: "circle", Planned: "rect", Derived: "rectRot",
                      Reported: "triangle", Claimed: "star" };
  var PALETTE = ["#1f5fa8", "#b3441e", "#1b6e3a", "#6a3d9a", "#8a4b00", "#00707a", "#9b1c31",
                 "#4f5b6b"];
  var AT_LEAST = "#7d8794";

  function statusColor(status, fallback) {
    return STATUS[status] || fallback || cssColor("--other", "#4f5b6b");
  }

  function formatter(spec) {
    var locale = spec.lang === "pt" ? "pt-PT" : "en-GB";
    if (spec.unit === "money" && spec.currency) {
      var full = new Intl.NumberFormat(locale, { style: "currency", currency: spec.currency,
                                                  maximumFractionDigits: 0 });
      var short = new Intl.NumberFormat(locale, { style: "currency", currency: spec.currency,
                                                   notation: "compact",
                                                   maximumFractionDigits: 1 });
      return { full: full.format, short: short.format };
    }
    var digits = spec.unit === "score" ? 4 : 0;
    var plain = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
    var compact = new Intl.NumberFormat(locale, { notation: "compact",
                                                  maximumFractionDigits: 1 });
    return { full: plain.format, short: spec.unit === "score" ? plain.format : compact.format };
  }

  function dataset(spec, s, i) {
    var base = s.key === "at_least" ? AT_LEAST : statusColor(s.status, PALETTE[i % PALETTE.length]);
    var points = s.points;
    var data = points.map(function (p) {
      var y = spec.kind === "bar" && p.y === 0 ? null : p.y;  // no empty slot in a group
      return spec.horizontal ? { x: y, y: p.x } : { x: p.x, y: y };
    });
    var set = { label: s.name, data: data, borderColor: base, backgroundColor: base,
                skipNull: true };
    if (spec.kind === "line") {
      set.pointStyle = points.map(function (p) { return POINT_STYLE[p.status] || "circle"; });
      set.pointRadius = 6;
      set.pointHoverRadius = 8;
      set.pointBackgroundColor = points.map(function (p) {
        return p.status && p.status !== "Actual" ? "#fff" : base;
      });
      set.borderWidth = 2;
      set.spanGaps = true;
      set.segment = { borderDash: function (ctx) {
        var p = points[ctx.p1DataIndex];
        return p && p.status && p.status !== "Actual" ? [6, 4] : undefined;
      } };
    } else if (!s.status && s.key !== "at_least") {
      set.backgroundColor = points.map(function (p) { return statusColor(p.status, base); });
      set.borderColor = set.backgroundColor;
    }
    if (s.key === "at_least") {
      set.backgroundColor = "rgba(125,135,148,0.35)";
      set.borderWidth = 2;
      set.borderDash = [4, 3];
    }
    return set;
  }

  function draw(canvas) {
    var block = document.getElementById(canvas.getAttribute("data-chart"));
    if (!block || canvas.getAttribute("data-drawn")) { return; }
    var spec = JSON.parse(block.textContent);
    var fmt = formatter(spec);
    var value = spec.horizontal ? "x" : "y";
    var notes = {};
    spec.series.forEach(function (s, i) {
      notes[i] = s.points.map(function (p) { return p.note; });
    });
    var scales = {};
    scales[value] = { beginAtZero: true, ticks: { callback: function (v) { return fmt.short(v); } } };
    scales[value === "y" ? "x" : "y"] = { type: "category", labels: spec.labels };
    var chart = new window.Chart(canvas, {
      type: spec.kind,
      data: { labels: spec.labels, datasets: spec.series.map(function (s, i) {
        return dataset(spec, s, i);
      }) },
      options: {
        locale: spec.lang === "pt" ? "pt-PT" : "en-GB",
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: scales,
        plugins: {
          legend: { display: spec.series.length > 1 || spec.kind === "line",
                    labels: { usePointStyle: spec.kind === "line" } },
          tooltip: { callbacks: { label: function (ctx) {
            var note = (notes[ctx.datasetIndex] || [])[ctx.dataIndex];
            var raw = spec.horizontal ? ctx.parsed.x : ctx.parsed.y;
            return ctx.dataset.label + ": " + fmt.full(raw) + (note ? " (" + note + ")" : "");
          } } }
        }
      }
    });
    canvas.setAttribute("data-drawn", "true");
    canvas.chart = chart;
  }

  Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
}());
