/** Response pieces shared by several JSON answers. */
import { z } from "zod";

/** A source as shown beside a statement. */
export const SourceJson = z.strictObject({
  id: z.string(),
  title: z.string(),
  publisher: z.string(),
  url: z.string(),
  seen: z.string().describe("The date the source was last opened, or unknown."),
  official: z
    .boolean()
    .describe("Published by the body that makes the text or keeps the register."),
});

/** A source reduced to what an export needs. */
export const SourceLinkJson = z.strictObject({ title: z.string(), url: z.string() });

export const AssessmentStatusJson = z
  .enum(["implemented", "partial", "not-implemented", "not-applicable", "unknown"])
  .describe("How far the national law implements the article.");

export const FollowupStatusJson = z.enum([
  "not-started",
  "in-progress",
  "draft-prepared",
  "adopted",
  "implemented",
  "rejected",
]);

/** A place in the Convention: chapter, section and title with their headings. */
export const PlaceJson = z.strictObject({
  chapter: z.string(),
  chapterHeading: z.string(),
  section: z.number().nullable(),
  sectionHeading: z.string().nullable(),
  title: z.number().nullable(),
  titleHeading: z.string().nullable(),
});
