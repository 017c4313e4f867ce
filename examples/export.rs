//! Prints the Cedar and OpenFGA files for an organization read as JSON on
//! stdin.
//!
//! ```sh
//! cargo run -q --example export < examples/scenarios/organization.json            # everything
//! cargo run -q --example export -- openfga-test < examples/scenarios/organization.json > acme.fga.yaml
//! fga model test --tests acme.fga.yaml
//! ```
//!
//! One argument picks one file: `cedar-schema`, `cedar-policies`,
//! `cedar-entities`, `openfga-model`, `openfga-tuples` or `openfga-test`
//! (the model, the tuples and the assertions `Organization::check` computes,
//! for every member and a stranger, and `Organization::check_token`, for
//! every API token and an unknown one at the epoch and at each token's
//! expiry). Malformed input exits 2.

use std::io::Read;
use std::process::ExitCode;

use orgmodel::{
    ApiTokenId, Organization, Timestamp, UserId, write_cedar_entities, write_cedar_policies,
    write_cedar_schema, write_openfga_model, write_openfga_test, write_openfga_tuples,
};

/// Writes the file `name` names, or every file under headers.
fn export(org: &Organization, name: Option<&str>) -> Result<String, String> {
    let stranger: UserId = "stranger-not-a-member"
        .parse()
        .map_err(|e| format!("{e}"))?;
    let unknown_token: ApiTokenId = "unknown-token".parse().map_err(|e| format!("{e}"))?;
    // The tokens are asked about at the epoch and at each one's expiry.
    let mut nows: Vec<Timestamp> = org.tokens().iter().filter_map(|t| t.expires_at).collect();
    nows.push(Timestamp::UNIX_EPOCH);
    nows.sort_unstable();
    nows.dedup();
    let mut out = String::new();
    let write = |file: &str, out: &mut String| -> std::fmt::Result {
        match file {
            "cedar-schema" => write_cedar_schema(out),
            "cedar-policies" => write_cedar_policies(out),
            "cedar-entities" => write_cedar_entities(org, out),
            "openfga-model" => write_openfga_model(out),
            "openfga-tuples" => write_openfga_tuples(org, out),
            "openfga-test" => write_openfga_test(org, &stranger, &unknown_token, &nows, out),
            _ => Err(std::fmt::Error),
        }
    };
    const FILES: [&str; 6] = [
        "cedar-schema",
        "cedar-policies",
        "cedar-entities",
        "openfga-model",
        "openfga-tuples",
        "openfga-test",
    ];
    match name {
        Some(file) => write(file, &mut out)
            .map_err(|_| format!("no file named {file:?}: one of {FILES:?}"))?,
        None => {
            for file in FILES {
                out.push_str(&format!("# ----- {file}\n"));
                write(file, &mut out).map_err(|e| e.to_string())?;
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
