//! Time: [`Timestamp`], the one clock value the crate judges against (it
//! never reads a clock), read and written as RFC 3339, and the errors of a
//! text that is not one.

use alloc::string::{String, ToString};
use core::fmt;
use core::str::FromStr;

use crate::category::ErrorCategory;
use crate::text::excerpt;

/// A point in time, in whole seconds since the Unix epoch, from
/// `1970-01-01T00:00:00Z` to [`Timestamp::MAX`].
///
/// The crate never reads a clock: commands that depend on time take `now`.
///
/// It is written, in `Display`, in errors and on the wire, as RFC 3339 in UTC
/// (`2026-01-01T00:00:00Z`), and read from RFC 3339 strictly (see
/// [`FromStr`](#impl-FromStr-for-Timestamp)). Calendar arithmetic is
/// [`jiff`]'s.
///
/// The latest time it holds is `9999-12-30T22:00:00Z`, the latest that RFC
/// 3339 can write in every offset: [`Timestamp::from_unix_seconds`] and
/// [`Timestamp::plus_seconds`] saturate there, so every `Timestamp` can be
/// written and read back, and nothing panics.
///
/// ```
/// use orgmodel::Timestamp;
///
/// let now = Timestamp::from_unix_seconds(1_767_225_600);
/// assert!(now < now.plus_seconds(3600));
/// assert_eq!(now.to_string(), "2026-01-01T00:00:00Z");
/// assert_eq!("2026-01-01T05:00:00+05:00".parse(), Ok(now));
/// assert!("2026-02-31T00:00:00Z".parse::<Timestamp>().is_err());
/// assert_eq!(Timestamp::from_unix_seconds(u64::MAX), Timestamp::MAX);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(u64);

impl Timestamp {
    /// `1970-01-01T00:00:00Z`, the earliest time a `Timestamp` holds.
    pub const UNIX_EPOCH: Timestamp = Timestamp(0);

    /// `9999-12-30T22:00:00Z`, the latest time a `Timestamp` holds: `jiff`'s
    /// latest, which every UTC offset can still write with a four-digit year.
    pub const MAX: Timestamp = Timestamp(253_402_207_200);

    /// The time `seconds` after the Unix epoch, or [`Timestamp::MAX`] if that
    /// is later.
    pub const fn from_unix_seconds(seconds: u64) -> Self {
        if seconds > Self::MAX.0 {
            Self::MAX
        } else {
            Timestamp(seconds)
        }
    }

    /// Seconds since the Unix epoch.
    pub const fn unix_seconds(self) -> u64 {
        self.0
    }

    /// The time `seconds` later, saturating at [`Timestamp::MAX`].
    pub const fn plus_seconds(self, seconds: u64) -> Self {
        Self::from_unix_seconds(self.0.saturating_add(seconds))
    }

