//! Validating collections: the one uniqueness check, and the error of a
//! refused list or document, which names the field, its value and the problem.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::hash::{BuildHasher, Hash};

use crate::category::ErrorCategory;
use crate::limits::Limit;
use crate::text::InvalidValue;

/// Why a list or a document (an organization, a project, a rule list, a
/// cluster list) was refused: the field, as a path such as
/// `projects[0].environments[2].name`, its value, and what is wrong.
///
/// A value longer than its limit is never echoed: `value` then holds its size;
/// the message quotes a long value only in part (its start and its size).
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("`{field}` = {}: {problem}", crate::text::excerpt(value))]
pub struct ValidationError {
    /// The offending field, as a path into the list or document.
    pub field: String,
    /// Its value.
    pub value: String,
    /// What is wrong with it.
    pub problem: Problem,
}

/// What is wrong with a field of a list or document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum Problem {
    /// The members hold no Owner, or more than one.
    NotExactlyOneOwner,
    /// Another item of the same collection has this id, address or name
    /// (addresses and names compared case-insensitively).
    Duplicate,
    /// An invitation offers the Owner role.
    OwnerInvitation,
    /// An API token holds the Owner role.
    OwnerToken,
    /// An invitation is addressed to a member (kind `invited_member`: in a
    /// document it is invalid, where [`crate::MemberError::AlreadyAMember`]
    /// is a conflict with the state).
    #[strum(serialize = "invited_member")]
    AlreadyAMember,
    /// A rule, an environment or a custom role names a cluster the
    /// organization does not have.
    UnknownCluster,
    /// A custom role names a project the organization does not have.
    UnknownProject,
    /// A member or an invitation holds a custom role the organization does
    /// not define.
    UnknownRole,
    /// The plan cannot hold cloud accounts (kind
    /// `plan_without_cloud_accounts`: in a document it is invalid, where
    /// [`crate::ClusterError::PlanForbidsCloudAccounts`] and
    /// [`crate::SettingsError::PlanForbidsCloudAccounts`] are conflicts with
    /// the state).
    #[strum(serialize = "plan_without_cloud_accounts")]
    PlanForbidsCloudAccounts,
    /// A custom role is named as a built-in role is (case-insensitively).
    BuiltInRoleName,
    /// A list holds more items than its limit.
    TooMany {
        /// The limit it passed.
        limit: Limit,
        /// How many items the list holds.
        size: usize,
    },
    /// The value itself is invalid.
    Value(InvalidValue),
}

impl ValidationError {
    /// The error at `field`.
    pub(crate) fn new(
        field: impl Into<String>,
        value: impl Into<String>,
        problem: Problem,
    ) -> Self {
        ValidationError {
            field: field.into(),
            value: value.into(),
            problem,
        }
    }

    /// Refuses a list of `size` items over `limit`.
    pub(crate) fn check_count(field: &str, size: usize, limit: Limit) -> Result<(), Self> {
        if size > limit.value() {
            return Err(Self::new(
                field,
                format!("{size} items"),
                Problem::TooMany { limit, size },
            ));
        }
        Ok(())
    }

    /// The path of the offending field in the list or document, such as
    /// `members[3].email` or `projects[0].deployment_rules[2].wildcard`.
    pub fn path(&self) -> &str {
        &self.field
    }

    /// A stable machine name: the problem's (`duplicate`,
    /// `not_exactly_one_owner`, `invited_member`, `too_many`, …), or the
    /// value's for [`Problem::Value`] (`too_long`, `invalid_email`, …).
    pub fn kind(&self) -> &'static str {
        match &self.problem {
            Problem::Value(value) => value.kind(),
            problem => problem.into(),
        }
    }

    /// Always [`ErrorCategory::Invalid`].
    pub const fn category(&self) -> ErrorCategory {
        ErrorCategory::Invalid
    }
}

/// The first item, in list order, whose key an earlier item already has:
/// `(earlier, later)` positions. It sorts the keys' hashes (integers, in
/// cache), then compares keys only where hashes are equal: O(n log n)
/// whatever the keys share, and no key is compared more than by a plain sort
/// even if every hash collides. The keys are made twice rather than held:
/// beside the items it holds 16 bytes an item, and the keys that share a
/// hash.
pub(crate) fn first_repeat<K: Ord + Hash>(
    keys: impl IntoIterator<Item = K, IntoIter: Clone>,
) -> Option<(usize, usize)> {
    let keys = keys.into_iter();
    let mut hashed: Vec<(u64, usize)> = keys.clone().map(|key| hash(&key)).zip(0..).collect();
    hashed.sort_unstable();
    // The items whose hash another item shares, in list order.
    let mut shared: Vec<usize> = hashed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|group| group.len() > 1)
        .flatten()
        .map(|&(_, at)| at)
        .collect();
    drop(hashed);
    shared.sort_unstable();
    let mut wanted = shared.iter().copied().peekable();
    let shared_keys = keys
        .zip(0..)
        .filter(|&(_, at)| wanted.next_if_eq(&at).is_some())
        .map(|(key, _)| key);
    let (earlier, later) = first_repeat_sorting(shared_keys)?;
    Some((*shared.get(earlier)?, *shared.get(later)?))
}

/// A deterministic hash (FxHash, as rustc uses): no randomness in a pure crate.
fn hash<K: Hash>(key: &K) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(key)
}

/// [`first_repeat`] by sorting the keys themselves.
fn first_repeat_sorting<K: Ord>(keys: impl IntoIterator<Item = K>) -> Option<(usize, usize)> {
    let mut keyed: Vec<(K, usize)> = keys.into_iter().zip(0..).collect();
    keyed.sort_unstable();
    keyed
        .windows(2)
        .filter_map(|pair| match pair {
            [(a, first), (b, second)] if a == b => Some((*first, *second)),
            _ => None,
        })
        .min_by_key(|&(_, later)| later)
}

/// Refuses the first repeated key of a collection, naming `field[i]`.
pub(crate) fn unique<K: Ord + Hash>(
    keys: impl IntoIterator<Item = K, IntoIter: Clone>,
    field: impl FnOnce(usize) -> String,
    shown: impl FnOnce(usize) -> String,
) -> Result<(), ValidationError> {
    match first_repeat(keys) {
        Some((_, later)) => Err(ValidationError::new(
            field(later),
            shown(later),
            Problem::Duplicate,
        )),
        None => Ok(()),
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotExactlyOneOwner => f.write_str("an organization has exactly one OWNER"),
            Problem::Duplicate => f.write_str("another item already has it"),
            Problem::OwnerInvitation => f.write_str("the Owner role is only given by transfer"),
            Problem::OwnerToken => f.write_str("an API token may hold any role but Owner"),
            Problem::AlreadyAMember => f.write_str("the address already belongs to a member"),
            Problem::UnknownCluster => f.write_str("no cluster of the organization has this id"),
            Problem::UnknownProject => f.write_str("no project of the organization has this id"),
            Problem::UnknownRole => f.write_str("no custom role of the organization has this id"),
            Problem::PlanForbidsCloudAccounts => {
                f.write_str("the COMMUNITY plan cannot hold cloud accounts")
            }
            Problem::BuiltInRoleName => {
                f.write_str("a custom role may not take a built-in role's name")
            }
            Problem::TooMany { limit, size } => write!(
                f,
                "the list holds at most {} {}, this one {size}",
                limit.value(),
                limit.unit()
            ),
            Problem::Value(value) => write!(f, "{value}"),
        }
    }
}
