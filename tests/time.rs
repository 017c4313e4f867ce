//! Time: a `Timestamp` is written as RFC 3339 in UTC, read from RFC 3339
//! strictly (a real date, offsets converted, nothing after it), and on the
//! wire it is that string.

use orgmodel::*;
use proptest::prelude::*;

const NEW_YEAR_2026: u64 = 1_767_225_600;

#[track_caller]
fn parsed(text: &str) -> Timestamp {
    text.parse()
        .unwrap_or_else(|error| panic!("{text:?}: {error}"))
}

#[track_caller]
fn refused(text: &str) -> InvalidTimestamp {
    match text.parse::<Timestamp>() {
        Ok(time) => panic!("{text:?} read as {time}"),
        Err(error) => error,
    }
}

#[test]
fn display_is_rfc3339_in_utc() {
    let new_year = Timestamp::from_unix_seconds(NEW_YEAR_2026);
    assert_eq!(new_year.to_string(), "2026-01-01T00:00:00Z");
    assert_eq!(Timestamp::UNIX_EPOCH.to_string(), "1970-01-01T00:00:00Z");
    assert_eq!(
        Timestamp::from_unix_seconds(1_700_000_000).to_string(),
        "2023-11-14T22:13:20Z"
    );
    assert_eq!(Timestamp::MAX.to_string(), "9999-12-30T22:00:00Z");
    // A leap day, and the last second of a year.
    assert_eq!(
        parsed("2024-02-29T12:00:00Z").to_string(),
        "2024-02-29T12:00:00Z"
    );
    assert_eq!(
        Timestamp::from_unix_seconds(NEW_YEAR_2026 - 1).to_string(),
        "2025-12-31T23:59:59Z"
    );
    // Formatter flags do not change it.
    assert_eq!(format!("{new_year:.3}"), "2026-01-01T00:00:00Z");
}

#[test]
fn the_unix_api_is_unchanged_and_saturates_at_the_latest_time() {
    let now = Timestamp::from_unix_seconds(NEW_YEAR_2026);
    assert_eq!(now.unix_seconds(), NEW_YEAR_2026);
    assert_eq!(now.plus_seconds(60).unix_seconds(), NEW_YEAR_2026 + 60);
    assert!(now < now.plus_seconds(1));
    assert_eq!(Timestamp::MAX.unix_seconds(), 253_402_207_200);
    assert_eq!(
        Timestamp::MAX.unix_seconds(),
        jiff::Timestamp::MAX.as_second() as u64,
        "MAX is jiff's latest second"
    );
    for seconds in [Timestamp::MAX.unix_seconds() + 1, u64::MAX] {
        assert_eq!(Timestamp::from_unix_seconds(seconds), Timestamp::MAX);
    }
    assert_eq!(now.plus_seconds(u64::MAX), Timestamp::MAX);
    assert_eq!(Timestamp::MAX.plus_seconds(1), Timestamp::MAX);
    assert_eq!(parsed(&Timestamp::MAX.to_string()), Timestamp::MAX);
}

#[test]
fn offsets_are_converted_to_utc() {
    let utc = parsed("2026-01-01T00:00:00Z");
    assert_eq!(utc.unix_seconds(), NEW_YEAR_2026);
    for same in [
        "2026-01-01T05:00:00+05:00",
        "2025-12-31T19:00:00-05:00",
        "2026-01-01T05:30:00+05:30",
        "2025-12-31T23:15:00-00:45",
        "2026-01-01T00:00:00+00:00",
        "2026-01-01T00:00:00-00:00",
        "2026-01-01t00:00:00z",
        "2026-01-01T23:59:00+23:59",
    ] {
        assert_eq!(parsed(same), utc, "{same}");
    }
    // A fraction is dropped: the time is rounded down to its second.
    assert_eq!(parsed("2026-01-01T00:00:00.999999999Z"), utc);
    assert_eq!(parsed("2026-01-01T00:00:00.5Z"), utc);
    assert_eq!(
        parsed("2025-12-31T23:59:59.999Z").unix_seconds(),
        NEW_YEAR_2026 - 1
    );
    // A leap second reads as the second before it.
    assert_eq!(
        parsed("2016-12-31T23:59:60Z"),
        parsed("2016-12-31T23:59:59Z")
    );
}

