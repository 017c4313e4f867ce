//! What kind of refusal an error is, for a service to map onto a status.

/// The category of an error: every error type of the crate has a
/// `category()` (and a stable snake_case `kind()` within it).
///
/// ```
/// use orgmodel::ErrorCategory;
///
/// assert_eq!(ErrorCategory::Forbidden.http_status(), 403);
/// assert_eq!(ErrorCategory::Conflict.to_string(), "conflict");
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self", rename_all = "snake_case")
)]
pub enum ErrorCategory {
    /// The caller may not do this: not a member, or a role without the permission.
    Forbidden,
    /// The command names something that does not exist.
    NotFound,
    /// The request is malformed or breaks a rule on its own.
    Invalid,
    /// The request is fine but the organization's current state refuses it.
    Conflict,
    /// The writer read a revision that another writer has since changed.
    Stale,
}

impl ErrorCategory {
    /// The HTTP status a REST service answers with: 403, 404, 422, 409 or 412.
    pub const fn http_status(self) -> u16 {
        match self {
            ErrorCategory::Forbidden => 403,
            ErrorCategory::NotFound => 404,
            ErrorCategory::Invalid => 422,
            ErrorCategory::Conflict => 409,
            ErrorCategory::Stale => 412,
        }
    }
}
