//! Members, invitations and the time they are judged against.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use crate::category::ErrorCategory;

use crate::id::UserId;
use crate::permission::Role;
use crate::text::Email;

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

/// A text as an error may show it: quoted if it is short, else its first 32
/// characters and its size, so an error never echoes a large input.
pub(crate) fn excerpt(text: &str) -> String {
    const SHOWN: usize = 32;
    match text.char_indices().nth(SHOWN) {
        None => format!("{text:?}"),
        Some((end, _)) => {
            let start = text.get(..end).unwrap_or_default();
            format!("{start:?}… ({} bytes)", text.len())
        }
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

/// A member of an organization: a user, their address and their one role there.
///
/// On the wire a member must have a built-in `role`: one the platform's API
/// returns on a custom role (`role_id` only) is refused with an error that
/// says so.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Member {
    /// The user.
    pub id: UserId,
    /// Their address, unique among the members (case-insensitively).
    pub email: Email,
    /// Their role in this organization.
    pub role: Role,
}

/// Whether an invitation can still be accepted, spelled as the API's
/// `invitation_status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::Display, strum::IntoStaticStr)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "SCREAMING_SNAKE_CASE")
)]
pub enum InvitationStatus {
    /// It can be accepted.
    Pending,
    /// Its expiry has passed: it can no longer be accepted, does not block a
    /// new invitation to the same address, and can be purged.
    Expired,
}

/// An invitation to join an organization, pending until it expires.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Invitation {
    /// The invited address.
    pub email: Email,
    /// The role the invitee gets on accepting: Admin, Developer or Viewer.
    pub role: Role,
    /// The first moment at which the invitation can no longer be accepted.
    pub expires_at: Timestamp,
}

impl Invitation {
    /// Whether the invitation has expired at `now` (it expires *at* its expiry).
    pub fn is_expired(&self, now: Timestamp) -> bool {
        now >= self.expires_at
    }

    /// Its status at `now`.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let now = Timestamp::from_unix_seconds(1_000);
    /// let invitation = Invitation { email: Email::new("bob@acme.dev")?, role: Role::Viewer, expires_at: now.plus_seconds(60) };
    /// assert_eq!(invitation.status(now), InvitationStatus::Pending);
    /// assert_eq!(invitation.status(now.plus_seconds(60)), InvitationStatus::Expired);
    /// # Ok::<(), orgmodel::InvalidValue>(())
    /// ```
    pub fn status(&self, now: Timestamp) -> InvitationStatus {
        if self.is_expired(now) {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Pending
        }
    }
}

/// The members other than the owner, sorted by user id, with a dense index of
/// id prefixes beside them.
///
/// A lookup binary-searches a sample of every 16th prefix (half a byte a
/// member, small enough to stay in cache), then the 16 prefixes of one block
/// (two cache lines), and compares whole ids only where prefixes are equal:
/// that keeps a check on 100,000 members to a few cache misses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Members {
    list: Vec<Member>,
    /// `prefix(list[i].id)`, non-decreasing because `list` is sorted by id.
    prefixes: Vec<u64>,
    /// `prefixes[i * STRIDE]`.
    sample: Vec<u64>,
}

/// Prefixes per block of the sample.
const STRIDE: usize = 16;

/// The first 8 bytes of an id, big-endian, zero-padded: ordered like the ids.
#[inline]
fn prefix(id: &UserId) -> u64 {
    let mut bytes = [0u8; 8];
    for (to, from) in bytes.iter_mut().zip(id.as_str().as_bytes()) {
        *to = *from;
    }
    u64::from_be_bytes(bytes)
}

impl Members {
    /// Members in any order; sorts them by id.
    pub(crate) fn new(mut list: Vec<Member>) -> Self {
        list.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        list.shrink_to_fit();
        let prefixes = list.iter().map(|member| prefix(&member.id)).collect();
        let mut members = Members {
            list,
            prefixes,
            sample: Vec::new(),
        };
        members.resample();
        members
    }

    fn resample(&mut self) {
        self.sample = self.prefixes.iter().step_by(STRIDE).copied().collect();
    }

    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    pub(crate) fn as_slice(&self) -> &[Member] {
        &self.list
    }

    pub(crate) fn into_vec(self) -> Vec<Member> {
        self.list
    }

    /// Where the member with this id is, or where it would go.
    #[inline]
    pub(crate) fn position(&self, id: &UserId) -> Result<usize, usize> {
        let key = prefix(id);
        // Block `b - 1` starts below `key` and block `b` does not: the first
        // prefix not below `key` lies after the start of `b - 1`, by `b`'s start.
        let b = self.sample.partition_point(|&k| k < key);
        let low = b.saturating_sub(1) * STRIDE;
        let high = (b * STRIDE + 1).min(self.prefixes.len());
        let block = self.prefixes.get(low..high).unwrap_or_default();
        let start = low + block.partition_point(|&k| k < key);
        // The run of equal prefixes is almost always one long: gallop over it.
        let run = self.prefixes.get(start..).unwrap_or_default();
        let mut bound = 1;
        while run.get(bound).is_some_and(|&k| k == key) {
            bound *= 2;
        }
        let from = bound / 2;
        let to = bound.min(run.len());
        let len = from
            + run
                .get(from..to)
                .unwrap_or_default()
                .partition_point(|&k| k == key);
        let candidates = self.list.get(start..start + len).unwrap_or_default();
        candidates
            .binary_search_by(|member| member.id.cmp(id))
            .map(|i| start + i)
            .map_err(|i| start + i)
    }

    #[inline]
    pub(crate) fn get(&self, id: &UserId) -> Option<&Member> {
        self.list.get(self.position(id).ok()?)
    }

    /// Sets the role of the member at `at` (ids never change in place).
    pub(crate) fn set_role(&mut self, at: usize, role: Role) {
        if let Some(member) = self.list.get_mut(at) {
            member.role = role;
        }
    }

    /// Inserts a member whose id is not yet present, keeping the order.
    pub(crate) fn insert(&mut self, member: Member) {
        let at = self.position(&member.id).unwrap_or_else(|at| at);
        self.prefixes.insert(at, prefix(&member.id));
        self.list.insert(at, member);
        self.resample();
    }

    /// Removes the member at `at`, a position found by [`Members::position`].
    pub(crate) fn remove(&mut self, at: usize) -> Member {
        self.prefixes.remove(at);
        self.resample();
        self.list.remove(at)
    }
}
