// Inovda: progressive enhancement only. Every page works without JavaScript.
(function () {
  "use strict";

  function countWords(text) {
    const trimmed = (text || "").trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  // Live word count over a group of textareas: <textarea data-wordcount="design">
  // and <span data-wordcount-total="design" data-wordcount-min="300">.
  function setupWordCounts(root) {
    root.querySelectorAll("[data-wordcount-total]").forEach(function (output) {
      const group = output.dataset.wordcountTotal;
      const minimum = parseInt(output.dataset.wordcountMin || "0", 10);
      const fields = root.querySelectorAll('[data-wordcount="' + group + '"]');
      function update() {
        let total = 0;
        fields.forEach(function (field) { total += countWords(field.value); });
        output.textContent = total;
        const holder = output.closest(".word-count") || output;
        holder.classList.toggle("too-few", total < minimum);
        holder.classList.toggle("enough", total >= minimum);
      }
      fields.forEach(function (field) { field.addEventListener("input", update); });
      update();
    });
  }

  // Selects that submit their form on change: <select data-autosubmit>
  function setupAutoSubmit(root) {
    root.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.requestSubmit(); });
    });
  }

  // Confirmation before destructive actions: <button data-confirm="...">
  function setupConfirm(root) {
    root.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        if (!window.confirm(el.dataset.confirm)) { event.preventDefault(); }
      });
    });
  }

  function setup(root) {
    setupWordCounts(root);
    setupAutoSubmit(root);
    setupConfirm(root);
  }

  document.addEventListener("DOMContentLoaded", function () { setup(document); });
  document.addEventListener("htmx:afterSwap", function (event) { setup(event.target); });
  window.Inovda = { countWords: countWords, setup: setup };
})();
