// Keeps embedded SpiceDB in step with the event store, and proves it: writes
// the schema, applies the JSON lines of the event store's sync example in
// order (each line one WriteRelationships request), then bulk-checks every
// question of a `.checks` file and compares SpiceDB's answer with the
// crate's; with --relationships, it also reads back every relationship
// SpiceDB holds and compares them with the crate's export: prints the
// counts, and exits 1 on any mismatch (2 on a broken run: a missing file, a
// line that is not a WriteRelationships request, a write SpiceDB refuses).
//
//   node engines/spicedb/sync.mjs [--flip-one] --schema SCHEMA --checks CHECKS
//       [--relationships EXPORT] LINES...
//
// SCHEMA is the crate's SpiceDB schema (`cargo run --example export --
// spicedb-schema`); CHECKS the questions the sync example writes with
// `--checks`; LINES one file or more of its output (`-` for stdin), applied
// one after the other: a load up to a revision, then the lines since it.
// Each line is read with WriteRelationshipsRequest.fromJson, which refuses
// any field SpiceDB's v1 API does not have. A line's
// optionalTransactionMetadata names its organization and revision: they
// must never go back. EXPORT is the export of the organizations as
// replayed, one relationship a line (the sync example's --relationships):
// SpiceDB must hold exactly these, nothing left over. --flip-one flips the first `allowed` expectation (to
// show that a wrong expectation fails).

import { readFileSync } from "node:fs";

import { broken as fail, bulkCheck, checks, embedded, flipOne, fullyConsistent } from "./embedded.mjs";

const broken = (message) => fail("sync.mjs", message);

let flip = false;
let schemaFile;
let checksFile;
let exportFile;
const files = [];
for (const args = process.argv.slice(2); args.length > 0; ) {
  const arg = args.shift();
  if (arg === "--flip-one") flip = true;
  else if (arg === "--schema") schemaFile = args.shift();
  else if (arg === "--checks") checksFile = args.shift();
  else if (arg === "--relationships") exportFile = args.shift();
  else if (arg === "-" || !arg.startsWith("--")) files.push(arg);
  else broken(`unexpected argument ${arg}`);
}
if (!schemaFile || !checksFile || files.length === 0) {
  broken("usage: node sync.mjs [--flip-one] --schema SCHEMA --checks CHECKS [--relationships EXPORT] LINES...");
}

const read = (file) => {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    broken(`cannot read ${file}: ${error.message}`);
  }
};

const { v1, EmbeddedSpiceDB } = await embedded("sync.mjs");
const questions = checks(v1, read(checksFile), checksFile, "sync.mjs");
if (flip) {
  const first = flipOne(questions);
  if (first) console.log(`flipped: ${first.line} is expected denied`);
}

/** The organization and revision a line names: where it is from. */
function metadata(request) {
  const fields = request.optionalTransactionMetadata?.fields ?? {};
  return { organization: fields.organization?.kind?.stringValue, revision: fields.revision?.kind?.numberValue };
}

/** A relationship SpiceDB returns, in its own text syntax (as the crate writes it). */
function text(relationship) {
  const object = (o) => `${o.objectType}:${o.objectId}`;
  const { resource, relation, subject, optionalCaveat } = relationship;
  const subjectRelation = subject.optionalRelation ? `#${subject.optionalRelation}` : "";
  let caveat = "";
  if (optionalCaveat) {
    const context = optionalCaveat.context ? v1.PbStruct.toJson(optionalCaveat.context) : {};
    caveat = `[${optionalCaveat.caveatName}${Object.keys(context).length > 0 ? `:${JSON.stringify(context)}` : ""}]`;
  }
  return `${object(resource)}#${relation}@${object(subject.object)}${subjectRelation}${caveat}`;
}

/** Every relationship SpiceDB holds, of every definition of the schema. */
async function held(permissions, schema) {
  const all = new Set();
  for (const [, resourceType] of schema.matchAll(/^definition ([a-z][a-z0-9_]*)/gm)) {
    const responses = await permissions.readRelationships(
      v1.ReadRelationshipsRequest.create({ consistency: fullyConsistent(v1), relationshipFilter: v1.RelationshipFilter.create({ resourceType }) }),
    );
    for (const response of responses) all.add(text(response.relationship));
  }
  return all;
}

const schema = read(schemaFile);
const exported = exportFile === undefined ? undefined : new Set(read(exportFile).split("\n").filter(Boolean));
const spicedb = await EmbeddedSpiceDB.start(schema, []);
const count = { lines: 0, touches: 0, deletes: 0 };
const last = new Map();
let mismatches = 0;
let differences = 0;
let holding;
let applying;
let checking;
try {
  const permissions = spicedb.permissions().promises;
  const started = Date.now();
  for (const file of files) {
    const lines = read(file).split("\n").filter(Boolean);
    for (const [n, line] of lines.entries()) {
      const where = `${file}:${n + 1}`;
      let request;
      try {
        request = v1.WriteRelationshipsRequest.fromJson(JSON.parse(line));
      } catch (error) {
        broken(`${where}: not a WriteRelationships request: ${error.message}`);
      }
      const { organization, revision } = metadata(request);
      if (organization === undefined || revision === undefined) broken(`${where}: no organization and revision in optionalTransactionMetadata`);
      if (last.get(organization) > revision) broken(`${where}: ${organization} goes back from revision ${last.get(organization)} to ${revision}`);
      last.set(organization, revision);
      try {
        await permissions.writeRelationships(request);
      } catch (error) {
        broken(`${where}: SpiceDB refused the write of ${organization} revision ${revision}: ${error.message}`);
      }
      count.lines += 1;
      for (const update of request.updates) {
        if (update.operation === v1.RelationshipUpdate_Operation.DELETE) count.deletes += 1;
        else count.touches += 1;
      }
    }
  }
  applying = Date.now() - started;
  if (exported) {
    holding = await held(permissions, schema);
    const missing = [...exported].filter((r) => !holding.has(r));
    const extra = [...holding].filter((r) => !exported.has(r));
    for (const r of missing.slice(0, 10)) console.log(`MISSING from SpiceDB: ${r}`);
    for (const r of extra.slice(0, 10)) console.log(`LEFT OVER in SpiceDB: ${r}`);
    differences = missing.length + extra.length;
  }
  const checked = Date.now();
  mismatches = await bulkCheck(v1, permissions, questions, (question, got, n) => {
    if (n <= 20) console.log(`MISMATCH ${question.line}: the crate says ${question.expected}, SpiceDB ${got}`);
  }, "sync.mjs");
  checking = Date.now() - checked;
} finally {
  spicedb.close();
}
const expected = (answer) => questions.filter((q) => q.expected === answer).length;
const export_ = exported
  ? `; SpiceDB holds ${holding.size} relationships, the export ${exported.size}: ${differences} differences`
  : "";
const revisions = [...last].map(([organization, revision]) => `${organization} at revision ${revision}`).join(", ");
console.log(
  `SpiceDB synced: ${count.lines} lines from ${files.length} files (${count.touches} touches, ${count.deletes} deletes; ${revisions || "nothing"}) applied in ${applying} ms; ` +
    `${questions.length} questions bulk-checked (${expected("allowed")} allowed, ${expected("denied")} denied, ${expected("undefined")} undefined; ${questions.filter((q) => q.token).length} by tokens) in ${checking} ms, ${mismatches} mismatches${export_}`,
);
process.exit(mismatches === 0 && differences === 0 ? 0 : 1);
