//! The bounds of every untrusted input.
//!
//! API servers feed the crate documents and requests from any authenticated
//! user. Every text and every list has a limit, enforced alike by the
//! constructors and by deserialization, and refused with an error that names
//! the limit and the size it was given. The limits are generous for real use;
//! they exist so that no input can make the crate's memory or time grow out of
//! proportion to its size.
//!
//! Text lengths are counted in Unicode scalar values (`char`s), so a limit
//! means the same for every script; in bytes a text holds at most four times
//! its limit.

/// Characters in an id (the platform's ids are 36-character UUIDs).
pub const ID: usize = 255;
/// Characters in a name: of an organization, member, cluster, project,
/// environment, cloud account or deployment rule.
pub const NAME: usize = 255;
/// Characters in an e-mail address (RFC 3696: 64 before the `@`, 255 after).
pub const EMAIL: usize = 320;
/// Characters in a deployment rule's wildcard.
pub const WILDCARD: usize = 1_024;
/// Characters in a free text: a description, a region, a time zone, a time.
pub const TEXT: usize = 4_096;

/// Members of an organization, the owner included.
pub const MEMBERS: usize = 10_000_000;
/// Invitations an organization holds at once.
pub const INVITATIONS: usize = 100_000;
/// Cloud accounts of an organization.
pub const CLOUD_ACCOUNTS: usize = 1_000;
/// Clusters of an organization.
pub const CLUSTERS: usize = 1_000;
/// Projects of an organization.
pub const PROJECTS: usize = 10_000;
/// Custom roles of an organization.
pub const CUSTOM_ROLES: usize = 1_000;
/// API tokens of an organization.
pub const API_TOKENS: usize = 100_000;
/// Environments of one project.
pub const ENVIRONMENTS: usize = 10_000;
/// Deployment rules of one project.
pub const RULES: usize = 10_000;
/// Characters of all the wildcards of one project's rules together.
///
/// Placing an environment costs at most a few operations per wildcard
/// character, so this budget (10,000 rules of 13 characters on average, or
/// 128 of the longest) bounds the worst resolve, whatever the rules hold.
pub const RULE_WILDCARDS: usize = 131_072;
/// Weekdays in a deployment rule's auto-stop schedule.
pub const WEEKDAYS: usize = 7;

/// One of the limits above, as errors name it: its snake_case name (its
/// `Display`, and its JSON form) says which bound was passed, and
/// [`Limit::value`] gives the bound.
///
/// ```
/// use orgmodel::limits::{self, Limit};
///
/// assert_eq!(Limit::Members.value(), limits::MEMBERS);
/// assert_eq!(Limit::RuleWildcards.to_string(), "rule_wildcards");
/// assert_eq!(Limit::Email.unit(), "characters");
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
#[non_exhaustive]
pub enum Limit {
    /// [`ID`]: characters in an id.
    Id,
    /// [`NAME`]: characters in a name.
    Name,
    /// [`EMAIL`]: characters in an e-mail address.
    Email,
    /// [`WILDCARD`]: characters in a deployment rule's wildcard.
    Wildcard,
    /// [`TEXT`]: characters in a free text.
    Text,
    /// [`MEMBERS`]: members of an organization, the owner included.
    Members,
    /// [`INVITATIONS`]: invitations an organization holds at once.
    Invitations,
    /// [`CLOUD_ACCOUNTS`]: cloud accounts of an organization.
    CloudAccounts,
    /// [`CLUSTERS`]: clusters of an organization.
    Clusters,
    /// [`PROJECTS`]: projects of an organization.
    Projects,
    /// [`CUSTOM_ROLES`]: custom roles of an organization.
    CustomRoles,
    /// [`API_TOKENS`]: API tokens of an organization.
    ApiTokens,
    /// [`ENVIRONMENTS`]: environments of one project.
    Environments,
    /// [`RULES`]: deployment rules of one project.
    Rules,
    /// [`RULE_WILDCARDS`]: characters of all the wildcards of one project's
    /// rules together.
    RuleWildcards,
    /// [`WEEKDAYS`]: weekdays in a deployment rule's auto-stop schedule.
    Weekdays,
}

impl Limit {
    /// The bound: the constant of the same name in this module.
    pub const fn value(self) -> usize {
        match self {
            Limit::Id => ID,
            Limit::Name => NAME,
            Limit::Email => EMAIL,
            Limit::Wildcard => WILDCARD,
            Limit::Text => TEXT,
            Limit::Members => MEMBERS,
            Limit::Invitations => INVITATIONS,
            Limit::CloudAccounts => CLOUD_ACCOUNTS,
            Limit::Clusters => CLUSTERS,
            Limit::Projects => PROJECTS,
            Limit::CustomRoles => CUSTOM_ROLES,
            Limit::ApiTokens => API_TOKENS,
            Limit::Environments => ENVIRONMENTS,
            Limit::Rules => RULES,
            Limit::RuleWildcards => RULE_WILDCARDS,
            Limit::Weekdays => WEEKDAYS,
        }
    }

    /// What the bound counts, in words, plural: `characters`, `members`,
    /// `deployment rules`, `wildcard characters`, …
    pub const fn unit(self) -> &'static str {
        match self {
            Limit::Id | Limit::Name | Limit::Email | Limit::Wildcard | Limit::Text => "characters",
            Limit::Members => "members",
            Limit::Invitations => "invitations",
            Limit::CloudAccounts => "cloud accounts",
            Limit::Clusters => "clusters",
            Limit::Projects => "projects",
            Limit::CustomRoles => "custom roles",
            Limit::ApiTokens => "API tokens",
            Limit::Environments => "environments",
            Limit::Rules => "deployment rules",
            Limit::RuleWildcards => "wildcard characters",
            Limit::Weekdays => "weekdays",
        }
    }

    /// What holds at most [`Limit::value`] of its [`Limit::unit`]: `an id`,
    /// `the organization`, `a project`, `a schedule`, …
    pub const fn holder(self) -> &'static str {
        match self {
            Limit::Id => "an id",
            Limit::Name => "a name",
            Limit::Email => "an e-mail address",
            Limit::Wildcard => "a wildcard",
            Limit::Text => "a free text",
            Limit::Members
            | Limit::Invitations
            | Limit::CloudAccounts
            | Limit::Clusters
            | Limit::Projects
            | Limit::CustomRoles
            | Limit::ApiTokens => "the organization",
            Limit::Environments | Limit::Rules | Limit::RuleWildcards => "a project",
            Limit::Weekdays => "a schedule",
        }
    }
}
