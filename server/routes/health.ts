/** `/healthz`: the process is up. `/readyz`: the engine answers and the index is published. */
import { Router } from "express";
import type { RouteDeps } from "./deps.js";

export function healthRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    const state = await deps.reader.ready();
    if (state.ok) {
      res.json({
        status: "ready",
        fingerprint: state.fingerprint,
        hosts: deps.reader.hostStates().map((h) => ({ healthy: h.healthy })),
      });
      return;
    }
    res.status(503).setHeader("Retry-After", "5");
    res.json({ status: "unavailable", reason: state.reason });
  });
  return router;
}
