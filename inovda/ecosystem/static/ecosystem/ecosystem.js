// Inovda ecosystem pages: charts from json_script blocks, and linking a precedent while a
// barrier is typed. Progressive enhancement only: every figure also stands in a table.
(function () {
  "use strict";

  var COLOURS = ["#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#dc3545", "#20c997"];

  function data(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function dataset(set, index, fill) {
    var colour = COLOURS[index % COLOURS.length];
    return Object.assign({}, set, {
      borderColor: colour,
      backgroundColor: fill ? colour + "33" : colour,
      pointBackgroundColor: colour,
      spanGaps: false,
    });
  }

  // Numbers on axes and tooltips in the page's language (1.000.000 in Indonesian).
  function localised(options) {
    return Object.assign({ locale: document.documentElement.lang || "id" }, options);
  }

  function radar(canvas, d) {
    return new window.Chart(canvas, {
      type: "radar",
      data: { labels: d.labels, datasets: d.datasets.map(function (s, i) { return dataset(s, i, true); }) },
      options: localised({ scales: { r: { min: 0, max: 100, ticks: { stepSize: 20 } } } }),
    });
  }

  function line(canvas, d) {
    return new window.Chart(canvas, {
      type: "line",
      data: { labels: d.labels, datasets: d.datasets.map(function (s, i) { return dataset(s, i, false); }) },
      options: localised({ scales: { y: { min: 0, max: 100 } } }),
    });
  }

  function bar(canvas, d) {
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: d.labels,
        datasets: [
          dataset({ label: canvas.dataset.allocated || "Alokasi", data: d.allocated }, 0, false),
          dataset({ label: canvas.dataset.realised || "Realisasi", data: d.realised }, 2, false),
        ],
      },
      options: localised({ indexAxis: "y", scales: { x: { beginAtZero: true } } }),
    });
  }

  function setupCharts(root) {
    if (!window.Chart) { return; }
    var builders = { radar: radar, line: line, bar: bar };
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var d = data(canvas);
      var build = builders[canvas.dataset.chart];
      if (d && build && !canvas.dataset.drawn) {
        build(canvas, d);
        canvas.dataset.drawn = "1";
      }
    });
  }

  // <button data-use-precedent="12" data-precedent-title="…"> fills <input id="id_precedent">.
  function setupPrecedents(root) {
    var input = document.getElementById("id_precedent");
    var chosen = document.getElementById("precedent-chosen");
    if (!input || !chosen) { return; }
    root.querySelectorAll("[data-use-precedent]").forEach(function (button) {
      button.addEventListener("click", function () {
        input.value = button.dataset.usePrecedent;
        chosen.querySelector("[data-precedent-chosen-title]").textContent = button.dataset.precedentTitle;
        chosen.classList.remove("d-none");
      });
    });
    root.querySelectorAll("[data-clear-precedent]").forEach(function (button) {
      button.addEventListener("click", function () {
        input.value = "";
        chosen.classList.add("d-none");
      });
    });
  }

  function setup(root) {
    setupCharts(root);
    setupPrecedents(root);
  }

  document.addEventListener("DOMContentLoaded", function () { setup(document); });
  document.addEventListener("htmx:afterSwap", function (event) { setup(event.target); });
})();
