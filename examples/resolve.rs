//! Places one environment: reads a JSON scenario on stdin and prints the
//! placement as one JSON line.
//!
//! ```sh
//! echo '{"clusters": [{"id": "c1", "name": "main", "cloud_provider": "AWS", "region": "eu-west-3"}],
//!        "request": {"name": "feature-42"}}' | cargo run -q --example resolve
//! ```
//!
//! Input: `{"clusters": [Cluster…] (installation order, oldest first),
//! "deployment_rules": [Rule…], "request": CreateEnvironmentRequest}`;
//! `clusters` and `deployment_rules` may be absent or `null`.
//!
//! - exit 0: `{"cluster_id", "mode", "rule_id", "cluster_source", "mode_source"}`;
//! - exit 1, the placement was refused: `{"error": KIND, "message"}`;
//! - exit 2, the input is malformed: a message on stderr.

use std::io::Read;
use std::process::ExitCode;

use orgmodel::{
    Cluster, CreateEnvironmentRequest, DeploymentRules, check_clusters, resolve_target_cluster,
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Scenario {
    #[serde(default)]
    clusters: Option<Vec<Cluster>>,
    #[serde(default)]
    deployment_rules: Option<DeploymentRules>,
    request: CreateEnvironmentRequest,
}

/// What the program answers: a line on stdout (exit 0 or 1) or a message on
/// stderr (exit 2).
#[derive(Debug)]
pub enum Answer {
    /// Exit 0: the placement.
    Placed(String),
    /// Exit 1: the placement was refused.
    Refused(String),
    /// Exit 2: the input is malformed.
    Malformed(String),
}

fn main() -> ExitCode {
    let mut input = String::new();
    let answer = match std::io::stdin().read_to_string(&mut input) {
        Ok(_) => answer(&input),
        Err(error) => Answer::Malformed(format!("cannot read stdin: {error}")),
    };
    match answer {
        Answer::Placed(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Answer::Refused(line) => {
            println!("{line}");
            ExitCode::from(1)
        }
        Answer::Malformed(message) => {
            eprintln!("malformed scenario: {message}");
            ExitCode::from(2)
        }
    }
}

/// Answers one scenario.
pub fn answer(input: &str) -> Answer {
    let (clusters, rules, request) = match parse(input) {
        Ok(parsed) => parsed,
        Err(message) => return Answer::Malformed(message),
    };
    match resolve_target_cluster(&clusters, &rules, &request) {
        Ok(placement) => match serde_json::to_string(&placement) {
            Ok(line) => Answer::Placed(line),
            Err(error) => Answer::Malformed(error.to_string()),
        },
        Err(error) => Answer::Refused(
            serde_json::json!({ "error": error.kind(), "message": error.to_string() }).to_string(),
        ),
    }
}

fn parse(input: &str) -> Result<(Vec<Cluster>, DeploymentRules, CreateEnvironmentRequest), String> {
    let scenario: Scenario = serde_json::from_str(input).map_err(|e| e.to_string())?;
    let clusters = scenario.clusters.unwrap_or_default();
    check_clusters(&clusters).map_err(|e| e.to_string())?;
    let rules = scenario.deployment_rules.unwrap_or_default();
    Ok((clusters, rules, scenario.request))
}
