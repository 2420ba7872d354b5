// aikg review screen (GET /ingest/{id} in a browser): accept or reject proposed facts with the
// same JSON routes as API clients (POST /ingest/{id}/accept and /reject), the bearer token read
// from the page's password field at each call. The token is never stored (no cookie, no
// localStorage, no URL) and never logged. After a call the page body is fetched again and
// swapped in; a 422 from the SHACL check is shown next to the facts its violations name.
// Clicking a fact shows its evidence in the text, and clicking highlighted evidence shows its
// fact. No inline script: CSP allows 'self' only.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("review-config").textContent);
  var words = config.words;
  var token = document.getElementById("review-token");
  var message = document.getElementById("review-message");
  var buttons = document.querySelectorAll("#review-actions button[data-action]");
  var busy = false;

  function say(key, values) {
    return words[key].replace(/\{(\w+)\}/g, function (_, name) {
      return values && name in values ? String(values[name]) : "";
    });
  }

  function show(text, kind) {
    message.textContent = text;
    message.className = "review-message" + (kind ? " " + kind : "");
  }

  function body() { return document.getElementById("review-body"); }

  function pendingCount() { return Number(body().dataset.pending || 0); }

  function selected() {
    return Array.prototype.map.call(body().querySelectorAll("input.pick:checked"),
      function (box) { return box.value; });
  }

  function enable() {
    var open = pendingCount() > 0 && !busy;
    buttons.forEach(function (button) { button.disabled = !open; });
  }

  // -- fact <-> evidence ------------------------------------------------------------------------

  function marksOf(fact) {
    return Array.prototype.filter.call(body().querySelectorAll("mark.fact"), function (mark) {
      return mark.dataset.facts.split(" ").indexOf(fact) >= 0;
    });
  }

  function activate(fact) {
    body().querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    marksOf(fact).forEach(function (mark) { mark.classList.add("active"); });
    var item = document.getElementById("fact-" + fact);
    if (item) { item.classList.add("active"); }
  }

  function toEvidence(fact) {
    var marks = marksOf(fact);
    if (!marks.length) { return false; }
    activate(fact);
    marks[0].scrollIntoView({ block: "center" });
    marks[0].focus({ preventScroll: true });
    return true;
  }

  function toFact(mark) {
    var facts = mark.dataset.facts.split(" ").filter(Boolean);
    if (!facts.length) { return; }
    // repeated clicks on one piece of text go through every fact read from it
    var next = Number(mark.dataset.turn || 0) % facts.length;
    mark.dataset.turn = String(next + 1);
    var item = document.getElementById("fact-" + facts[next]);
    activate(facts[next]);
    item.scrollIntoView({ block: "center" });
    item.focus({ preventScroll: true });
  }

  function bind() {
    body().querySelectorAll("li.fact").forEach(function (item) {
      item.addEventListener("click", function (event) {
        if (event.target.closest("input, label, select, button, details, a:not(.evidence-link)")) {
          return;
        }
        if (toEvidence(item.dataset.fact)) { event.preventDefault(); }
      });
    });
    body().querySelectorAll("mark.fact").forEach(function (mark) {
      mark.addEventListener("click", function () { toFact(mark); });
    });
    enable();
  }

  // -- the calls --------------------------------------------------------------------------------

  function refresh() {
    return fetch(window.location.pathname + window.location.search,
                 { headers: { Accept: "text/html" }, cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var next = fresh.getElementById("review-body");
        if (next) { body().replaceWith(document.importNode(next, true)); bind(); bindFixes(); }
      });
  }

  function problems(violations) {
    var facts = Array.prototype.slice.call(body().querySelectorAll("li.fact"));
    var other = [];
    violations.forEach(function (v) {
      var text = (v.path ? v.path.split(/[#/]/).pop() + ": " : "") + v.message;
      var owner = facts.filter(function (item) {
        var iri = item.dataset.iri;
        return v.focus === iri || (v.focus || "").indexOf(iri + "-") === 0;
      })[0];
      if (!owner) { other.push(text); return; }
      var list = owner.querySelector("ul.violations");
      var li = document.createElement("li");
      li.textContent = words.violation + ": " + text;
      list.appendChild(li);
      list.hidden = false;
      owner.classList.add("invalid");
    });
    var box = document.getElementById("review-problems");
    box.textContent = "";
    if (other.length) {
      var head = document.createElement("p");
      head.textContent = words.msg_422_other;
      var ul = document.createElement("ul");
      other.forEach(function (text) {
        var li = document.createElement("li"); li.textContent = text; ul.appendChild(li);
      });
      box.appendChild(head); box.appendChild(ul);
    }
    box.hidden = other.length === 0;
  }

  function clearProblems() {
    body().querySelectorAll("ul.violations").forEach(function (ul) {
      ul.textContent = ""; ul.hidden = true;
    });
    body().querySelectorAll("li.invalid").forEach(function (li) { li.classList.remove("invalid"); });
    var box = document.getElementById("review-problems");
    box.textContent = ""; box.hidden = true;
  }

  function failure(status, answer) {
    var text = (answer && answer.message) || "";
    if (status === 401) { return say("msg_401"); }
    if (status === 403) { return say("msg_403"); }
    if (status === 409) { return say("msg_409", { message: text }); }
    if (status === 422) { return say("msg_422"); }
    return say("msg_error", { status: status, message: text });
  }

  function call(verb, facts) {
    var secret = token.value.trim();
    if (!secret) { show(say("msg_no_token"), "error"); token.focus(); return; }
    if (facts && !facts.length) { show(say("msg_no_selection"), "error"); return; }
    var before = {};
    body().querySelectorAll("li.fact").forEach(function (li) { before[li.dataset.fact] = li.dataset.state; });
    busy = true; enable(); clearProblems(); show(say("msg_working"));
    var init = { method: "POST", cache: "no-store",
                 headers: { Authorization: "Bearer " + secret, Accept: "application/json" } };
    if (facts) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify({ facts: facts });
    }
    fetch("/ingest/" + encodeURIComponent(config.id) + "/" + verb, init)
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          return { status: response.status, answer: answer };
        });
      })
      .then(function (result) {
        busy = false;
        if (result.status !== 200) {
          show(failure(result.status, result.answer), "error");
          if (result.status === 422) { problems(result.answer.violations || []); }
          enable();
          return;
        }
        var changed = (result.answer.facts || []).filter(function (f) {
          return before[f.id] === "pending" && f.state !== "pending";
        }).map(function (f) { return f.id; });
        var key = verb === "accept" ? "msg_accepted" : "msg_rejected";
        show(changed.length ? say(key, { facts: changed.join(", ") }) : say("msg_nothing"), "ok");
        return refresh();
      })
      .catch(function () { busy = false; enable(); show(say("msg_network"), "error"); });
  }

  // a fix (PATCH or POST with a JSON body) of one fact or entity, then the page again
  function fix(method, path, payload, message) {
    var secret = token.value.trim();
    if (!secret) { show(say("msg_no_token"), "error"); token.focus(); return; }
    busy = true; enable(); clearProblems(); show(say("msg_working"));
    fetch("/ingest/" + encodeURIComponent(config.id) + path, {
      method: method, cache: "no-store", body: JSON.stringify(payload),
      headers: { Authorization: "Bearer " + secret, Accept: "application/json",
                 "Content-Type": "application/json" }
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          busy = false;
          if (response.status !== 200) {
            enable(); show(failure(response.status, answer), "error"); return;
          }
          show(message, "ok");
          return refresh();
        });
      })
      .catch(function () { busy = false; enable(); show(say("msg_network"), "error"); });
  }

  function bindFixes() {
    body().querySelectorAll("form.fix-fact").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var changes = {};
        Array.prototype.forEach.call(form.elements, function (field) {
          if (!field.name) { return; }
          var initial = field.tagName === "SELECT"
            ? (Array.prototype.filter.call(field.options, function (o) {
                return o.defaultSelected; })[0] || {}).value
            : field.defaultValue;
          if (field.value.trim() !== (initial || "").trim()) {
            changes[field.name] = field.value.trim() || null;
          }
        });
        if (!Object.keys(changes).length) { show(say("msg_nothing"), "error"); return; }
        var fact = form.dataset.fact;
        fix("PATCH", "/facts/" + encodeURIComponent(fact), changes,
            say("msg_edited", { fact: fact }));
      });
    });
    body().querySelectorAll("form.fix-entity").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var entity = form.dataset.entity;
        var path = "/entities/" + encodeURIComponent(entity);
        var done = say("msg_entity", { entity: entity });
        if (event.submitter && event.submitter.value === "merge") {
          fix("POST", path + "/merge", { into: form.elements.into.value.trim() }, done);
        } else {
          fix("PATCH", path, { "class": form.elements["class"].value }, done);
        }
      });
    });
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var action = button.dataset.action;
      if (action === "accept-all") { call("accept", null); }
      else if (action === "accept-selected") { call("accept", selected()); }
      else if (action === "reject-selected") { call("reject", selected()); }
      else if (action === "reject-all") { call("reject", null); }
    });
  });

  bind();
  bindFixes();
  if (window.location.hash) {  // a link to a fact (#fact-p03) shows its evidence too
    var linked = document.getElementById(window.location.hash.slice(1));
    if (linked && linked.dataset.fact) { activate(linked.dataset.fact); }
  }
})();
