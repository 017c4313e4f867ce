//! The walk of `tests/echo.rs` and `tests/echo_log.rs`: every hostile form
//! of a document, read, and every error's forms measured.
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::common::*;
use orgmodel::*;

/// The most bytes an error may take, in any of its forms.
pub const BOUND: usize = 512;
/// The size of a hostile value in the walks.
pub const HUGE: usize = 64 << 10;
/// Where a hostile value goes in a document's text.
pub const MARK: &str = "\u{1}echo-mark\u{1}";

/// Reads JSON text as one type; the error's `Display` and `Debug`, if refused.
pub type Reader = fn(&str) -> Option<(String, String)>;

pub fn reader<T: DeserializeOwned>(text: &str) -> Option<(String, String)> {
    serde_json::from_str::<T>(text)
        .err()
        .map(|error| (error.to_string(), format!("{error:?}")))
}

/// The hostile JSON texts that replace a value: huge strings and numbers,
/// and the longest id or name the limits let through, of a character that
/// `Debug` escapes to 8 bytes, or of a control character (an id may hold
/// one), so that an error that quotes a valid value whole shows too.
pub fn hostile_values() -> Vec<(&'static str, String)> {
    let mut values = hostile_values_of(HUGE);
    for (shape, c) in [("longest id", '\u{E000}'), ("longest control id", '\u{1}')] {
        let text: String = std::iter::repeat_n(c, limits::ID).collect();
        values.push((shape, serde_json::to_string(&text).unwrap()));
    }
    values
}

pub fn hostile_values_of(size: usize) -> Vec<(&'static str, String)> {
    let plain = "x".repeat(size);
    let mixed: String = "\"\\\u{0}\u{7}é😀\u{202E}\n`"
        .chars()
        .cycle()
        .take(size / 4)
        .collect();
    vec![
        ("string", serde_json::to_string(&plain).unwrap()),
        ("escaped string", serde_json::to_string(&mixed).unwrap()),
        ("integer", "9".repeat(size)),
        ("fraction", format!("-0.{}e-1", "1".repeat(size))),
    ]
}

