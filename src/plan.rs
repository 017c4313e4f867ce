//! An organization's plan.

use strum::{Display, EnumCount, EnumIter, EnumString, IntoStaticStr, VariantNames};

/// An organization's plan, named as the platform's API names it.
///
/// Every plan deploys on the organization's own cloud accounts except
/// `COMMUNITY`, the source document's free hosting for hobby projects.
/// Names read case-insensitively.
///
/// ```
/// use orgmodel::Plan;
///
/// assert!(Plan::Business.allows_cloud_accounts());
/// assert!(!Plan::Community.allows_cloud_accounts());
/// assert_eq!("team_2025".parse::<Plan>(), Ok(Plan::Team2025));
/// assert_eq!(Plan::Team2025.to_string(), "TEAM_2025");
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
    Display,
    EnumString,
    EnumIter,
    EnumCount,
    IntoStaticStr,
    VariantNames,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE", ascii_case_insensitive)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(into = "&'static str")
)]
#[non_exhaustive]
pub enum Plan {
    /// Free, on the organization's own cloud accounts.
    Free,
    /// Team.
    Team,
    /// Team, billed yearly.
    TeamYearly,
    /// Professional.
    Professional,
    /// Business.
    Business,
    /// Enterprise.
    Enterprise,
    /// Enterprise, billed yearly.
    EnterpriseYearly,
    /// The 2025 plan for one user.
    #[strum(serialize = "USER_2025")]
    User2025,
    /// The 2025 team plan.
    #[strum(serialize = "TEAM_2025")]
    Team2025,
    /// The 2025 business plan.
    #[strum(serialize = "BUSINESS_2025")]
    Business2025,
    /// The 2025 enterprise plan.
    #[strum(serialize = "ENTERPRISE_2025")]
    Enterprise2025,
    /// Free hosting for a hobby project: no cloud account of its own.
    Community,
}

impl Plan {
    /// Every plan, in the order above.
    pub const ALL: [Plan; 12] = [
        Plan::Free,
        Plan::Team,
        Plan::TeamYearly,
        Plan::Professional,
        Plan::Business,
        Plan::Enterprise,
        Plan::EnterpriseYearly,
        Plan::User2025,
        Plan::Team2025,
        Plan::Business2025,
        Plan::Enterprise2025,
        Plan::Community,
    ];

    /// Whether the plan deploys on the organization's own cloud accounts.
    pub const fn allows_cloud_accounts(self) -> bool {
        !matches!(self, Plan::Community)
    }

    /// The plan's name in the API (`TEAM_2025`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}
