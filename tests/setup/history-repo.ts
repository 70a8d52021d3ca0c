/**
 * A small git repository made from the fixture corpus, with dated commits: a status change, a
 * renamed file, a deleted section and a new follow-up entry. The history tests read it.
 */
import { execFile } from "node:child_process";
import { cp, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { createHistoryService } from "../../server/history/service.js";
import { dropIndex, FIXTURES, publishFolder, removeDir, testApp, uniqueIndex } from "./helpers.js";
import { scratchDir } from "./scratch.js";

const run = promisify(execFile);

/** The commits made, by label: their dates and summaries. */
export const HISTORY_COMMITS = {
  first: { date: "2015-09-01T10:00:00Z", summary: "Fixture corpus: first version" },
  status: {
    date: "2016-01-10T10:00:00Z",
    summary: "Georgia Art. 29: implemented after the 2015 law",
  },
  rename: {
    date: "2017-03-05T10:00:00Z",
    summary: "Moldova file renamed; Georgia Art. 16 section removed",
  },
  followup: { date: "2018-06-01T10:00:00Z", summary: "Follow-up: Georgia implemented FX-01" },
} as const;

/** Runs git in `dir`, with a fixed author and, when given, a fixed date. */
export async function git(dir: string, args: string[], date?: string) {
  await run("git", args, {
    cwd: dir,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Fixture Author",
      GIT_AUTHOR_EMAIL: "author@example.org",
      GIT_COMMITTER_NAME: "Fixture Author",
      GIT_COMMITTER_EMAIL: "author@example.org",
      ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
    },
  });
}

/** Replaces `from` by `to` in a file (which must hold `from`). */
export async function edit(path: string, from: string, to: string) {
  const text = await readFile(path, "utf8");
  if (!text.includes(from)) throw new Error(`${path} has no ${JSON.stringify(from)}`);
  await writeFile(path, text.replace(from, to));
}

/** Makes the repository; returns its folder and the corpus folder inside it. */
export async function historyRepo(): Promise<{ repo: string; corpus: string }> {
  const repo = await scratchDir("kb-history-");
  const corpus = join(repo, "corpus");
  await cp(join(FIXTURES, "corpus-basic"), corpus, { recursive: true });
  await git(repo, ["init", "-q", "-b", "main"]);
  const commit = async (label: keyof typeof HISTORY_COMMITS) => {
    await git(repo, ["add", "-A"]);
    await git(
      repo,
      ["commit", "-q", "-m", HISTORY_COMMITS[label].summary],
      HISTORY_COMMITS[label].date,
    );
  };
  await commit("first");

  const ge = join(corpus, "countries/ge.md");
  await edit(
    ge,
    'status: partial\nprovisions: ["Fixture Code, Art. 136"]',
    'status: implemented\nprovisions: ["Fixture Code, Art. 136", "Fixture Law of 2015, Art. 4"]',
  );
  await edit(
    ge,
    "Georgian fixture analysis of quick freeze requests from abroad through court orders.",
    "Georgian fixture analysis of quick freeze requests from abroad, now under the 2015 law's emu procedure.",
  );
  await commit("status");

  await rename(join(corpus, "countries/md.md"), join(corpus, "countries/moldova.md"));
  const text = await readFile(ge, "utf8");
  const start = text.indexOf("## Article 16");
  const end = text.indexOf("## Article 29");
  await writeFile(ge, text.slice(0, start) + text.slice(end));
  await commit("rename");

  const [file] = (await readdir(join(corpus, "followup"))).filter((f) => f.endsWith(".md"));
  const path = join(corpus, "followup", file!);
  await writeFile(
    path,
    `${(await readFile(path, "utf8")).trimEnd()}\n| 2018-05-20 | FX-01 | GE | implemented | The law on quick freeze entered into force. | fx-news |\n`,
  );
  await commit("followup");
  return { repo, corpus };
}

/** A git repository holding a copy of `corpusDir` in one commit dated `date`. */
export async function repoOf(
  corpusDir: string,
  date: string,
): Promise<{ repo: string; corpus: string }> {
  const repo = await scratchDir("kb-history-");
  const corpus = join(repo, "corpus");
  await cp(corpusDir, corpus, { recursive: true });
  await git(repo, ["init", "-q", "-b", "main"]);
  await git(repo, ["add", "-A"]);
  await git(repo, ["commit", "-q", "-m", "The corpus"], date);
  return { repo, corpus };
}

/**
 * The dated repository (see historyRepo) published to an index of its own, and an app that reads
 * its history; `cleanUp` drops both.
 */
export async function historyApp(label: string, options: { now?: () => Date } = {}) {
  const index = uniqueIndex(label);
  const made = await historyRepo();
  await publishFolder(made.corpus, index);
  const { app } = await testApp(index, { history: createHistoryService(made.corpus), ...options });
  return {
    app,
    index,
    ...made,
    async cleanUp() {
      await dropIndex(index);
      await removeDir(made.repo);
    },
  };
}
