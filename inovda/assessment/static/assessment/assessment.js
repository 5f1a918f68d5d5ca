// IID assessment pages: progressive enhancement only.
(function () {
  "use strict";

  // A row form that fails validation answers 400 with the row and its errors: show it
  // (htmx does not swap error responses by default).
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Agencies: claimed and verified average maturity, one bar pair per agency.
  function agencyChart() {
    const canvas = document.getElementById("agency-chart");
    const source = document.getElementById("agency-chart-data");
    if (!canvas || !source || !window.Chart) { return; }
    const data = JSON.parse(source.textContent);
    const rows = data.labels.length;
    const width = canvas.parentNode.clientWidth || 600;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.verifiedLabel, data: data.verified, backgroundColor: "#198754" },
          { label: data.claimedLabel, data: data.claimed, backgroundColor: "#9ec5fe" }
        ]
      },
      options: {
        indexAxis: "y",
        aspectRatio: width / (60 + rows * 36),
        scales: { x: { beginAtZero: true, suggestedMax: 111 } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", agencyChart);
})();
