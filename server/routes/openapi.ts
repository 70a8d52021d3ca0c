/** `/api/openapi.json`: the JSON API described for its users and tools. */
import { Router } from "express";
import { openApiDocument } from "./openapi-document.js";

export function openApiRoutes(): Router {
  const router = Router();
  router.get("/api/openapi.json", (_req, res) => {
    res.json(openApiDocument);
  });
  return router;
}
