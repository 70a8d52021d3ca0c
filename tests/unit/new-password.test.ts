import { describe, expect, it } from "vitest";
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  newPasswordProblem,
} from "../../server/auth/accounts.js";

describe("a new password typed twice", () => {
  const good = "a phrase of several words";

  it("is refused for its length first, then for being the current one, then for a typing slip", () => {
    const short = "x".repeat(MIN_PASSWORD_LENGTH - 1);
    const long = "x".repeat(MAX_PASSWORD_LENGTH + 1);
    expect(newPasswordProblem(short, short)).toEqual({
      field: "password",
      problem: "passwordTooShort",
    });
    expect(newPasswordProblem(long, long)).toEqual({
      field: "password",
      problem: "passwordTooLong",
    });
    expect(newPasswordProblem(good, good, good)).toEqual({
      field: "password",
      problem: "passwordSame",
    });
    expect(newPasswordProblem(good, `${good}.`)).toEqual({
      field: "confirm",
      problem: "passwordMismatch",
    });
    // A short one is short before it is mistyped.
    expect(newPasswordProblem(short, "other")?.problem).toBe("passwordTooShort");
  });

  it("is accepted at both bounds, and when no current one is given (an administrator's)", () => {
    const min = "x".repeat(MIN_PASSWORD_LENGTH);
    const max = "y".repeat(MAX_PASSWORD_LENGTH);
    expect(newPasswordProblem(min, min)).toBeNull();
    expect(newPasswordProblem(max, max)).toBeNull();
    expect(newPasswordProblem(good, good)).toBeNull();
    expect(newPasswordProblem(good, good, "the old one here")).toBeNull();
  });
});
