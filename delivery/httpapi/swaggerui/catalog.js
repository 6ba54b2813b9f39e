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
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
