/**
 * OpenID Connect single sign-on with a certified client (openid-client): the authorization code
 * flow with PKCE, state and nonce. The flow's secrets ride in a short-lived cookie signed with
 * the session secret, so any instance can finish a sign-in another began. The identity
 * provider's claims name the role and the working groups (which claims is configured).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import * as client from "openid-client";
import type { Config } from "../../config/index.js";
import { ROLES, type Caller, type Role } from "../search/access.js";

export type OidcSettings = NonNullable<Config["oidc"]>;

export interface OidcFlow {
  label: string;
  /** Where to send the browser, and the state to keep in the signed cookie. */
  begin(): Promise<{ url: string; state: string }>;
  /**
   * Finishes a sign-in from the query the provider sent back to the redirect URL: the caller the
   * identity provider vouches for.
   */
  finish(query: URLSearchParams, state: string): Promise<Caller>;
}

const STATE_MAX_AGE_MS = 10 * 60_000;

/** Signs a value for a cookie. */
export function sign(secret: string, value: string): string {
  const mac = createHmac("sha256", secret).update(value).digest("base64url");
  return `${Buffer.from(value).toString("base64url")}.${mac}`;
}

/** The value of a signed cookie, or null when it was not signed by us. */
export function unsign(secret: string, signed: string): string | null {
  const [body, mac] = signed.split(".");
  if (!body || !mac) return null;
  const value = Buffer.from(body, "base64url").toString("utf8");
  const expected = createHmac("sha256", secret).update(value).digest("base64url");
  const a = Buffer.from(mac);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? value : null;
}

/** The highest known role a claim names (a string or a list), or the default. */
export function roleFromClaim(value: unknown, fallback: Role): Role {
  const named = (Array.isArray(value) ? value : [value]).filter(
    (v): v is Role => typeof v === "string" && (ROLES as readonly string[]).includes(v),
  );
  return named.reduce<Role>(
    (best, role) => (ROLES.indexOf(role) > ROLES.indexOf(best) ? role : best),
    named[0] ?? fallback,
  );
}

/** The group names a claim lists that are valid group names. */
export function groupsFromClaim(value: unknown): string[] {
  return (Array.isArray(value) ? value : typeof value === "string" ? value.split(/[ ,]+/) : [])
    .filter((g): g is string => typeof g === "string" && /^[a-z0-9][a-z0-9-]{0,62}$/.test(g))
    .sort();
}

/** Discovers the provider (once, on first use) and returns the flow. */
export function createOidc(settings: OidcSettings): OidcFlow {
  let discovered: Promise<client.Configuration> | null = null;
  const configuration = () => {
    discovered ??= (async () => {
      const issuer = new URL(settings.issuer);
      // Plain HTTP only for a provider on this machine (tests, development).
      const local =
        issuer.protocol === "http:" && /^(127\.0\.0\.1|localhost|\[::1\])$/.test(issuer.hostname);
      return client.discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        undefined,
        local ? { execute: [client.allowInsecureRequests] } : undefined,
      );
    })().catch((error: unknown) => {
      discovered = null;
      throw error;
    });
    return discovered;
  };

  return {
    label: settings.label,
    async begin() {
      const config = await configuration();
      const verifier = client.randomPKCECodeVerifier();
      const challenge = await client.calculatePKCECodeChallenge(verifier);
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl,
        scope: "openid email profile",
        code_challenge: challenge,
        code_challenge_method: "S256",
        state,
        nonce,
      });
      return {
        url: url.href,
        state: JSON.stringify({ state, nonce, verifier, at: Date.now() }),
      };
    },
    async finish(query, saved) {
      // The configured redirect URL, not the request's: behind a proxy they differ.
      const callbackUrl = new URL(settings.redirectUrl);
      callbackUrl.search = query.toString();
      const flow = JSON.parse(saved) as {
        state: string;
        nonce: string;
        verifier: string;
        at: number;
      };
      if (Date.now() - flow.at > STATE_MAX_AGE_MS) throw new Error("the sign-in took too long");
      const config = await configuration();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error("the identity provider sent no ID token");
      // Providers put roles and groups in the ID token or only in the user info: read both.
      const info =
        idClaims[settings.rolesClaim] === undefined || idClaims[settings.groupsClaim] === undefined
          ? await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)
          : {};
      const claims: Record<string, unknown> & { iss: string; sub: string } = {
        ...info,
        ...idClaims,
      };
      const email = typeof claims["email"] === "string" ? claims["email"].toLowerCase() : "";
      const name =
        typeof claims["name"] === "string" && claims["name"].trim()
          ? claims["name"].trim()
          : email || claims.sub;
      return {
        id: `oidc:${claims.iss}:${claims.sub}`,
        email,
        name,
        role: roleFromClaim(claims[settings.rolesClaim], settings.defaultRole),
        groups: groupsFromClaim(claims[settings.groupsClaim]),
        via: "oidc",
      };
    },
  };
}
