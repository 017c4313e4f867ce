//! No echo in the log: a command, an event or an audit row (its `change`
//! included) whose any field holds a huge value is refused with an error of
//! at most `BOUND` bytes (the walk of `tests/echo.rs`).
#![cfg(feature = "serde")]

mod common;
#[path = "echo/walk.rs"]
mod walk;

use common::*;
use orgmodel::*;
use walk::*;

#[test]
fn no_command_is_echoed_whatever_an_argument_holds() {
    let mut findings = Findings::default();
    for (_, _, command) in every_command() {
        let doc = serde_json::to_value(&command).unwrap();
        walk(&mut findings, "Command", &doc, reader::<Command>);
    }
    findings.assert_none();
}

#[test]
fn no_event_is_echoed_whatever_a_field_holds() {
    let mut findings = Findings::default();
    let (_, log) = every_event();
    for recorded in &log {
        let doc = serde_json::to_value(&recorded.event).unwrap();
        walk(&mut findings, "Event", &doc, reader::<Event>);
        if let Event::EnvironmentCreated(placed) = &recorded.event {
            let doc = serde_json::to_value(placed).unwrap();
            walk(
                &mut findings,
                "PlacedEnvironment",
                &doc,
                reader::<PlacedEnvironment>,
            );
        }
    }
    findings.assert_none();
}

#[test]
fn no_audit_row_is_echoed_whatever_a_field_or_its_change_holds() {
    let mut findings = Findings::default();
    let (_, log) = every_event();
    for recorded in &log {
        let row = serde_json::to_value(recorded).unwrap();
        assert!(reader::<Recorded>(&row.to_string()).is_none(), "{row}");
        walk(&mut findings, "Recorded", &row, reader::<Recorded>);
        walk_inner(
            &mut findings,
            "Recorded",
            &row,
            "change",
            reader::<Recorded>,
        );
    }
    findings.assert_none();
}
