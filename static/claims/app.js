// Factcheck: the little htmx cannot do by itself. Loaded as a file (no inline script).
(function () {
  "use strict";

  // The sentences below come translated from base.html (data attributes of #flash); English without it.
  function sentence(name, fallback) {
    const region = document.getElementById("flash");
    return (region && region.dataset[name]) || fallback;
  }

  function show(text, kind) {
    const region = document.getElementById("flash");
    if (!region) return;
    const line = document.createElement("p");
    line.className = kind;
    line.textContent = text;
    region.replaceChildren(line);
  }

  // A write went through: the event carries the sentence to show.
  document.addEventListener("claimChanged", function (event) {
    if (event.detail && event.detail.message) show(event.detail.message, "success");
  });

  // The server refused (403, 404, 409, 500...): show its reason, never fail silently.
  document.addEventListener("htmx:responseError", function (event) {
    const xhr = event.detail.xhr;
    const page = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    const reason = page.querySelector("[data-error-message]");
    const fallback = sentence("serverError", "The server answered {status}: nothing was changed.");
    show(reason ? reason.textContent.trim() : fallback.replace("{status}", xhr.status), "error");
  });

  document.addEventListener("htmx:sendError", function () {
    const fallback = "The server could not be reached: nothing was changed. Check the connection and try again.";
    show(sentence("unreachable", fallback), "error");
  });

  // Filters: leave empty fields out of the URL, so a bookmarked list reads "?status=new&q=belarus".
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.id !== "filters") return;
    const data = event.detail.formData;
    for (const [name, value] of Array.from(data.entries())) {
      if (value === "") data.delete(name);
    }
  });

  // Bulk actions: "select all" ticks every claim on the page.
  document.addEventListener("change", function (event) {
    if (!event.target.matches("[data-select-all]")) return;
    document.querySelectorAll("input[name=claims]").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });
})();
