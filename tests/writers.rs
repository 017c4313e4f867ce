//! Many writers, nothing lost: threads share one organization behind a lock
//! and an append-only log, each running commands conditionally on the
//! revision it read, reloading and retrying when another got there first.

mod common;

use std::sync::Mutex;
use std::thread;

use common::*;
use orgmodel::*;

/// What a service keeps: the organization and its log, under one lock.
struct Store {
    org: Organization,
    log: Vec<Recorded>,
}

const WRITERS: usize = 8;
const COMMANDS: usize = 500;

/// The `i`th command of writer `w`: each names a token no other command
/// names, so the log shows whether it was applied, and how often.
fn command(w: usize, i: usize) -> (Command, String) {
    let token = format!("w{w}-c{i}");
    let command = match i % 4 {
        0 => Command::AddProject {
            project: pid(&format!("p-{token}")),
            name: name(&format!("project {token}")),
        },
        1 => Command::Invite {
            email: email(&format!("{token}@acme.dev")),
            role: Role::Viewer.into(),
            expires_at: NOW.plus_seconds(DAY),
        },
        2 => Command::SetDescription {
            description: Some(format!("described by {token}")),
        },
        // A refused one: Viewer-level writers cannot rename, so nothing of
        // it may reach the log.
        _ => Command::Rename {
            name: name(&format!("renamed by {token}")),
        },
    };
    (command, token)
}

#[test]
fn eight_writers_with_retries_lose_nothing_and_apply_nothing_twice() {
    let (org, created) = created_acme();
    let store = Mutex::new(Store {
        org,
        log: vec![created],
    });
    let outcomes: Vec<Vec<(String, bool, usize)>> = thread::scope(|scope| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let store = &store;
                scope.spawn(move || {
                    // Every writer acts as the owner, except the renames.
                    let mut outcomes = Vec::with_capacity(COMMANDS);
                    for i in 0..COMMANDS {
                        let (command, token) = command(w, i);
                        let actor = if i % 4 == 3 {
                            uid("stranger")
                        } else {
                            uid("owner")
                        };
                        let mut retries = 0;
                        loop {
                            // Read the revision, let the others run, then write on it.
                            let read = store.lock().unwrap().org.revision();
                            thread::yield_now();
                            let mut guard = store.lock().unwrap();
                            let Store { org, log } = &mut *guard;
                            match org.execute(&actor, NOW, Some(read), command.clone()) {
                                Ok(Some(recorded)) => {
                                    log.push(recorded);
                                    outcomes.push((token, true, retries));
                                    break;
                                }
                                Ok(None) => panic!("{token} changed nothing"),
                                Err(error) if error.kind() == "stale_revision" => retries += 1,
                                Err(error) => {
                                    assert_eq!(error.kind(), "not_a_member", "{token}");
                                    outcomes.push((token, false, retries));
                                    break;
                                }
                            }
                        }
                    }
                    outcomes
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let Store { org, log } = store.into_inner().unwrap();

    // Revisions are gap-free, and the log replays to the live organization.
    for (position, recorded) in log.iter().enumerate() {
        assert_eq!(recorded.revision, position as u64);
    }
    assert_eq!(org.revision(), (log.len() - 1) as u64);
    assert_eq!(Organization::replay(&log).unwrap(), org);

    // Every accepted command is in the log exactly once; no refused one is.
    // A token ends a quoted text or starts an address in an event's Debug.
    let lines: Vec<String> = log.iter().map(|r| format!("{:?}", r.event)).collect();
    let mut accepted = 0;
    for (token, applied, _) in outcomes.iter().flatten() {
        let (quoted, address) = (format!("{token}\""), format!("{token}@"));
        let found = lines
            .iter()
            .filter(|line| line.contains(&quoted) || line.contains(&address))
            .count();
        assert_eq!(found, usize::from(*applied), "{token}");
        accepted += usize::from(*applied);
    }
    assert_eq!(accepted, WRITERS * COMMANDS * 3 / 4);
    assert_eq!(log.len(), accepted + 1);
    // The writers did meet each other: some commands were retried.
    let retried = outcomes.iter().flatten().filter(|(_, _, r)| *r > 0).count();
    assert!(retried > 0, "no command met a newer revision");
}
