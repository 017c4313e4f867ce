//! Load: two service processes on one database, 8 clients × 1,000 mixed
//! requests (reads, creations, invitations, conditional renames, deletions)
//! spread over both, on loopback only, bounded in count and time. Then the
//! checks: no 5xx, the log gap-free, every 2xx write in it exactly once (at
//! the revision its ETag gave), and the log replays to what the service
//! serves. Prints throughput and latency percentiles.
//!
//! ```sh
//! cargo build --release -p orgmodel-service
//! target/release/load FILE.sqlite        # or a postgres:// URL
//! ```

mod check;
mod client;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use orgmodel::Organization;
use serde_json::{Value, json};

use check::{audit_log, percentile, replayed, served};
use client::send;

const ORG: &str = "0b0e5c3a-6f1d-4c39-9a77-3f1b2f000001";
const OWNER: &str = "a0000000-0000-4000-8000-00000000000a";
const PROJECT: &str = "d1000000-0000-4000-8000-000000000001";
const CLIENTS: usize = 8;
const REQUESTS: usize = 1_000;
const TIME_LIMIT: Duration = Duration::from_secs(600);

/// A service process, stopped when dropped.
struct Service {
    child: Child,
    address: String,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(database: &str) -> Result<Service, String> {
    let exe = std::env::current_exe().map_err(|error| error.to_string())?;
    let service = exe.with_file_name("orgmodel-service");
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/acme.json");
    let mut child = Command::new(&service)
        .args(["--listen", "127.0.0.1:0", "--seed", seed, database])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("{}: {error}", service.display()))?;
    let stdout = child.stdout.take().ok_or("no output")?;
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|error| error.to_string())?;
        if let Some(address) = line.strip_prefix("listening on http://") {
            return Ok(Service {
                child,
                address: address.to_owned(),
            });
        }
    }
    Err("the service stopped before listening".to_owned())
}

/// A write the service accepted: the revision it made and a string its
/// event must contain (an id, an address, a name).
struct Accepted {
    revision: u64,
    key: String,
}

/// What one client saw.
#[derive(Default)]
struct Outcome {
    latencies: Vec<Duration>,
    statuses: BTreeMap<u16, usize>,
    accepted: Vec<Accepted>,
    failures: Vec<String>,
}

/// One client: `REQUESTS` requests, alternating between the processes.
fn client(index: usize, addresses: &[String], deadline: Instant) -> Outcome {
    let mut outcome = Outcome::default();
    let mut seen = 0;
    let mut created: Vec<String> = Vec::new();
    for step in 0..REQUESTS {
        if Instant::now() > deadline {
            outcome
                .failures
                .push(format!("client {index} ran out of time at request {step}"));
            break;
        }
        let address = &addresses[(index + step) % addresses.len()];
        let org = format!("/organization/{ORG}");
        let (method, path, body, if_match, key) = match step % 10 {
            1 => (
                "POST",
                format!("{org}/project"),
                Some(json!({"name": format!("load-{index}-{step}")})),
                None,
                Some("id"),
            ),
            3 => (
                "POST",
                format!("/project/{PROJECT}/environment"),
                Some(json!({"name": format!("c{index}-{step}")})),
                None,
                Some("id"),
            ),
            5 => (
                "POST",
                format!("{org}/inviteMember"),
                Some(json!({"email": format!("c{index}-{step}@load.dev"), "role": "VIEWER"})),
                None,
                Some("email"),
            ),
            7 => (
                "PUT",
                org.clone(),
                Some(json!({"name": format!("Acme {index}-{step}"), "plan": "BUSINESS"})),
                Some(seen),
                Some("name"),
            ),
            8 => match created.pop() {
                Some(environment) => (
                    "DELETE",
                    format!("/environment/{environment}"),
                    None,
                    None,
                    None,
                ),
                None => ("GET", org.clone(), None, None, None),
            },
            0 => ("GET", format!("{org}/member"), None, None, None),
            2 => ("GET", format!("{org}/project"), None, None, None),
            4 => (
                "GET",
                format!("/project/{PROJECT}/environment"),
                None,
                None,
                None,
            ),
            6 => ("GET", format!("{org}/events?pageSize=10"), None, None, None),
            _ => ("GET", org.clone(), None, None, None),
        };
        let started = Instant::now();
        let response = send(address, method, &path, OWNER, body.as_ref(), if_match);
        outcome.latencies.push(started.elapsed());
        let response = match response {
            Ok(response) => response,
            Err(error) => {
                outcome.failures.push(format!("{method} {path}: {error}"));
                continue;
            }
        };
        *outcome.statuses.entry(response.status).or_default() += 1;
        if response.status >= 500 {
            outcome.failures.push(format!(
                "{method} {path}: {} {}",
                response.status, response.body
            ));
        }
        if let Some(revision) = response.revision {
            seen = seen.max(revision);
        }
        let is_write = method != "GET";
        if is_write && (200..300).contains(&response.status) {
            let key = match (key, &path) {
                (Some(field), _) => response
                    .body
                    .get(field)
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                (None, path) => path.rsplit('/').next().map(str::to_owned),
            };
            match (response.revision, key) {
                (Some(revision), Some(key)) => {
                    if step % 10 == 3 {
                        created.push(key.clone());
                    }
                    outcome.accepted.push(Accepted { revision, key });
                }
                _ => outcome
                    .failures
                    .push(format!("{method} {path}: a 2xx without its revision or id")),
            }
        }
    }
    outcome
}

