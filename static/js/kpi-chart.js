// KPI attainment per progress report (innovations/panels/reports.html).
(function () {
  "use strict";
  function draw() {
    const source = document.getElementById("kpi-chart-data");
    const canvas = document.getElementById("kpi-chart");
    if (!source || !canvas || !window.Chart) { return; }
    const rows = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: rows.map(function (r) { return r.label; }),
        datasets: [{
          label: canvas.getAttribute("aria-label"),
          data: rows.map(function (r) { return r.attainment; }),
          borderColor: "#0d6efd",
          backgroundColor: "rgba(13,110,253,.15)",
          fill: true,
          tension: 0.2,
        }],
      },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { y: { suggestedMin: 0, suggestedMax: 1.2 } },
      },
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else { draw(); }
})();
