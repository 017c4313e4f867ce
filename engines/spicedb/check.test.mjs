// The comparison can fail: with one expectation flipped, check.mjs reports
// exactly that question as a mismatch and exits 1. Run by .ci/run after the
// full check, on the files engines/tests/spicedb.rs wrote:
//
//   SPICEDB_EXPORTS=target/tmp/spicedb node --test engines/spicedb/check.test.mjs

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("check.mjs", import.meta.url));
const exports = process.env.SPICEDB_EXPORTS;

function check(...args) {
  assert.ok(exports, "SPICEDB_EXPORTS names the directory engines/tests/spicedb.rs wrote");
  return spawnSync(process.execPath, [script, ...args, "--only", "organization-00", exports], {
    encoding: "utf8",
  });
}

test("the scenario's export agrees with the crate: exit 0, no mismatch", () => {
  const run = check();
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /questions bulk-checked .*, 0 mismatches$/m);
});

test("a flipped expectation is one mismatch, and the check fails", () => {
  const run = check("--flip-one");
  assert.equal(run.status, 1, run.stdout + run.stderr);
  const flipped = /^flipped: (.*) is expected denied$/m.exec(run.stdout);
  assert.ok(flipped, run.stdout);
  assert.ok(
    run.stdout.includes(`MISMATCH organization-00: ${flipped[1]}: the crate says denied, SpiceDB allowed`),
    run.stdout,
  );
  assert.match(run.stdout, /questions bulk-checked .*, 1 mismatches$/m);
});
