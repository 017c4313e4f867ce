// Loads each organization that engines/tests/spicedb.rs wrote (the schema,
// its relationships) into embedded SpiceDB, bulk-checks every question of its
// `.checks` file (CheckBulkPermissions), asks its first 100 questions once
// more one CheckPermission each, and compares SpiceDB's answers with the
// crate's: prints the counts and the time SpiceDB took per decision (a
// question of a bulk check, and one check's median and p99), and exits 1 on
// any mismatch.
//
//   node engines/spicedb/check.mjs [--flip-one] [--only NAME] DIRECTORY
//
// DIRECTORY holds schema.zed and organization-NN.{relationships,checks}.
// --flip-one flips the first `allowed` expectation (to show that a wrong
// expectation fails); --only NAME checks organization NAME alone.
// The npm packages are read from $SPICEDB_NODE_PREFIX (default
// target/spicedb-node, where .ci/run installs them with `npm ci`).

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

import { RELATIONSHIP, answer, broken as fail, bulkCheck, checks as read, embedded, flipOne, fullyConsistent, object, subject } from "./embedded.mjs";

/** Prints `message` and exits with status 2 (a broken run, not a mismatch). */
const broken = (message) => fail("check.mjs", message);

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

const { v1, EmbeddedSpiceDB } = await embedded("check.mjs");

function relationships(text, file) {
  return text.split("\n").filter(Boolean).map((line, n) => {
    const m = RELATIONSHIP.exec(line);
    if (!m) broken(`${file}:${n + 1}: not a relationship: ${line}`);
    const [, type, id, relation, subjectType, subjectId, subjectRelation, caveat, context] = m;
    return v1.Relationship.create({
      resource: object(v1, type, id),
      relation,
      subject: subject(v1, subjectType, subjectId, subjectRelation),
      optionalCaveat: caveat
        ? v1.ContextualizedCaveat.create({
            caveatName: caveat,
            context: context ? v1.PbStruct.fromJson(JSON.parse(context)) : undefined,
          })
        : undefined,
    });
  });
}

const checks = (text, file) => read(v1, text, file, "check.mjs");

const BATCH = 500;

const schema = readFileSync(join(directory, "schema.zed"), "utf8");
const names = readdirSync(directory)
  .filter((f) => f.endsWith(".checks"))
  .map((f) => f.slice(0, -".checks".length))
  .filter((name) => !only || name === only)
  .sort();
if (names.length === 0) broken(`no .checks file in ${directory}${only ? ` named ${only}` : ""}`);

/** Questions asked one CheckPermission at a time, per organization. */
const SINGLE = 100;
const timing = { bulk: 0n, bulkQuestions: 0, single: [], mismatches: 0 };
const total = { questions: 0, allowed: 0, denied: 0, undefined: 0, tokens: 0, relationships: 0, mismatches: 0 };
let flipped = !flip;
const started = Date.now();
for (const name of names) {
  const base = join(directory, name);
  const rels = relationships(readFileSync(`${base}.relationships`, "utf8"), `${name}.relationships`);
  const questions = checks(readFileSync(`${base}.checks`, "utf8"), `${name}.checks`);
  if (!flipped) {
    const first = flipOne(questions);
    if (first) {
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
    const bulkStarted = process.hrtime.bigint();
    mismatches = await bulkCheck(v1, permissions, questions, (question, got, n) => {
      if (n <= 20) console.log(`MISMATCH ${name}: ${question.line}: the crate says ${question.expected}, SpiceDB ${got}`);
    }, "check.mjs");
    timing.bulk += process.hrtime.bigint() - bulkStarted;
    timing.bulkQuestions += questions.length;
    // One CheckPermission per question, for the first SINGLE questions of
    // each organization: the latency a service waits for one decision.
    for (const question of questions.slice(0, SINGLE)) {
      const { resource, permission, subject, context } = question.item;
      const started = process.hrtime.bigint();
      let got;
      try {
        const response = await permissions.checkPermission(
          v1.CheckPermissionRequest.create({ consistency: fullyConsistent(v1), resource, permission, subject, context }),
        );
        got = answer(v1, { response: { oneofKind: "item", item: response } });
      } catch (error) {
        got = /not found under definition/.test(error.message) ? "undefined" : `error: ${error.message}`;
      }
      timing.single.push(Number(process.hrtime.bigint() - started));
      if (got !== question.expected) {
        timing.mismatches += 1;
        console.log(`MISMATCH ${name} (one check): ${question.line}: the crate says ${question.expected}, SpiceDB ${got}`);
      }
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
const single = timing.single.sort((a, b) => a - b);
const micros = (ns) => (ns / 1000).toFixed(1);
console.log(
  `SpiceDB per decision: ${micros(Number(timing.bulk) / timing.bulkQuestions)} µs a question in CheckBulkPermissions (${timing.bulkQuestions} questions, ${BATCH} a call); ` +
    `one CheckPermission: median ${micros(single[single.length >> 1])} µs, p99 ${micros(single[Math.floor(single.length * 0.99)])} µs (${single.length} calls, fully consistent, embedded, in-process), ${timing.mismatches} mismatches`,
);
process.exit(total.mismatches === 0 && timing.mismatches === 0 ? 0 : 1);
