// aikg paste-an-article form (GET /ingest/new): sends the text to POST /ingest, the JSON route
// API clients use, with the bearer token from the page's password field, then opens the review
// page of the new (or earlier identical) ingestion. The token is never stored (no cookie, no
// localStorage, no URL) and never logged; the review page asks for it again. A refused field is
// shown next to its input. No inline script: CSP allows 'self' only.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("ingest-config").textContent);
  var words = config.words;
  var form = document.getElementById("ingest-form");
  var submit = document.getElementById("ingest-submit");
  var message = document.getElementById("ingest-message");
  var fields = ["text", "lang", "published", "source", "title", "outlet"];

  function say(key, values) {
    return words[key].replace(/\{(\w+)\}/g, function (_, name) {
      return values && name in values ? String(values[name]) : "";
    });
  }

  function input(name) { return document.getElementById("ingest-" + name); }

  function show(text, kind) {
    message.textContent = text;
    message.className = "review-message" + (kind ? " " + kind : "");
  }

  function clearErrors() {
    fields.forEach(function (name) {
      var box = document.getElementById("ingest-" + name + "-error");
      box.textContent = ""; box.hidden = true;
      input(name).removeAttribute("aria-invalid");
    });
  }

  function fieldError(name, text) {
    var box = document.getElementById("ingest-" + name + "-error");
    if (!box) { return false; }
    box.textContent = text; box.hidden = false;
    input(name).setAttribute("aria-invalid", "true");
    input(name).focus();
    return true;
  }

  function failure(status, answer) {
    var text = (answer && answer.message) || "";
    if (status === 401) { return say("msg_401"); }
    if (status === 403) { return say("msg_403"); }
    if (status === 413) { return say("msg_too_long"); }
    return say("msg_error", { status: status, message: text });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    var secret = input("token").value.trim();
    if (!secret) { show(say("msg_no_token"), "error"); input("token").focus(); return; }
    var payload = { text: input("text").value, lang: input("lang").value };
    ["published", "source", "title", "outlet"].forEach(function (name) {
      var value = input(name).value.trim();
      if (value) { payload[name] = value; }
    });
    submit.disabled = true;
    show(say("msg_working"));
    fetch("/ingest", {
      method: "POST", cache: "no-store", body: JSON.stringify(payload),
      headers: { Authorization: "Bearer " + secret, "Content-Type": "application/json",
                 Accept: "application/json" }
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          return { status: response.status, answer: answer };
        });
      })
      .then(function (result) {
        if (result.status === 200 || result.status === 201) {
          show(say("msg_created"), "ok");
          window.location.assign("/ingest/" + encodeURIComponent(result.answer.id)
                                 + (config.lang === "pt" ? "?lang=pt" : ""));
          return;
        }
        submit.disabled = false;
        var text = failure(result.status, result.answer);
        show(text, "error");
        if (result.status === 400 && result.answer.field) {
          fieldError(result.answer.field, result.answer.message);
        }
      })
      .catch(function () { submit.disabled = false; show(say("msg_network"), "error"); });
  });

  submit.disabled = false;
})();
