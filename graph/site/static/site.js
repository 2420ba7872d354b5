// aikg: suggestions as you type for every <input data-suggest="entity">, from GET /search.
// Choosing a suggestion goes to its entity page, or (with data-target="ID") fills the hidden
// input named by data-target with the entity's id. No inline script: CSP allows 'self' only.
(function () {
  "use strict";
  var lang = document.documentElement.lang === "pt" ? "pt" : "en";

  function entityUrl(id) {
    return "/entity/" + encodeURIComponent(id) + (lang === "pt" ? "?lang=pt" : "");
  }

  function setup(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) { return; }
    var target = input.dataset.target ? document.getElementById(input.dataset.target) : null;
    var hits = [], active = -1, timer = null, seq = 0;

    function close() {
      list.hidden = true; input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant"); active = -1;
    }
    function choose(hit) {
      if (target) {
        target.value = hit.id; input.value = hit.label; close();
      } else {
        window.location.href = entityUrl(hit.id);
      }
    }
    function mark(i) {
      var items = list.querySelectorAll("li");
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (items[i]) { input.setAttribute("aria-activedescendant", items[i].id); }
    }
    function show(found) {
      hits = found; list.textContent = "";
      found.forEach(function (hit, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i; li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false"); li.dataset.id = hit.id;
        var name = document.createElement("span"); name.textContent = hit.label;
        var cls = document.createElement("span"); cls.className = "cls";
        cls.textContent = (hit.classes || []).map(function (c) { return c.split("#").pop(); }).join(", ");
        li.appendChild(name); li.appendChild(cls);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(hit); });
        list.appendChild(li);
      });
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      active = -1;
    }
    function lookup() {
      var q = input.value.trim(), mine = ++seq;
      if (target) { target.value = ""; }
      if (!q) { close(); return; }
      fetch("/search?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { hits: [] }; })
        .then(function (data) { if (mine === seq) { show(data.hits || []); } })
        .catch(function () { close(); });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 120); });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); mark(Math.min(active + 1, hits.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(hits[active]); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.querySelectorAll("input[data-suggest=entity]").forEach(setup);
})();
