/* tiendo: draws the sections of internal pages (heading, sentence, table) from the data file beside
   the page, a script that has run by now (tiendo/render/datatable.py). Text is set with textContent:
   whatever a roster says is shown as text, never run. Long lists get a filter box; typing without diacritics works. */
(function () {
  "use strict";

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function formatCount(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // A long table comes by column (tiendo/render/datatable.py ColumnTable): each column a list of
  // values, or {labels, codes} where row i reads labels[codes[i]]. Rebuilt here as rows.
  function rowsOf(section) {
    if (Array.isArray(section.rows)) return section.rows;
    var columns = section.rows.by_column.map(function (column) {
      if (Array.isArray(column)) return column;
      if (typeof column.codes === "string") {  // code i written as the character U+0100 + i
        var labels = [];
        for (var i = 0; i < column.codes.length; i++) labels.push(column.labels[column.codes.charCodeAt(i) - 256]);
        return labels;
      }
      return column.codes.map(function (code) { return column.labels[code]; });
    });
    var rows = [];
    for (var i = 0; columns.length && i < columns[0].length; i++) {
      rows.push(columns.map(function (column) { return column[i]; }));
    }
    return rows;
  }

  function drawTable(section, holder) {
    var numeric = {};
    (section.numeric || []).forEach(function (i) { numeric[i] = true; });
    var table = document.createElement("table");
    var head = table.createTHead().insertRow();
    section.columns.forEach(function (name, i) {
      var th = element("th", "", name);
      if (numeric[i]) th.style.textAlign = "right";
      head.appendChild(th);
    });
    var body = table.createTBody();
    var keys = [];
    rowsOf(section).forEach(function (row) {
      var tr = body.insertRow();
      var words = [];
      row.forEach(function (value, i) {
        var td = tr.insertCell();
        if (value && typeof value === "object") {  // a link cell {text, href}: href made by tiendo
          var a = element("a", "", value.text);
          a.setAttribute("href", value.href);
          td.appendChild(a);
          words.push(value.text);
        } else {
          td.textContent = value === null || value === undefined ? "" : String(value);
          words.push(td.textContent);
        }
        if (numeric[i]) td.style.textAlign = "right";
      });
      keys.push(fold(words.join(" ")));
    });

    if (section.filter) {
      var filter = element("input", "tiendo-datatable__filter");
      filter.type = "search";
      filter.placeholder = "Lọc theo tên, mã, chức vụ… (gõ không dấu cũng được)";
      filter.setAttribute("aria-label", "Lọc bảng «" + section.title + "»");
      var count = element("p", "tiendo-datatable__count");
      count.setAttribute("aria-live", "polite");
      filter.addEventListener("input", function () {
        var wanted = fold(filter.value.trim());
        var shown = 0;
        for (var i = 0; i < keys.length; i++) {
          var visible = !wanted || keys[i].indexOf(wanted) !== -1;
          body.rows[i].hidden = !visible;
          if (visible) shown++;
        }
        count.textContent = wanted ? "Đang hiện " + formatCount(shown) + " / " + formatCount(keys.length) + " dòng" : "";
      });
      holder.appendChild(filter);
      holder.appendChild(count);
    }
    // The wrappers Material puts around Markdown tables: same look, scrolls sideways on phones.
    var wrap = element("div", "md-typeset__scrollwrap");
    var inner = element("div", "md-typeset__table");
    inner.appendChild(table);
    wrap.appendChild(inner);
    holder.appendChild(wrap);
  }

  function draw(holder) {
    var data = (window.tiendoSections || {})[holder.getAttribute("data-tiendo-sections")];
    if (!data || holder.getAttribute("data-drawn")) return;
    holder.setAttribute("data-drawn", "1");
    data.sections.forEach(function (section) {
      var heading = element("h2", "", section.title);
      heading.id = section.id;
      holder.appendChild(heading);
      if (section.intro) holder.appendChild(element("p", "", section.intro));
      if (section.columns.length) drawTable(section, holder);
    });
    if (location.hash) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }
  }

  function drawAll() {
    document.querySelectorAll("[data-tiendo-sections]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
