// Dashboard charts: each <canvas data-chart="ID"> is drawn from the JSON in <script id="ID">
// (Django's json_script). No inline script: the page's CSP forbids it.
(function () {
  "use strict";
  var PALETTE = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1", "#dc3545", "#ffc107",
                 "#0dcaf0", "#198754", "#d63384", "#6c757d", "#6610f2", "#adb5bd"];

  function draw(canvas) {
    if (canvas.dataset.drawn || typeof Chart === "undefined") { return; }
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var round = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (ds, i) {
      var colors = round ? spec.labels.map(function (_, j) { return PALETTE[j % PALETTE.length]; })
                         : PALETTE[i % PALETTE.length];
      return { label: ds.label, data: ds.data, backgroundColor: colors, borderColor: round ? "#fff" : colors };
    });
    var options = { responsive: true, maintainAspectRatio: false, animation: false,
                    plugins: { legend: { display: round || datasets.length > 1, position: "bottom" } } };
    if (!round) {
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = { x: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
                         y: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } } };
    }
    new Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options });
    canvas.dataset.drawn = "1";
  }

  function setup(root) { root.querySelectorAll("canvas[data-chart]").forEach(draw); }
  document.addEventListener("DOMContentLoaded", function () { setup(document); });
  document.addEventListener("htmx:afterSwap", function (event) { setup(event.target); });
})();
