// sync.mjs can fail: a flipped expectation is one mismatch and exit 1; the
// lines up to a revision alone leave SpiceDB behind the crate (mismatches,
// relationships left over, exit 1) until the lines since it are applied too; a line that is not a
// WriteRelationships request is a broken run (exit 2). Run by .ci/run after
// its sync step, on the files that step wrote into $SYNC_FILES:
// schema.zed, questions.checks, export.txt, all.jsonl, until.jsonl and
// since.jsonl.
//
//   SYNC_FILES=DIRECTORY node --test engines/spicedb/sync.test.mjs

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("sync.mjs", import.meta.url));
const files = process.env.SYNC_FILES;

function sync(...args) {
  assert.ok(files, "SYNC_FILES names the directory .ci/run's sync step wrote");
  const named = args.map((arg) => (arg.endsWith(".jsonl") ? join(files, arg) : arg));
  return spawnSync(
    process.execPath,
    [
      script,
      ...["--schema", join(files, "schema.zed"), "--checks", join(files, "questions.checks")],
      ...["--relationships", join(files, "export.txt"), ...named],
    ],
    { encoding: "utf8" },
  );
}

test("the whole stream agrees with the crate: exit 0, no mismatch", () => {
  const run = sync("all.jsonl");
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /questions bulk-checked .*, 0 mismatches; SpiceDB holds (\d+) relationships, the export \1: 0 differences$/m);
});

test("a flipped expectation is one mismatch, and the sync check fails", () => {
  const run = sync("--flip-one", "all.jsonl");
  assert.equal(run.status, 1, run.stdout + run.stderr);
  const flipped = /^flipped: (.*) is expected denied$/m.exec(run.stdout);
  assert.ok(flipped, run.stdout);
  assert.ok(run.stdout.includes(`MISMATCH ${flipped[1]}: the crate says denied, SpiceDB allowed`), run.stdout);
  assert.match(run.stdout, /, 1 mismatches; .*: 0 differences$/m);
});

test("the lines up to a revision alone leave SpiceDB behind; with the lines since, it agrees", () => {
  const behind = sync("until.jsonl");
  assert.equal(behind.status, 1, behind.stdout + behind.stderr);
  assert.match(behind.stdout, /^MISMATCH /m);
  assert.match(behind.stdout, /^LEFT OVER in SpiceDB: /m);
  assert.match(behind.stdout, /: [1-9]\d* differences$/m);
  const caught = sync("until.jsonl", "since.jsonl");
  assert.equal(caught.status, 0, caught.stdout + caught.stderr);
  assert.match(caught.stdout, /, 0 mismatches; .*: 0 differences$/m);
});

test("a line that is not a WriteRelationships request is a broken run", () => {
  writeFileSync(join(files, "not-a-request.jsonl"), '{"updates":[],"organization":"acme"}\n');
  const run = sync("not-a-request.jsonl");
  assert.equal(run.status, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /not-a-request\.jsonl:1: not a WriteRelationships request: .*unknown field/);
});