    /// The same instant as `jiff` holds it.
    fn to_jiff(self) -> jiff::Timestamp {
        // Always in range (`MAX` is jiff's latest second); the fallback only
        // keeps this total.
        i64::try_from(self.0)
            .ok()
            .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok())
            .unwrap_or(jiff::Timestamp::MAX)
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC, whole seconds: `2026-01-01T00:00:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_jiff())
    }
}

impl FromStr for Timestamp {
    type Err = InvalidTimestamp;

    /// Reads RFC 3339 (section 5.6) strictly: `YYYY-MM-DDTHH:MM:SS`, an
    /// optional fraction of 1 to 9 digits, then `Z` or an offset `±HH:MM`
    /// (`T` and `Z` may be lower case, as RFC 3339 allows), and nothing else.
    ///
    /// The date must exist (`2026-02-31` does not), the hour is 00 to 23, an
    /// offset is converted to UTC (`05:00:00+05:00` is `00:00:00Z`; `-00:00`
    /// reads as `Z`). A fraction of a second is dropped (the time is rounded
    /// down to its second) and a leap second (`:60`) reads as `:59`, as `jiff`
    /// reads it. A time before the Unix epoch or after [`Timestamp::MAX`] is
    /// refused.
    ///
    /// # Errors
    ///
    /// [`InvalidTimestamp`], which shows at most 32 characters of the text.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let refuse = |problem| InvalidTimestamp {
            value: excerpt(text),
            problem,
        };
        let (civil, offset) = split_rfc3339(text).ok_or(refuse(TimestampProblem::NotRfc3339))?;
        let civil = civil.parse::<jiff::civil::DateTime>().map_err(|error| {
            refuse(TimestampProblem::NoSuchTime {
                reason: error.to_string(),
            })
        })?;
        let offset = offset.ok_or(refuse(TimestampProblem::NoSuchTime {
            reason: "an offset's hour is 00 to 23 and its minute 00 to 59".into(),
        }))?;
        let offset = jiff::tz::Offset::from_seconds(offset).map_err(|error| {
            refuse(TimestampProblem::NoSuchTime {
                reason: error.to_string(),
            })
        })?;
        // The date and offset are valid: only jiff's range is left to fail,
        // which a four-digit year can pass only at its end.
        let time = offset
            .to_timestamp(civil)
            .map_err(|_| refuse(TimestampProblem::AfterMax))?;
        if time < jiff::Timestamp::UNIX_EPOCH {
            return Err(refuse(TimestampProblem::BeforeUnixEpoch));
        }
        match u64::try_from(time.as_second()) {
            Ok(seconds) if seconds <= Self::MAX.0 => Ok(Timestamp(seconds)),
            _ => Err(refuse(TimestampProblem::AfterMax)),
        }
    }
}

/// Splits RFC 3339's `date-time` (its section 5.6) into the local date and
/// time (with its fraction) and the offset in seconds east of UTC (`None` for
/// an offset out of range), or `None` if the text does not have its shape.
/// `jiff` then checks the values; `jiff` alone reads more (ISO 8601's basic
/// format, a space for `T`, a missing second, bracketed annotations), which
/// the crate does not accept.
fn split_rfc3339(text: &str) -> Option<(&str, Option<i32>)> {
    let (date_time, rest) = text.as_bytes().split_at_checked(19)?;
    let shape =
        date_time
            .iter()
            .zip(b"dddd-dd-ddTdd:dd:dd")
            .all(|(&c, &expected)| match expected {
                b'd' => c.is_ascii_digit(),
                b'T' => c == b'T' || c == b't',
                _ => c == expected,
            });
    if !shape {
        return None;
    }
    let offset = match rest.split_first() {
        Some((b'.', fraction)) => {
            let digits = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
            if !(1..=9).contains(&digits) {
                return None;
            }
            fraction.get(digits..).unwrap_or_default()
        }
        _ => rest,
    };
    let civil = text.get(..text.len() - offset.len())?;
    let two_digits = |a: u8, b: u8| {
        (a.is_ascii_digit() && b.is_ascii_digit())
            .then(|| i32::from(a - b'0') * 10 + i32::from(b - b'0'))
    };
    match *offset {
        [b'Z' | b'z'] => Some((civil, Some(0))),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (hours, minutes) = (two_digits(h1, h2)?, two_digits(m1, m2)?);
            let seconds = (hours < 24 && minutes < 60).then_some((hours * 60 + minutes) * 60);
            let sign = if sign == b'-' { -1 } else { 1 };
            Some((civil, seconds.map(|seconds| sign * seconds)))
        }
        _ => None,
    }
}

/// Why a text is not a [`Timestamp`]: the text (at most 32 characters of it)
/// and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{value} is not a time: {problem}")]
pub struct InvalidTimestamp {
    /// The text, quoted, or its first 32 characters and its size in bytes.
    pub value: String,
    /// What is wrong with it.
    pub problem: TimestampProblem,
}

impl InvalidTimestamp {
    /// A stable machine name: `not_rfc3339`, `no_such_time`,
    /// `before_unix_epoch` or `after_max`.
    pub fn kind(&self) -> &'static str {
        (&self.problem).into()
    }

    /// Always [`ErrorCategory::Invalid`].
    pub const fn category(&self) -> ErrorCategory {
        ErrorCategory::Invalid
    }
}

/// What is wrong with a text read as a [`Timestamp`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum TimestampProblem {
    /// It does not have RFC 3339's shape.
    #[strum(serialize = "not_rfc3339")]
    #[error(
        "RFC 3339 is `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or an offset such as `+05:00`"
    )]
    NotRfc3339,
    /// It has the shape, but no such date, time of day or offset exists
    /// (`2026-02-31`, `24:00:00`, `+05:60`).
    #[error("{reason}")]
    NoSuchTime {
        /// What `jiff` found wrong.
        reason: String,
    },
    /// It is before `1970-01-01T00:00:00Z`.
    #[error("it is before the Unix epoch, 1970-01-01T00:00:00Z")]
    BeforeUnixEpoch,
    /// It is after [`Timestamp::MAX`].
    #[error("it is after 9999-12-30T22:00:00Z, the latest time the crate holds")]
    AfterMax,
}

#[cfg(feature = "serde")]
impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Rfc3339;
        impl serde::de::Visitor<'_> for Rfc3339 {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time such as \"2026-01-01T00:00:00Z\"")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Rfc3339)
    }
}
