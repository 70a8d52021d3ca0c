import { describe, expect, it } from "vitest";
import { createLimiter } from "../../server/auth/limiter.js";
import { groupsFromClaim, roleFromClaim, sign, unsign } from "../../server/auth/oidc.js";
import { runAs, scopeOf, canRead, type Caller } from "../../server/search/access.js";
import { allowedBy, scopeFilter } from "../../server/search/reader.js";

const caller = (role: Caller["role"], groups: string[] = []): Caller => ({
  id: role,
  email: `${role}@example.org`,
  name: role,
  role,
  groups,
  via: "password",
});

describe("what a caller may read", () => {
  const docs = {
    open: { access: ["public"] },
    members: { access: ["members"] },
    alpha: { access: ["group:wg-alpha"] },
    either: { access: ["group:wg-alpha", "group:wg-beta"] },
  };
  const cases: [string, Caller | null, (keyof typeof docs)[]][] = [
    ["anonymous", null, ["open"]],
    ["a signed-in reader", caller("reader", ["wg-alpha"]), ["open"]],
    ["a member of no group", caller("member"), ["open", "members"]],
    ["a member of beta", caller("member", ["wg-beta"]), ["open", "members", "either"]],
    [
      "a contributor of alpha",
      caller("contributor", ["wg-alpha"]),
      ["open", "members", "alpha", "either"],
    ],
    ["an editor", caller("editor"), ["open", "members", "alpha", "either"]],
    ["an admin", caller("admin"), ["open", "members", "alpha", "either"]],
  ];
  for (const [label, who, readable] of cases)
    it(`lets ${label} read ${readable.join(", ")}`, () => {
      const scope = scopeOf(who);
      const names = Object.keys(docs) as (keyof typeof docs)[];
      expect(names.filter((name) => allowedBy(scope, docs[name]))).toEqual(readable);
      expect(runAs(who, () => names.filter((name) => canRead(docs[name])))).toEqual(readable);
    });

  it("writes the scope as an engine filter with every value quoted", () => {
    expect(scopeFilter(scopeOf(null))).toBe('access IN ["public"]');
    expect(scopeFilter(scopeOf(caller("member", ["wg-b", "wg-a"])))).toBe(
      'access IN ["public", "members", "group:wg-a", "group:wg-b"]',
    );
    expect(scopeFilter(scopeOf(caller("editor")))).toBeNull();
  });
});

describe("the sign-in limiter", () => {
  it("lets three failures of an account pass, then locks it for 1, 2, 4 … seconds up to 15 minutes", () => {
    let t = 0;
    const limiter = createLimiter(() => t);
    const keys = ["email:a@example.org", "ip:192.0.2.1"];
    const waits: number[] = [];
    for (let i = 0; i < 14; i += 1) {
      limiter.failed(keys);
      waits.push(limiter.wait(keys));
      t += waits.at(-1)! * 1000;
    }
    expect(waits.slice(0, 6)).toEqual([0, 0, 1, 2, 4, 8]);
    expect(Math.max(...waits)).toBe(900);
    limiter.succeeded(keys);
    // The account is free again, the address keeps its count.
    expect(limiter.wait(["email:a@example.org"])).toBe(0);
  });
});

describe("single sign-on claims", () => {
  it("takes the highest known role a claim names, or the default", () => {
    expect(roleFromClaim(["member", "editor", "owner"], "reader")).toBe("editor");
    expect(roleFromClaim("admin", "reader")).toBe("admin");
    expect(roleFromClaim(["owner"], "reader")).toBe("reader");
    expect(roleFromClaim(undefined, "member")).toBe("member");
  });

  it("keeps only valid group names, from a list or a string", () => {
    expect(groupsFromClaim(["wg-b", "WG A", "wg-a", 3])).toEqual(["wg-a", "wg-b"]);
    expect(groupsFromClaim("wg-b, wg-a")).toEqual(["wg-a", "wg-b"]);
    expect(groupsFromClaim(undefined)).toEqual([]);
  });

  it("signs the state cookie so that a changed one is refused", () => {
    const signed = sign("secret", '{"state":"x"}');
    expect(unsign("secret", signed)).toBe('{"state":"x"}');
    expect(unsign("other secret", signed)).toBeNull();
    expect(unsign("secret", `${signed.slice(0, -2)}xx`)).toBeNull();
    expect(unsign("secret", "garbage")).toBeNull();
  });
});
