import { describe, expect, it } from "vitest";
import { citeProvisions } from "../../server/views.js";

describe("a section's provisions cited by instrument", () => {
  it("puts the articles of one instrument together, in the order they are first cited", () => {
    expect(
      citeProvisions([
        "Criminal Procedure Code (2021), Art. 1(1)",
        "Criminal Procedure Code (2021), Art. 208",
        "Law on legal assistance in criminal cases (ZR-464), Art. 1(2)(2)",
        "Criminal Procedure Code (2021), Arts. 241–243",
      ]),
    ).toBe(
      "Criminal Procedure Code (2021), Arts. 1(1), 208, 241–243; Law on legal assistance in criminal cases (ZR-464), Art. 1(2)(2)",
    );
  });

  it("keeps a lone provision as written, and one that cites no article as its own entry", () => {
    expect(
      citeProvisions([
        "Criminal Procedure Code, Arts. 494–496",
        "Criminal Procedure Code, Section XV",
        "Law No. 2824-IV (as amended by Law No. 2532-VI)",
        "Law on the extradition of persons who have committed crimes, Art. 1(2)",
        "Law No. 2824-IV (as amended by Law No. 2532-VI)",
      ]),
    ).toBe(
      "Criminal Procedure Code, Arts. 494–496; Criminal Procedure Code, Section XV; Law No. 2824-IV (as amended by Law No. 2532-VI); Law on the extradition of persons who have committed crimes, Art. 1(2); Law No. 2824-IV (as amended by Law No. 2532-VI)",
    );
  });

  it("splits at the last article of a name that has commas of its own", () => {
    expect(
      citeProvisions([
        "Law on Police, Security and Order, Art. 7",
        "Law on Police, Security and Order, Art. 9(2)",
      ]),
    ).toBe("Law on Police, Security and Order, Arts. 7, 9(2)");
  });

  it("is empty for no provisions", () => {
    expect(citeProvisions([])).toBe("");
    expect(citeProvisions(undefined)).toBe("");
  });
});
