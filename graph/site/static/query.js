// aikg query page (/query): the textarea becomes a YASQE editor (vendor/yasqe), Run asks
// /sparql and draws the result as the server does (graph/site/query.py `shown`): a table,
// a graph tab (an iframe of /view/query), downloads from /sparql?format=…, and the query kept
// in the URL. Errors from /sparql carry line and column: the line is marked in the editor.
// Without this file the page still works: its form runs the query on the server.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("query-config").textContent);
  var words = config.words, prefixes = config.prefixes, lang = config.lang;
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
  var OWN_NS = "https://w3id.org/aikg/", ID_NS = OWN_NS + "id/", GRAPH_NS = OWN_NS + "graph/";
  var PLAIN = [XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"];
  var NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedInt", "unsignedLong"].map(function (n) { return XSD + n; });
  var DOWNLOADS = {select: [["csv", "CSV"], ["json", "JSON"], ["tsv", "TSV"]],
    ask: [["json", "JSON"], ["xml", "XML"]],
    graph: [["turtle", "Turtle"], ["jsonld", "JSON-LD"], ["ntriples", "N-Triples"]]};
  var EXT = {csv: "csv", json: "json", tsv: "tsv", xml: "xml", turtle: "ttl", jsonld: "jsonld",
    ntriples: "nt"};

  var form = document.getElementById("query-form");
  var textarea = document.getElementById("query-text");
  var results = document.getElementById("results");
  var output = document.getElementById("query-output");
  var statusLine = document.getElementById("query-status");
  var errorBox = document.getElementById("query-error");
  var editor = null, marked = null, seq = 0;

  function say(key, values) {
    return words[key].replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function params(obj) {
    var p = new URLSearchParams();
    Object.keys(obj).forEach(function (k) { p.append(k, obj[k]); });
    return p.toString();
  }
  function local(path) {
    return lang === "pt" ? path + (path.indexOf("?") < 0 ? "?" : "&") + "lang=pt" : path;
  }
  function withLang(obj) { if (lang !== "en") { obj.lang = lang; } return obj; }

  // ---- the editor
  function setupEditor() {
    var Yasqe = window.Yasqe;
    if (!Yasqe) { return; }
    var baseMode = Yasqe.modes.sparql11;  // the syntax check knows our predeclared prefixes
    Yasqe.defineMode("sparql11", function (cmConfig, modeConfig) {
      var mode = baseMode(cmConfig, modeConfig), start = mode.startState;
      mode.startState = function () {
        var state = start.apply(this, arguments);
        state.prefixes = Object.assign({}, prefixes, state.prefixes);
        return state;
      };
      return mode;
    });
    var declarations = Object.keys(prefixes).sort().map(function (p) {
      return p + ": <" + prefixes[p] + ">";
    });
    // prefix completion offers our prefixes only: no prefix.cc, nothing stored in the browser
    Yasqe.forkAutocompleter("prefixes", {name: "aikgPrefixes", persistenceId: null,
      onInitialize: function () {}, get: function () { return Promise.resolve(declarations); }},
      false);
    Yasqe.defaults.autocompleters = ["variables", "aikgPrefixes"];
    var run = function () { submit(); };
    editor = new Yasqe(document.getElementById("query-editor"), {
      value: textarea.value, persistenceId: null, showQueryButton: false,
      createShareableLink: null, consumeShareLink: null, resizeable: false,
      editorHeight: "20em", screenReaderLabel: words.query_label,
      extraKeys: {"Ctrl-Enter": run, "Cmd-Enter": run},
      requestConfig: {endpoint: "/sparql", method: "POST"}});
    editor.on("change", unmark);
    textarea.hidden = true;
    document.getElementById("query-editor").hidden = false;
    document.getElementById("query-hint").hidden = false;
    editor.refresh();  // built while hidden, CodeMirror drew no lines until it measures again
  }
  function text() { return editor ? editor.getValue() : textarea.value; }
  function unmark() {
    if (editor && marked !== null) { editor.removeLineClass(marked, "wrap", "query-error-line"); }
    marked = null;
  }
  function mark(line) {
    unmark();
    if (!editor || !(line >= 1) || line > editor.lineCount()) { return; }
    marked = line - 1;
    editor.addLineClass(marked, "wrap", "query-error-line");
    editor.scrollIntoView({line: marked, ch: 0});
  }

  // ---- cells, as graph/site/query.py `shown` draws them
  function compact(iri) {
    var best = null;
    Object.keys(prefixes).forEach(function (p) {
      var longer = best === null || prefixes[p].length > prefixes[best].length;
      if (iri.indexOf(prefixes[p]) === 0 && longer) { best = p; }
    });
    return best === null ? iri : best + ":" + iri.slice(prefixes[best].length);
  }
  function cellNode(term) {
    var td = el("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var href = null, value = term.value;
      if (value.indexOf(ID_NS) === 0) { href = local("/entity/" + value.slice(ID_NS.length)); }
      else if (value.indexOf(GRAPH_NS + "doc-") === 0) {
        href = local("/source/" + value.slice(GRAPH_NS.length));
      }
      else if (/^https?:\/\//.test(value) && value.indexOf(OWN_NS) !== 0) { href = value; }
      if (href) {
        var a = el("a", {href: href}, compact(value));
        if (href.charAt(0) !== "/") { a.rel = "noopener noreferrer"; }
        td.appendChild(a);
      } else { td.textContent = compact(value); }
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else if (term.type === "literal") {
      td.textContent = term.value;
      var dt = term.datatype;
      var note = term["xml:lang"] || (dt && PLAIN.indexOf(dt) < 0 ? compact(dt) : null);
      if (note) {
        td.appendChild(document.createTextNode(" "));
        td.appendChild(el("span", {"class": "note"}, note));
      }
      if (dt && NUMERIC.indexOf(dt) >= 0) { td.className = "num"; }
    } else {
      td.textContent = typeof term.value === "string" ? term.value : JSON.stringify(term.value);
    }
    return td;
  }

  // ---- /sparql answers as {form, variables, rows, boolean}
  function fromSparqlJson(body) {
    if (typeof body.boolean === "boolean") {
      return {form: "ask", boolean: body.boolean, variables: [], rows: []};
    }
    var vars = body.head.vars || [];
    return {form: "select", variables: vars, rows: body.results.bindings.map(function (b) {
      return vars.map(function (v) { return b[v] || null; });
    })};
  }
  function jsonldTerm(v) {
    if (v["@id"] !== undefined) {
      var blank = v["@id"].indexOf("_:") === 0;
      return {type: blank ? "bnode" : "uri", value: blank ? v["@id"].slice(2) : v["@id"]};
    }
    var out = {type: "literal", value: String(v["@value"])};
    if (v["@language"]) { out["xml:lang"] = v["@language"]; }
    else if (v["@type"]) { out.datatype = v["@type"]; }
    else if (typeof v["@value"] === "number") {
      out.datatype = XSD + (Number.isInteger(v["@value"]) ? "integer" : "double");
    }
    else if (typeof v["@value"] === "boolean") { out.datatype = XSD + "boolean"; }
    return out;
  }
  function fromJsonLd(body) {
    var rows = [];
    (Array.isArray(body) ? body : (body["@graph"] || [body])).forEach(function (node) {
      var s = jsonldTerm({"@id": node["@id"]});
      Object.keys(node).forEach(function (key) {
        if (key === "@id") { return; }
        var values = [].concat(node[key]);
        values.forEach(function (v) {
          if (key === "@type") {
            rows.push([s, {type: "uri", value: RDF_TYPE}, {type: "uri", value: v}]);
          } else {
            rows.push([s, {type: "uri", value: key},
              jsonldTerm(typeof v === "object" ? v : {"@value": v})]);
          }
        });
      });
    });
    var key = function (r) { return r.map(function (t) { return t.value; }).join(" "); };
    rows.sort(function (a, b) { return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0; });
    return {form: "graph", variables: ["subject", "predicate", "object"], rows: rows};
  }

  // ---- drawing a result
  function draw(result, query, truncatedAt) {
    var graphable = result.form === "graph" || result.variables.indexOf("item") >= 0;
    var view = "/view/query?" + params(withLang({query: query}));
    output.textContent = "";
    var tabs = el("div", {"class": "tabs", role: "tablist",
      "aria-label": document.getElementById("h-results").textContent});
    tabs.appendChild(el("button", {type: "button", role: "tab", id: "tab-table",
      "aria-controls": "panel-table", "aria-selected": "true"}, words.q_table));
    tabs.appendChild(el("button", {type: "button", role: "tab", id: "tab-graph",
      "aria-controls": "panel-graph", "aria-selected": "false", tabindex: "-1"}, words.q_graph));
    output.appendChild(tabs);
    var table = el("div", {id: "panel-table", role: "tabpanel", "aria-labelledby": "tab-table"});
    if (result.form === "ask") {
      var p = el("p", {"class": "ask-answer"}, words.q_answer + ": ");
      p.appendChild(el("strong", {}, result.boolean ? words.q_yes : words.q_no));
      table.appendChild(p);
    } else {
      var n = result.rows.length, count = say("q_rows", {n: n.toLocaleString(lang)});
      if (truncatedAt) {
        count += " " + say("q_truncated", {rows: Number(truncatedAt).toLocaleString(lang)});
      }
      if (n > config.shown_rows) {
        count += " " + say("q_shown", {shown: config.shown_rows.toLocaleString(lang),
          n: n.toLocaleString(lang)});
      }
      table.appendChild(el("p", {"class": "muted"}, count));
      if (n) {
        var wrap = el("div", {"class": "table-wrap"}), t = el("table", {"class": "results-table"});
        var head = el("tr");
        result.variables.forEach(function (v) { head.appendChild(el("th", {scope: "col"}, v)); });
        t.appendChild(el("thead")).appendChild(head);
        var body = el("tbody");
        result.rows.slice(0, config.shown_rows).forEach(function (row) {
          var tr = el("tr");
          row.forEach(function (term) { tr.appendChild(cellNode(term)); });
          body.appendChild(tr);
        });
        t.appendChild(body); wrap.appendChild(t); table.appendChild(wrap);
      } else { table.appendChild(el("p", {}, words.q_no_rows)); }
    }
    output.appendChild(table);
    var graph = el("div", {id: "panel-graph", role: "tabpanel", "aria-labelledby": "tab-graph",
      "data-src": graphable ? view : ""});
    graph.hidden = true;
    if (!graphable) { graph.appendChild(el("p", {}, words.q_graph_needs)); }
    output.appendChild(graph);
    var links = el("p", {"class": "query-links"}, words.q_downloads + ": ");
    DOWNLOADS[result.form].forEach(function (d, i) {
      if (i) { links.appendChild(document.createTextNode(" · ")); }
      links.appendChild(el("a", {href: "/sparql?" + params({query: query, format: d[0]}),
        download: "query-result." + EXT[d[0]], "data-format": d[0]}, d[1]));
    });
    if (graphable) {
      links.appendChild(document.createTextNode(" · "));
      links.appendChild(el("a", {id: "graph-link", href: view}, words.q_open_graph));
    }
    links.appendChild(document.createTextNode(" · "));
    links.appendChild(el("a", {id: "share-link",
      href: "/query?" + params(withLang({query: query}))}, words.q_share));
    output.appendChild(links);
    setupTabs();
  }
  function showError(body) {
    output.textContent = "";
    errorBox.textContent = "";
    var p = el("p"), line = body.line, column = body.column;
    p.appendChild(el("strong", {}, words.q_failed));
    if (line) {
      var at = say("q_at", {line: line, column: column});
      p.appendChild(document.createTextNode(" (" + at + ")"));
    }
    p.appendChild(document.createTextNode(": "));
    var message = String(body.message || body.error || "");
    var where = " (line " + line + ", column " + column + ")";  // said once, above
    if (line && message.slice(-where.length) === where) {
      message = message.slice(0, -where.length);
    }
    p.appendChild(el("span", {"class": "error-message"}, message));
    errorBox.appendChild(p);
    var lines = text().split("\n");
    if (line >= 1 && line <= lines.length) {
      var pre = el("pre", {"class": "error-line", "data-line": String(line)});
      pre.appendChild(el("span", {"class": "line-no"}, String(line)));
      pre.appendChild(document.createTextNode(" " + lines[line - 1]));
      errorBox.appendChild(pre);
    }
    errorBox.hidden = false;
    mark(line);
  }

  // ---- tabs (ARIA tabs: arrows move between them)
  function setupTabs() {
    var list = output.querySelector("[role=tablist]");
    if (!list) { return; }
    list.hidden = false;
    var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
    function select(tab) {
      tabs.forEach(function (other) {
        var on = other === tab;
        var panel = document.getElementById(other.getAttribute("aria-controls"));
        other.setAttribute("aria-selected", on ? "true" : "false");
        other.tabIndex = on ? 0 : -1;
        panel.hidden = !on;
        if (on && panel.dataset.src && !panel.querySelector("iframe")) {  // drawn when first shown
          panel.appendChild(el("iframe", {"class": "frame", title: words.q_graph_title,
            src: panel.dataset.src}));
        }
      });
      tab.focus();
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { select(tab); });
      tab.addEventListener("keydown", function (event) {
        var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (step) { event.preventDefault(); select(tabs[(i + step + tabs.length) % tabs.length]); }
      });
    });
  }

  // ---- running
  function submit() {
    var query = text();
    textarea.value = query;
    if (!query.trim()) { return; }
    var mine = ++seq;
    results.hidden = false;
    errorBox.hidden = true;
    unmark();
    statusLine.textContent = words.q_running;
    history.replaceState(null, "", "/query?" + params(withLang({query: query})) + "#results");
    fetch("/sparql", {method: "POST", body: params({query: query}),
      headers: {"Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, application/ld+json;q=0.9"}})
      .then(function (response) {
        return response.json().then(function (body) { return {response: response, body: body}; },
          function () {
            return {response: response,
              body: {message: response.status + " " + response.statusText}};
          });
      })
      .then(function (answer) {
        if (mine !== seq) { return; }
        statusLine.textContent = "";
        if (!answer.response.ok) { showError(answer.body); return; }
        var graph = (answer.response.headers.get("Content-Type") || "").indexOf("ld+json") >= 0;
        var result = graph ? fromJsonLd(answer.body) : fromSparqlJson(answer.body);
        draw(result, query, answer.response.headers.get("X-SPARQL-MaxRows"));
        statusLine.textContent = result.form === "ask" ? words.q_answer
          : say("q_rows", {n: result.rows.length.toLocaleString(lang)});
      })
      .catch(function (error) {
        if (mine === seq) { statusLine.textContent = ""; showError({message: String(error)}); }
      });
  }

  setupEditor();
  setupTabs();
  form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
  var shownError = errorBox.querySelector(".error-line");
  if (shownError) { mark(Number(shownError.dataset.line)); }
}());