#[test]
fn invalid_dates_and_times_are_refused() {
    for text in [
        "2026-02-31T00:00:00Z",
        "2026-02-29T00:00:00Z",
        "2100-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-01-00T00:00:00Z",
        "2026-01-32T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T23:60:00Z",
        "2026-01-01T23:59:61Z",
    ] {
        let error = refused(text);
        assert_eq!(error.kind(), "no_such_time", "{text}: {error}");
        assert_eq!(error.category(), ErrorCategory::Invalid);
        assert!(
            error.to_string().starts_with(&format!("{text:?}")),
            "{error}"
        );
    }
    // Offsets whose hour or minute is out of range.
    for text in [
        "2026-01-01T00:00:00+24:00",
        "2026-01-01T00:00:00+05:60",
        "2026-01-01T00:00:00-99:00",
    ] {
        assert_eq!(refused(text).kind(), "no_such_time", "{text}");
    }
    insta::assert_snapshot!(refused("2026-02-31T00:00:00Z"), @r#""2026-02-31T00:00:00Z" is not a time: parsed date is not valid: parameter 'day' for `2026-02` is invalid, must be in range `1..=28`"#);
}

#[test]
fn times_outside_the_range_are_refused() {
    for text in [
        "1969-12-31T23:59:59Z",
        "1969-12-31T23:59:59.5Z",
        "1970-01-01T00:00:00+00:01",
        "0000-01-01T00:00:00Z",
    ] {
        assert_eq!(refused(text).kind(), "before_unix_epoch", "{text}");
    }
    assert_eq!(parsed("1970-01-01T00:00:00Z"), Timestamp::UNIX_EPOCH);
    assert_eq!(parsed("1970-01-01T00:00:00-00:01").unix_seconds(), 60);
    for text in [
        "9999-12-31T00:00:00Z",
        "9999-12-30T22:00:01Z",
        "9999-12-31T23:59:59-23:59",
    ] {
        let error = refused(text);
        assert_eq!(error.kind(), "after_max", "{text}");
        assert!(
            error.to_string().contains("9999-12-30T22:00:00Z"),
            "{error}"
        );
    }
    assert_eq!(parsed("9999-12-31T00:00:00+02:00"), Timestamp::MAX);
    assert_eq!(refused("9999-12-31T00:00:00+01:59").kind(), "after_max");
}

#[test]
fn garbage_and_other_formats_are_refused() {
    for text in [
        "",
        " ",
        "now",
        "2026-01-01",
        "2026-01-01T00:00:00",
        "2026-01-01T00:00Z",
        "2026-01-01T00Z",
        "2026-01-01 00:00:00Z",
        "20260101T000000Z",
        "2026-01-01T00:00:00ZZ",
        "2026-01-01T00:00:00Z ",
        " 2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z[UTC]",
        "2026-01-01T00:00:00Zgarbage",
        "2026-01-01T00:00:00+05:00 and more",
        "2026-01-01T00:00:00+0500",
        "2026-01-01T00:00:00+05",
        "2026-01-01T00:00:00.Z",
        "2026-01-01T00:00:00,5Z",
        "2026-01-01T00:00:00.1234567890Z",
        "+2026-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z",
        "12026-01-01T00:00:00Z",
        "2026-1-01T00:00:00Z",
        "２０２６-01-01T00:00:00Z",
        "2026-01-01T00:00:00\u{0}Z",
        "1700000000",
    ] {
        let error = refused(text);
        assert_eq!(error.kind(), "not_rfc3339", "{text:?}: {error}");
    }
    insta::assert_snapshot!(refused("2026-01-01 00:00:00Z"), @r#""2026-01-01 00:00:00Z" is not a time: RFC 3339 is `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or an offset such as `+05:00`"#);
}

#[test]
fn a_huge_input_is_refused_without_being_echoed() {
    let huge = format!("2026-01-01T00:00:00Z{}", "x".repeat(1_000_000));
    let error = refused(&huge);
    assert_eq!(error.kind(), "not_rfc3339");
    let message = error.to_string();
    assert!(message.len() < 300, "{} bytes", message.len());
    assert!(message.contains("1000020 bytes"), "{message}");
    let digits = "9".repeat(100_000);
    assert!(refused(&digits).to_string().len() < 300);
}

proptest! {
    #[test]
    fn every_timestamp_round_trips(seconds in 0..=Timestamp::MAX.unix_seconds()) {
        let time = Timestamp::from_unix_seconds(seconds);
        let text = time.to_string();
        prop_assert_eq!(text.len(), 20, "{}", text);
        prop_assert_eq!(text.parse::<Timestamp>(), Ok(time));
    }

    #[test]
    fn any_offset_reads_as_the_same_instant(
        seconds in 0..=Timestamp::MAX.unix_seconds() - 86_400,
        minutes in -(23 * 60 + 59)..=(23i32 * 60 + 59),
    ) {
        let time = Timestamp::from_unix_seconds(seconds);
        let offset = jiff::tz::Offset::from_seconds(minutes * 60).unwrap();
        let local = offset.to_datetime(jiff::Timestamp::from_second(seconds as i64).unwrap());
        let sign = if minutes < 0 { '-' } else { '+' };
        let text = format!("{local}{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60);
        if local.year() < 1970 || local.year() > 9999 {
            prop_assume!(false);
        }
        prop_assert_eq!(text.parse::<Timestamp>(), Ok(time), "{}", text);
    }

    #[test]
    fn no_text_panics(text in ".{0,40}") {
        let _ = text.parse::<Timestamp>();
    }

    #[test]
    fn no_near_miss_panics(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,10})?([Zz]|[+-][0-9]{2}:[0-9]{2})?") {
        if let Ok(time) = text.parse::<Timestamp>() {
            prop_assert!(time <= Timestamp::MAX);
        }
    }
}

#[cfg(feature = "serde")]
mod wire {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_timestamp_is_an_rfc3339_string_on_the_wire() {
        let time = Timestamp::from_unix_seconds(NEW_YEAR_2026);
        assert_eq!(
            serde_json::to_value(time).unwrap(),
            json!("2026-01-01T00:00:00Z")
        );
        assert_eq!(
            serde_json::from_value::<Timestamp>(json!("2026-01-01T05:00:00+05:00")).unwrap(),
            time
        );
        let invitation = Invitation {
            email: Email::new("bob@acme.dev").unwrap(),
            role: Role::Viewer.into(),
            expires_at: time,
        };
        let value = serde_json::to_value(&invitation).unwrap();
        assert_eq!(value["expires_at"], json!("2026-01-01T00:00:00Z"));
        assert_eq!(
            serde_json::from_value::<Invitation>(value).unwrap(),
            invitation
        );
    }

    #[test]
    fn the_wire_is_read_strictly() {
        for (value, expected) in [
            (
                json!(1_767_225_600),
                "invalid type: integer `1767225600`, expected an RFC 3339 date-time",
            ),
            (json!(null), "invalid type: null"),
            (
                json!("2026-02-31T00:00:00Z"),
                "is not a time: parsed date is not valid",
            ),
            (
                json!("2026-01-01T00:00:00Z trailing"),
                "is not a time: RFC 3339 is",
            ),
        ] {
            let error = serde_json::from_value::<Timestamp>(value.clone())
                .unwrap_err()
                .to_string();
            assert!(error.contains(expected), "{value}: {error}");
        }
        let huge = json!("x".repeat(1_000_000));
        let error = serde_json::from_value::<Timestamp>(huge)
            .unwrap_err()
            .to_string();
        assert!(error.len() < 300, "{} bytes", error.len());
    }
}
