// KPI values of a published innovation (public/innovation.html): one line chart per
// indicator, drawn from the JSON block "kpi-data"; the table beside has the same figures.
(function () {
  "use strict";
  function draw() {
    const source = document.getElementById("kpi-data");
    if (!source || !window.Chart) { return; }
    JSON.parse(source.textContent).forEach(function (kpi, i) {
      const canvas = document.getElementById("kpi-chart-" + i);
      if (!canvas) { return; }
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: kpi.points.map(function (p) { return p.label; }),
          datasets: [
            { label: kpi.name + " (" + kpi.unit + ")", data: kpi.points.map(function (p) { return p.value; }),
              borderColor: "#0d6efd", backgroundColor: "rgba(13,110,253,.15)", fill: true, tension: 0.2 },
            { label: canvas.dataset.target, data: kpi.points.map(function () { return kpi.target; }),
              borderColor: "#198754", borderDash: [6, 4], pointRadius: 0, fill: false },
          ],
        },
        options: { maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } },
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else { draw(); }
})();
