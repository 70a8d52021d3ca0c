import { describe, expect, it } from "vitest";
import {
  lastDayOf,
  monthTarget,
  periodLabel,
  projectLength,
  projectMonth,
} from "../../indexer/project-calendar.js";
import { formatDate } from "../../server/views.js";

// Project months as the workplan counts them: month 1 is the month the project starts in.
const START = "2015-05-01";

describe("project months", () => {
  it("counts month 1 as the month of the start", () => {
    expect(projectMonth(START, 1)).toBe("2015-05");
  });

  it("puts month 24 in April 2017 and month 30 in October 2017", () => {
    expect(projectMonth(START, 24)).toBe("2017-04");
    expect(projectMonth(START, 30)).toBe("2017-10");
  });

  it("crosses year ends", () => {
    expect(projectMonth(START, 8)).toBe("2015-12");
    expect(projectMonth(START, 9)).toBe("2016-01");
    expect(projectMonth("2015-12-15", 2)).toBe("2016-01");
  });

  it("meets a target by the last day of its month, leap years included", () => {
    expect(monthTarget(START, 24)).toEqual({ month: "2017-04", date: "2017-04-30" });
    expect(monthTarget(START, 30)).toEqual({ month: "2017-10", date: "2017-10-31" });
    expect(lastDayOf("2016-02")).toBe("2016-02-29");
    expect(lastDayOf("2017-02")).toBe("2017-02-28");
  });

  it("gives the project's length in months, both ends counted", () => {
    expect(projectLength(START, "2017-12-31")).toBe(32);
    expect(projectLength(START, "2015-05-31")).toBe(1);
  });

  it("refuses a month before the first", () => {
    expect(() => projectMonth(START, 0)).toThrow(RangeError);
    expect(() => projectMonth(START, 2.5)).toThrow(RangeError);
  });
});

describe("periods in words", () => {
  it.each([
    ["2015-09-09", "2015-09-11", "9–11 September 2015"],
    ["2015-09-30", "2015-10-02", "30 September – 2 October 2015"],
    ["2015-12-31", "2016-01-02", "31 December 2015 – 2 January 2016"],
    ["2017-01", "2017-03", "January–March 2017"],
    ["2015-12", "2016-03", "December 2015 – March 2016"],
    ["2016", null, "2016"],
    ["2016", "2017", "2016 – 2017"],
    ["2017-04-10", null, "10 April 2017"],
    ["2017-04-10", "2017-04-10", "10 April 2017"],
    ["2015-11", "2017-07", "November 2015 – July 2017"],
    ["2016-09", "2016-09-12", "September 2016 – 12 September 2016"],
  ])("%s to %s reads %s", (start, end, words) => {
    expect(periodLabel(start, end)).toBe(words);
  });
});

describe("a date in words, as pages in English and the request drafts write it", () => {
  it.each([
    ["2012-10-01", "1 October 2012"],
    ["2010-05", "May 2010"],
    ["2016-02-29", "29 February 2016"],
    ["no", "no"],
    ["unknown", "unknown"],
    ["2016-13", "2016-13"],
    ["2016", "2016"],
  ])("%s reads %s", (value, words) => {
    expect(formatDate(value)).toBe(words);
  });

  it("gives nothing for a value that is not text", () => {
    expect(formatDate(undefined)).toBe("");
    expect(formatDate(20121001)).toBe("");
  });
});
