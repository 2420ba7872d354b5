// aikg: starts Swagger UI (vendor/swagger-ui) on <div id="swagger-ui" data-openapi="URL">.
// A file instead of FastAPI's inline script, so the page keeps the strict CSP
// (script-src 'self'). No validator badge: it would call validator.swagger.io.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || !window.SwaggerUIBundle) { return; }
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi"),
    domNode: root,
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis]
  });
}());
