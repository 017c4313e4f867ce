//! Prints the Cedar, OpenFGA and SpiceDB files for an organization read as
//! JSON on stdin.
//!
//! ```sh
//! cargo run -q --example export < examples/scenarios/organization.json            # everything
//! cargo run -q --example export -- openfga-test < examples/scenarios/organization.json > acme.fga.yaml
//! fga model test --tests acme.fga.yaml
//! ```
//!
//! One argument picks one file: `cedar-schema`, `cedar-policies`,
//! `cedar-entities`, `openfga-model`, `openfga-tuples`, `openfga-test`
//! (the model, the tuples and the assertions `Organization::check` computes,
//! for every member and a stranger, and `Organization::check_token`, for
//! every API token and an unknown one at the epoch and at each token's
//! expiry), `spicedb-schema` or `spicedb-relationships`. Malformed input,
//! or an id an engine does not take, exits 2.

use std::io::Read;
use std::process::ExitCode;

use orgmodel::{
    ApiTokenId, Organization, Timestamp, UserId, write_cedar_entities, write_cedar_policies,
    write_cedar_schema, write_openfga_model, write_openfga_test, write_openfga_tuples,
    write_spicedb_relationships, write_spicedb_schema,
};

/// Writes the file `name` names, or every file under headers.
fn export(org: &Organization, name: Option<&str>) -> Result<String, String> {
    let stranger: UserId = "stranger-not-a-member"
        .parse()
        .map_err(|e| format!("{e}"))?;
    let unknown_token: ApiTokenId = "unknown-token".parse().map_err(|e| format!("{e}"))?;
    // The tokens are asked about at the epoch and at each one's expiry.
    const FILES: [&str; 8] = [
        "cedar-schema",
        "cedar-policies",
        "cedar-entities",
        "openfga-model",
        "openfga-tuples",
        "openfga-test",
        "spicedb-schema",
        "spicedb-relationships",
    ];
    let mut nows: Vec<Timestamp> = org.tokens().iter().filter_map(|t| t.expires_at).collect();
    nows.push(Timestamp::UNIX_EPOCH);
    nows.sort_unstable();
    nows.dedup();
    let mut out = String::new();
    let write = |file: &str, out: &mut String| -> Result<(), String> {
        fn text(error: impl std::fmt::Display) -> String {
            error.to_string()
        }
        match file {
            "cedar-schema" => write_cedar_schema(out).map_err(text),
            "cedar-policies" => write_cedar_policies(out).map_err(text),
            "cedar-entities" => write_cedar_entities(org, out).map_err(text),
            "openfga-model" => write_openfga_model(out).map_err(text),
            "openfga-tuples" => write_openfga_tuples(org, out).map_err(text),
            "openfga-test" => {
                write_openfga_test(org, &stranger, &unknown_token, &nows, out).map_err(text)
            }
            "spicedb-schema" => write_spicedb_schema(out).map_err(text),
            "spicedb-relationships" => write_spicedb_relationships(org, out).map_err(text),
            _ => Err(format!("no file named {file:?}: one of {FILES:?}")),
        }
    };
    match name {
        Some(file) => write(file, &mut out)?,
        None => {
            for file in FILES {
                out.push_str(&format!("# ----- {file}\n"));
                write(file, &mut out)?;
            }
        }
    }
    Ok(out)
}

fn main() -> ExitCode {
    let mut input = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("cannot read stdin: {error}");
        return ExitCode::from(2);
    }
    let org: Organization = match serde_json::from_str(&input) {
        Ok(org) => org,
        Err(error) => {
            eprintln!("malformed organization: {error}");
            return ExitCode::from(2);
        }
    };
    let name = std::env::args().nth(1);
    match export(&org, name.as_deref()) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
