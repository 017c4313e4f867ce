//! The organization's own settings: its name, description and plan, and its
//! deletion.

use alloc::string::String;

use super::Organization;
use super::authorize::{AccessError, allow};
use super::events::Event;
use super::recorded::Recorded;
use crate::category::ErrorCategory;
use crate::id::UserId;
use crate::member::Actor;
use crate::permission::Permission;
use crate::plan::Plan;
use crate::text::{InvalidValue, Name, check_text};
use crate::time::Timestamp;

/// Why a change of the organization's settings, or its deletion, was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum SettingsError {
    /// Not a member, or without the permission.
    #[error(transparent)]
    Access(#[from] AccessError),
    /// A value over its limit (the description).
    #[error(transparent)]
    Invalid(#[from] InvalidValue),
    /// The deletion was not confirmed by the organization's exact name.
    #[error("type the organization's exact name, {expected:?}, to delete it")]
    ConfirmationMismatch {
        /// The organization's name.
        expected: Name,
    },
    /// The plan does not deploy on the organization's own cloud accounts.
    #[error(
        "the {plan} plan offers free hosting and cannot hold cloud accounts ({accounts} connected)"
    )]
    PlanForbidsCloudAccounts {
        /// The plan.
        plan: Plan,
        /// How many accounts are connected.
        accounts: usize,
    },
}

impl SettingsError {
    /// A stable machine name: the access error's, the value's,
    /// `confirmation_mismatch` or `plan_forbids_cloud_accounts`.
    pub const fn kind(&self) -> &'static str {
        match self {
            SettingsError::Access(error) => error.kind(),
            SettingsError::Invalid(error) => error.kind(),
            SettingsError::ConfirmationMismatch { .. } => "confirmation_mismatch",
            SettingsError::PlanForbidsCloudAccounts { .. } => "plan_forbids_cloud_accounts",
        }
    }

    /// Forbidden, invalid (a value, a confirmation) or conflict (the plan).
    pub const fn category(&self) -> ErrorCategory {
        match self {
            SettingsError::Access(error) => error.category(),
            SettingsError::Invalid(_) | SettingsError::ConfirmationMismatch { .. } => {
                ErrorCategory::Invalid
            }
            SettingsError::PlanForbidsCloudAccounts { .. } => ErrorCategory::Conflict,
        }
    }
}

impl Organization {
    /// Renames the organization. Needs *Edit organization*. Renaming to the
    /// name it has changes nothing.
    ///
    /// # Errors
    /// [`SettingsError::Access`].
    pub fn rename<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        name: Name,
    ) -> Result<Option<Recorded>, SettingsError> {
        let actor = actor.into();
        self.authorize(actor, now, Permission::EDIT_ORGANIZATION)?;
        if self.name == name {
            return Ok(None);
        }
        self.name = name.clone();
        Ok(Some(self.record(actor, now, Event::Renamed { name })))
    }

    /// Sets or clears the description (at most [`crate::limits::TEXT`]
    /// characters). Needs *Edit organization*.
    ///
    /// # Errors
    /// [`SettingsError::Access`], [`SettingsError::Invalid`].
    pub fn set_description<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        description: Option<String>,
    ) -> Result<Option<Recorded>, SettingsError> {
        let actor = actor.into();
        self.authorize(actor, now, Permission::EDIT_ORGANIZATION)?;
        check_text("description", description.as_deref().unwrap_or_default())?;
        if self.description == description {
            return Ok(None);
        }
        self.description.clone_from(&description);
        Ok(Some(self.record(
            actor,
            now,
            Event::DescriptionSet { description },
        )))
    }

    /// Changes the plan. Needs *Manage billing*. Moving to `Community` is
    /// refused while cloud accounts are connected.
    ///
    /// # Errors
    /// [`SettingsError::Access`], [`SettingsError::PlanForbidsCloudAccounts`].
    pub fn change_plan<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        plan: Plan,
    ) -> Result<Option<Recorded>, SettingsError> {
        let actor = actor.into();
        self.authorize(actor, now, Permission::MANAGE_BILLING)?;
        if !plan.allows_cloud_accounts() && !self.cloud_accounts.is_empty() {
            return Err(SettingsError::PlanForbidsCloudAccounts {
                plan,
                accounts: self.cloud_accounts.len(),
            });
        }
        if self.plan == plan {
            return Ok(None);
        }
        self.plan = plan;
        Ok(Some(self.record(actor, now, Event::PlanChanged { plan })))
    }

    /// Approves deleting the organization: the owner's alone (*Delete
    /// organization*), confirmed by typing the organization's exact name
    /// (case and all). The organization is a value, so deleting it is the
    /// caller's part: drop it, and remove it from storage, once this says yes.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// assert!(matches!(org.confirm_deletion(&ada, "acme"), Err(SettingsError::ConfirmationMismatch { .. })));
    /// assert!(org.confirm_deletion(&ada, "Acme").is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`SettingsError::Access`], [`SettingsError::ConfirmationMismatch`].
    pub fn confirm_deletion(
        &self,
        actor: &UserId,
        confirmation: &str,
    ) -> Result<(), SettingsError> {
        let held = self.member_role(actor)?;
        allow(
            actor.into(),
            held,
            held.rows_on_organization(),
            Permission::DELETE_ORGANIZATION,
        )?;
        if confirmation != self.name.as_str() {
            return Err(SettingsError::ConfirmationMismatch {
                expected: self.name.clone(),
            });
        }
        Ok(())
    }
}
