/* winplan site: draw charts from embedded JSON and make the accounts table sortable and filterable.
   No inline handlers, no HTML built from data: text is set with textContent, chart labels arrive escaped. */
(function () {
  "use strict";

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function themed(layout) {
    var fg = isDark() ? "#e2e4e9" : "#1f2329";
    var grid = isDark() ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.1)";
    var copy = JSON.parse(JSON.stringify(layout || {}));
    copy.paper_bgcolor = "rgba(0,0,0,0)";
    copy.plot_bgcolor = "rgba(0,0,0,0)";
    copy.font = { color: fg, family: "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', sans-serif", size: 13 };
    ["xaxis", "yaxis"].forEach(function (axis) {
      copy[axis] = copy[axis] || {};
      copy[axis].gridcolor = grid;
      copy[axis].zerolinecolor = grid;
    });
    return copy;
  }

  /* A site-relative link made by the builder: no scheme, no protocol-relative start. */
  function siteLink(value) {
    return typeof value === "string" && value !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(value) && value.indexOf("//") !== 0;
  }

  function drawCharts() {
    if (typeof window.Plotly === "undefined") { return; }
    document.querySelectorAll(".wp-chart[data-figure]").forEach(function (node) {
      var source = document.getElementById(node.getAttribute("data-figure"));
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      node.wpFigure = figure;
      window.Plotly.newPlot(node, figure.data, themed(figure.layout), {
        responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d", "sendDataToCloud"]
      });
      node.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        var target = point && (Array.isArray(point.customdata) ? point.customdata[0] : point.customdata);
        if (siteLink(target)) { window.location.href = rootPrefix() + target; }
      });
    });
  }

  function rootPrefix() {
    /* Material publishes the site root in its configuration block as a path relative to the page. */
    var config = document.getElementById("__config");
    if (config) {
      try { return JSON.parse(config.textContent).base.replace(/\/?$/, "/"); } catch (error) { return ""; }
    }
    return "";
  }

  function recolour() {
    if (typeof window.Plotly === "undefined") { return; }
    document.querySelectorAll(".wp-chart[data-figure]").forEach(function (node) {
      if (node.wpFigure) { window.Plotly.relayout(node, themed(node.wpFigure.layout)); }
    });
  }

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
    var fields = ["status", "stage", "rep", "quadrant", "close"];
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

  function start() {
    nameSearchDialog();
    drawCharts();
    document.querySelectorAll("table.wp-sortable").forEach(makeSortable);
    document.querySelectorAll("form.wp-filters").forEach(makeFilterable);
    new MutationObserver(recolour).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
