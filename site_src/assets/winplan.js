/* winplan site: make the accounts table sortable and filterable (charts are inline SVG drawn by the builder).
   No inline handlers, no HTML built from data: text is set with textContent. */
(function () {
  "use strict";

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) { return numeric ? -Infinity : ""; }
    if (numeric) {
      var raw = cell.getAttribute("data-value");
      return raw === null || raw === "" ? -Infinity : parseFloat(raw);
    }
    return (cell.getAttribute("data-value") || cell.textContent || "").trim().toLowerCase();
  }

  function groupOf(row, index) {
    var cell = row.cells[index];
    return (cell && cell.getAttribute("data-group")) || "";
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "wp-sort";
      button.textContent = header.textContent;
      header.textContent = "";
      header.appendChild(button);
      header.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.setAttribute("aria-sort", "none"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = header.getAttribute("data-type") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          // Amounts in different currencies (no exchange rates set) are never compared: currency first.
          var groups = groupOf(a, index).localeCompare(groupOf(b, index));
          if (groups !== 0) { return groups; }
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          var order = numeric ? x - y : String(x).localeCompare(String(y));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function readHash() {
    var wanted = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      if (!pair) { return; }
      var parts = pair.split("=");
      try { wanted[decodeURIComponent(parts[0])] = decodeURIComponent(parts.slice(1).join("=")); } catch (error) { /* ignore */ }
    });
    return wanted;
  }

  function makeFilterable(form) {
    var table = document.getElementById(form.getAttribute("data-filter-for"));
    if (!table) { return; }
    var fields = Array.prototype.map.call(form.querySelectorAll("select[name]"), function (select) {
      return select.name;
    }).concat(["close"]);
    var closeNote = form.querySelector(".wp-close-filter");

    function apply() {
      var query = (form.elements.q.value || "").trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var visible = fields.every(function (name) {
          var value = form.elements[name].value;
          if (!value) { return true; }
          return (row.getAttribute("data-" + name) || "").split(" ").indexOf(value) !== -1;
        });
        if (visible && query) { visible = row.textContent.toLowerCase().indexOf(query) !== -1; }
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      form.elements.shown.value = String(shown);
      if (closeNote) { closeNote.textContent = form.elements.close.value ? " · " + form.elements.close.value : ""; }
    }

    function fromHash() {
      var wanted = readHash();
      fields.forEach(function (name) {
        var field = form.elements[name];
        var value = wanted[name] || "";
        if (field.tagName === "SELECT" && value && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) {
          value = "";
        }
        field.value = value;
      });
      form.elements.q.value = wanted.q || "";
      apply();
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", function () { form.elements.close.value = form.elements.close.value; apply(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  /* Material's search overlay is a dialog without a name; give it the search field's own label. */
  function nameSearchDialog() {
    var field = document.querySelector(".md-search__input");
    document.querySelectorAll(".md-search[role=dialog]").forEach(function (dialog) {
      if (!dialog.hasAttribute("aria-label") && field) {
        dialog.setAttribute("aria-label", field.getAttribute("aria-label") || "Search");
      }
    });
  }

  /* A table (or the relationship map) wider than its box scrolls inside it, on a phone mostly: such a box gets a
     tab stop so a keyboard can reach it and scroll it with the arrow keys; a box that fits gets none. */
  function reachScrollingBoxes() {
    document.querySelectorAll(".wp-table, .wp-relmap-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }

  function start() {
    nameSearchDialog();
    reachScrollingBoxes();
    window.addEventListener("resize", reachScrollingBoxes);
    document.addEventListener("toggle", reachScrollingBoxes, true);  /* a roll-up opened on the overview */
    document.querySelectorAll("table.wp-sortable").forEach(makeSortable);
    document.querySelectorAll("form.wp-filters").forEach(makeFilterable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
