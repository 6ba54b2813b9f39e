// Starts Swagger UI on this service's own OpenAPI 3 document. Everything the page needs
// is served by the service itself: no CDN, no validator badge, no telemetry.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // The spec's validator badge would call an outside service; keep the page local.
    validatorUrl: null,
    displayOperationId: true,
    displayRequestDuration: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    tryItOutEnabled: false,
    // Each resource in the order of its life: list, create, get, replace, patch, delete.
    operationsSorter: function (a, b) {
      const rank = function (op) {
        const id = op.getIn(["operation", "operationId"]) || "";
        const order = ["_list", "_create", "_get", "_update", "_update_patch", "_delete"];
        let best = order.length;
        order.forEach(function (suffix, i) {
          if (id.endsWith(suffix)) {
            best = i;
          }
        });
        return best;
      };
      return rank(a) - rank(b);
    },
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
