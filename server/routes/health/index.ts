/** `/healthz`: the process is up. `/readyz`: the engine answers and the index is published. */
import { z } from "zod";
import { route, type RouteSpec } from "../../http/routes.js";
import type { RouteDeps } from "../deps.js";

const HealthSchema = z.strictObject({ status: z.literal("ok") });
const ReadySchema = z.union([
  z.strictObject({
    status: z.literal("ready"),
    fingerprint: z.string().nullable().describe("Hash of the published corpus."),
    hosts: z.array(z.strictObject({ healthy: z.boolean() })),
  }),
  z.strictObject({ status: z.literal("unavailable"), reason: z.string() }),
]);

export function healthRoutes(deps: RouteDeps): RouteSpec[] {
  return [
    route({
      path: "/healthz",
      doc: { tag: "health", summary: "Liveness: the process is up", response: HealthSchema },
      handle(_req, res) {
        res.setHeader("Cache-Control", "no-store");
        res.json({ status: "ok" } satisfies z.infer<typeof HealthSchema>);
      },
    }),
    route({
      path: "/readyz",
      doc: {
        tag: "health",
        summary: "Readiness: the engine answers and the index is published (503 otherwise)",
        response: ReadySchema,
      },
      async handle(_req, res) {
        res.setHeader("Cache-Control", "no-store");
        const state = await deps.reader.ready();
        if (state.ok) {
          res.json({
            status: "ready",
            fingerprint: state.fingerprint,
            hosts: deps.reader.hostStates().map((h) => ({ healthy: h.healthy })),
          } satisfies z.infer<typeof ReadySchema>);
          return;
        }
        res.status(503).setHeader("Retry-After", "5");
        res.json({ status: "unavailable", reason: state.reason } satisfies z.infer<
          typeof ReadySchema
        >);
      },
    }),
  ];
}
