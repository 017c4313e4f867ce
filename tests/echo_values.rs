//! No echo from a constructor: the crate's values refuse a hostile text (1
//! MiB plain or full of escapes, or the longest that a limit lets through,
//! of characters that `Debug` escapes longest) with an error of at most
//! `BOUND` bytes in its `Display`, its `Debug` and, for the crate's errors,
//! its JSON; and so does a command given one, run on an organization.
#![cfg(feature = "serde")]

mod common;
#[path = "echo/walk.rs"]
mod walk;

use std::fmt::{Debug, Display};
use std::str::FromStr;

use common::*;
use orgmodel::*;
use walk::*;

/// The hostile texts: 1 MiB ones, and at each limit the longest text of a
/// character that `Debug` escapes to many bytes (a private-use character, a
/// line separator, a control character), alone or shaped as an address.
fn texts() -> Vec<(String, String)> {
    let mut texts = vec![
        ("1 MiB".to_owned(), "x".repeat(1 << 20)),
        (
            "1 MiB of escapes".to_owned(),
            "\"\\\u{0}\u{7}é😀\u{202E}\n`"
                .chars()
                .cycle()
                .take(1 << 18)
                .collect(),
        ),
    ];
    for size in [limits::ID, limits::EMAIL, limits::WILDCARD, limits::TEXT] {
        for c in ['\u{E000}', '\u{2028}', '\u{1}'] {
            let text: String = std::iter::repeat_n(c, size).collect();
            texts.push((format!("{size} × {c:?}"), text));
            let local: String = std::iter::repeat_n(c, 60).collect();
            let domain: String = std::iter::repeat_n(c, size - 66).collect();
            texts.push((
                format!("{size} × {c:?} as an address"),
                format!("{local}@{domain}.dev"),
            ));
        }
    }
    texts
}

/// Checks the forms of an error whose JSON the crate does not write.
fn plain<E: Display + Debug>(findings: &mut Findings, what: &str, error: &E) {
    findings.check(what, &error.to_string(), &format!("{error:?}"), None);
}

/// Checks the forms of one of the crate's errors, its JSON included.
fn crate_error<E>(findings: &mut Findings, what: &str, error: E)
where
    E: Display + Debug + Into<Error> + serde::Serialize,
{
    let json = serde_json::to_string(&error).unwrap();
    findings.check(what, &error.to_string(), &format!("{error:?}"), Some(&json));
    let error: Error = error.into();
    let json = serde_json::to_string(&error).unwrap();
    let what = format!("{what} as Error");
    findings.check(
        &what,
        &error.to_string(),
        &format!("{error:?}"),
        Some(&json),
    );
}

/// `FromStr` of a type whose error the crate does not serialize.
fn parse<T: FromStr<Err: Display + Debug>>(findings: &mut Findings, what: &str, text: &str) {
    findings.reads += 1;
    if let Err(error) = text.parse::<T>() {
        plain(findings, what, &error);
    }
}

/// `FromStr` of a type refused with [`InvalidValue`].
fn value<T: FromStr<Err = InvalidValue>>(findings: &mut Findings, what: &str, text: &str) {
    findings.reads += 1;
    if let Err(error) = text.parse::<T>() {
        crate_error(findings, what, error);
    }
}

#[test]
fn no_constructor_echoes_what_it_refuses() {
    let mut findings = Findings::default();
    for (shape, text) in texts() {
        let what = |name: &str| format!("{name} ({shape})");
        value::<Name>(&mut findings, &what("Name"), &text);
        value::<Email>(&mut findings, &what("Email"), &text);
        value::<OrganizationId>(&mut findings, &what("OrganizationId"), &text);
        value::<UserId>(&mut findings, &what("UserId"), &text);
        value::<ClusterId>(&mut findings, &what("ClusterId"), &text);
        value::<ProjectId>(&mut findings, &what("ProjectId"), &text);
        value::<CloudAccountId>(&mut findings, &what("CloudAccountId"), &text);
        value::<EnvironmentId>(&mut findings, &what("EnvironmentId"), &text);
        value::<RuleId>(&mut findings, &what("RuleId"), &text);
        value::<Wildcard>(&mut findings, &what("Wildcard"), &text);
        parse::<Timestamp>(&mut findings, &what("Timestamp"), &text);
        parse::<Role>(&mut findings, &what("Role"), &text);
        parse::<Mode>(&mut findings, &what("Mode"), &text);
        parse::<Plan>(&mut findings, &what("Plan"), &text);
        parse::<Action>(&mut findings, &what("Action"), &text);
        parse::<CloudProvider>(&mut findings, &what("CloudProvider"), &text);
        parse::<ClusterStatus>(&mut findings, &what("ClusterStatus"), &text);
        parse::<ClusterState>(&mut findings, &what("ClusterState"), &text);
        parse::<Weekday>(&mut findings, &what("Weekday"), &text);
        findings.reads += 1;
        let request = CreateEnvironmentRequest::new(text.as_str());
        let clusters = [cluster("c1")];
        let rules = DeploymentRules::default();
        if let Err(error) = resolve_target_cluster(&clusters, &rules, &request) {
            crate_error(&mut findings, &what("resolve_target_cluster"), error);
        }
    }
    findings.assert_none();
}

/// Every command that takes a text, given `text` where it takes one.
fn commands_with(text: &str) -> Vec<(&'static str, Command)> {
    let mut rule = rule("r9", "x*", Mode::Staging, "c2", 9);
    rule.description = Some(text.into());
    let mut scheduled = rule.clone();
    scheduled.description = None;
    scheduled.timezone = Some(text.into());
    let mut commands = vec![
        (
            "SetDescription",
            Command::SetDescription {
                description: Some(text.into()),
            },
        ),
        (
            "AddCluster (region)",
            Command::AddCluster {
                cluster: Cluster::new(cid("c9"), name("c9"), CloudProvider::Aws, text),
            },
        ),
        (
            "UpdateCluster (region)",
            Command::UpdateCluster {
                cluster: cid("c2"),
                settings: ClusterSettings {
                    name: name("c2"),
                    region: text.into(),
                },
            },
        ),
        (
            "AddRule (description)",
            Command::AddRule {
                project: pid("p1"),
                rule,
            },
        ),
        (
            "AddRule (timezone)",
            Command::AddRule {
                project: pid("p1"),
                rule: scheduled,
            },
        ),
        (
            "CreateEnvironment (name)",
            Command::CreateEnvironment {
                project: pid("p1"),
                environment: eid("e9"),
                request: CreateEnvironmentRequest::new(text),
            },
        ),
    ];
    if let Ok(email) = Email::new(text) {
        commands.push((
            "Invite",
            Command::Invite {
                email,
                role: Role::Viewer.into(),
                expires_at: NOW.plus_seconds(DAY),
            },
        ));
    }
    commands
}

#[test]
fn no_command_echoes_a_text_it_refuses() {
    let mut findings = Findings::default();
    let (org, _) = every_event();
    for (shape, text) in texts() {
        for (name, command) in commands_with(&text) {
            findings.reads += 1;
            let mut org = org.clone();
            if let Err(error) = org.execute(&uid("bob"), NOW, None, command) {
                crate_error(&mut findings, &format!("{name} ({shape})"), error);
            }
        }
    }
    findings.assert_none();
}
