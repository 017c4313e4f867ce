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