/// A JSON pointer to every node of `value`, the root (`""`) included.
pub fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(child, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Every way of putting `MARK` into `doc`: each node replaced by it, and,
/// for objects, a key `MARK` added or put in place of each key.
pub fn marked(doc: &Value) -> Vec<(String, Value)> {
    let mut at = Vec::new();
    pointers(doc, "", &mut at);
    let mut out = Vec::new();
    for pointer in at {
        let mut copy = doc.clone();
        *copy.pointer_mut(&pointer).unwrap() = json!(MARK);
        out.push((format!("{pointer} = value"), copy));
        if let Some(map) = doc.pointer(&pointer).and_then(Value::as_object) {
            let mut copy = doc.clone();
            let target = copy.pointer_mut(&pointer).unwrap().as_object_mut().unwrap();
            target.insert(MARK.into(), json!(0));
            out.push((format!("{pointer} + key"), copy));
            for key in map.keys() {
                let mut copy = doc.clone();
                let target = copy.pointer_mut(&pointer).unwrap().as_object_mut().unwrap();
                let value = target.remove(key).unwrap();
                target.insert(MARK.into(), value);
                out.push((format!("{pointer}/{key} renamed"), copy));
            }
        }
    }
    out
}

/// The problems found: what was read, and what its error was like.
#[derive(Default)]
pub struct Findings {
    pub reads: usize,
    pub refused: usize,
    pub paths: usize,
    pub too_long: BTreeMap<String, String>,
}

impl Findings {
    pub fn check(&mut self, what: &str, display: &str, debug: &str, json: Option<&str>) {
        self.refused += 1;
        let forms = [
            ("Display", Some(display)),
            ("Debug", Some(debug)),
            ("JSON", json),
        ];
        for (form, text) in forms {
            let Some(text) = text else { continue };
            if text.len() > BOUND {
                let shown: String = text.chars().take(300).collect();
                self.too_long
                    .entry(format!("{what}: {form}"))
                    .or_insert_with(|| format!("{} bytes: {shown}", text.len()));
            }
        }
    }

    #[track_caller]
    pub fn assert_none(&self) {
        eprintln!(
            "{} paths, {} reads, {} refused",
            self.paths, self.reads, self.refused
        );
        if !self.too_long.is_empty() {
            let list: Vec<String> = self
                .too_long
                .iter()
                .map(|(what, text)| format!("- {what}: {text}"))
                .collect();
            panic!(
                "{} errors over {BOUND} bytes:\n{}",
                self.too_long.len(),
                list.join("\n")
            );
        }
    }
}

/// Whether `literal` can go at `place`: a key is a string, so numbers go
/// only where values do.
fn fits(place: &str, literal: &str) -> bool {
    let key = place.ends_with(" + key") || place.ends_with(" renamed");
    !key || literal.starts_with('"')
}

/// Reads every hostile form of `doc` as `read` reads it.
pub fn walk(findings: &mut Findings, name: &str, doc: &Value, read: Reader) {
    let hostile = hostile_values();
    let mark = serde_json::to_string(MARK).unwrap();
    for (place, copy) in marked(doc) {
        findings.paths += 1;
        let text = serde_json::to_string(&copy).unwrap();
        for (shape, literal) in &hostile {
            if !fits(&place, literal) {
                continue;
            }
            findings.reads += 1;
            if let Some((display, debug)) = read(&text.replacen(&mark, literal, 1)) {
                findings.check(&format!("{name} {place} ({shape})"), &display, &debug, None);
            }
        }
    }
}

/// The same for a JSON document carried as a string in `field` of `doc`,
/// as an audit row carries its `change`.
pub fn walk_inner(findings: &mut Findings, name: &str, doc: &Value, field: &str, read: Reader) {
    let inner: Value = serde_json::from_str(doc[field].as_str().unwrap()).unwrap();
    let hostile = hostile_values();
    // The mark as it appears once written inside a string inside a document.
    let mark = serde_json::to_string(&serde_json::to_string(MARK).unwrap()).unwrap();
    let mark = &mark[1..mark.len() - 1];
    for (place, copy) in marked(&inner) {
        findings.paths += 1;
        let mut outer = doc.clone();
        outer[field] = json!(serde_json::to_string(&copy).unwrap());
        let text = serde_json::to_string(&outer).unwrap();
        for (shape, literal) in &hostile {
            if !fits(&place, literal) {
                continue;
            }
            let escaped = serde_json::to_string(literal).unwrap();
            findings.reads += 1;
            if let Some((display, debug)) =
                read(&text.replacen(mark, &escaped[1..escaped.len() - 1], 1))
            {
                let what = format!("{name} {field}: {place} ({shape})");
                findings.check(&what, &display, &debug, None);
            }
        }
    }
}

/// An organization holding one of everything, every optional field set.
pub fn everything() -> Organization {
    let (mut org, _) = every_event();
    let bob = uid("bob");
    let mut rule = rule("r9", "feat-*", Mode::Staging, "c2", 9);
    rule.description = Some("Features".into());
    rule.auto_stop = true;
    rule.timezone = Some("Europe/Paris".into());
    rule.start_time = Some("1970-01-01T08:00:00.000Z".into());
    rule.stop_time = Some("1970-01-01T19:00:00.000Z".into());
    rule.weekdays = vec![Weekday::Monday, Weekday::Friday];
    for command in [
        Command::AddCloudAccount {
            account: account("aws-1"),
        },
        Command::Invite {
            email: email("dan@acme.dev"),
            role: Role::Developer.into(),
            expires_at: NOW.plus_seconds(DAY),
        },
        Command::AddRule {
            project: pid("p1"),
            rule,
        },
        Command::CreateEnvironment {
            project: pid("p1"),
            environment: eid("e9"),
            request: CreateEnvironmentRequest::new("feat-x")
                .with_mode(Mode::Development)
                .on_cluster(cid("c2")),
        },
    ] {
        let _ = org.execute(&bob, NOW, None, command).unwrap().unwrap();
    }
    org
}