fn run(database: &str) -> Result<(), String> {
    let first = start(database)?;
    let second = start(database)?;
    let addresses = vec![first.address.clone(), second.address.clone()];
    let deadline = Instant::now() + TIME_LIMIT;
    let began = Instant::now();
    let outcomes: Vec<Outcome> = thread::scope(|scope| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|index| {
                let addresses = &addresses;
                scope.spawn(move || client(index, addresses, deadline))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or_default())
            .collect()
    });
    let elapsed = began.elapsed();

    let mut failures: Vec<String> = outcomes
        .iter()
        .flat_map(|outcome| outcome.failures.clone())
        .collect();
    let mut latencies: Vec<Duration> = outcomes
        .iter()
        .flat_map(|outcome| outcome.latencies.clone())
        .collect();
    latencies.sort();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for outcome in &outcomes {
        for (status, count) in &outcome.statuses {
            *statuses.entry(*status).or_default() += count;
        }
    }
    let requests = latencies.len();
    println!(
        "{requests} requests by {CLIENTS} clients over 2 processes in {:.2} s: {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms",
        elapsed.as_secs_f64(),
        requests as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
    );
    println!("statuses: {statuses:?}");
    if requests != CLIENTS * REQUESTS {
        failures.push(format!(
            "{requests} requests answered, not {}",
            CLIENTS * REQUESTS
        ));
    }

    let log = audit_log(&first.address)?;
    let revisions: Vec<u64> = log.iter().map(|recorded| recorded.revision).collect();
    if revisions != (0..log.len() as u64).collect::<Vec<_>>() {
        failures.push("the log has a gap or a repeat".to_owned());
    }
    let accepted: Vec<&Accepted> = outcomes
        .iter()
        .flat_map(|outcome| &outcome.accepted)
        .collect();
    let distinct: BTreeSet<u64> = accepted.iter().map(|write| write.revision).collect();
    if distinct.len() != accepted.len() {
        failures.push("two accepted writes report the same revision".to_owned());
    }
    let lines: Vec<String> = log
        .iter()
        .map(|recorded| serde_json::to_string(recorded).unwrap_or_default())
        .collect();
    // How many creations name each id or address (the audit line's target).
    let mut creations: BTreeMap<String, usize> = BTreeMap::new();
    for recorded in &log {
        let filing = recorded.event.filing();
        if filing.event_type == "CREATE" {
            for target in [filing.target_id, filing.target_name].into_iter().flatten() {
                *creations.entry(target.to_owned()).or_default() += 1;
            }
        }
    }
    for write in &accepted {
        let line = lines
            .get(usize::try_from(write.revision).unwrap_or(usize::MAX))
            .map(String::as_str)
            .unwrap_or_default();
        if !line.contains(&write.key) {
            failures.push(format!(
                "the write of {} is not at revision {}",
                write.key, write.revision
            ));
        }
        let created = creations.get(&write.key).copied().unwrap_or(0);
        if (write.key.len() == 36 || write.key.contains('@')) && created != 1 {
            failures.push(format!(
                "{} is created {created} times in the log",
                write.key
            ));
        }
    }
    let organization = Organization::replay(&log).map_err(|error| error.to_string())?;
    for address in &addresses {
        let served = served(address)?;
        if served != replayed(&organization) {
            failures.push(format!(
                "{address} serves {served}, the log replays to {}",
                replayed(&organization)
            ));
        }
    }
    println!(
        "log: revisions 0 to {} with no gap; {} accepted writes each in it once; replay equals what both processes serve",
        log.len().saturating_sub(1),
        accepted.len()
    );
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

fn main() -> ExitCode {
    let Some(database) = std::env::args().nth(1) else {
        eprintln!(
            "usage: load DATABASE (a new SQLite file, or a postgres:// URL of an empty database)"
        );
        return ExitCode::from(2);
    };
    match run(&database) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failures) => {
            eprintln!("load failed:\n{failures}");
            ExitCode::FAILURE
        }
    }
}
