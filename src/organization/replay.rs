//! Replaying a log: rebuilding an organization from its events, and
//! applying one recorded event through the command that recorded it.

use alloc::boxed::Box;

use super::Organization;
use super::error::Error;
use super::events::Event;
use super::recorded::Recorded;
use super::redo::Redo;
use crate::category::ErrorCategory;

/// Why a recorded event could not be applied; applying changes nothing then.
/// Each variant past the first names the event's revision and its kind
/// ([`Event::kind`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum ApplyError {
    /// The event's revision does not follow the organization's.
    #[error("event of revision {got} cannot follow revision {current}")]
    OutOfOrder {
        /// The organization's revision.
        current: u64,
        /// The event's.
        got: u64,
    },
    /// A log starts with the creation of an organization, and only there.
    #[error(
        "event {revision} ({event}): a log starts with the creation of an organization, and only there"
    )]
    NotACreation {
        /// The event's revision.
        revision: u64,
        /// Its kind.
        event: &'static str,
    },
    /// The command the event records is refused by the current state: the
    /// command's own error, whose kind [`ApplyError::refusal_kind`] gives.
    #[error("event {revision} ({event}) does not apply ({kind}): {error}", kind = error.kind())]
    Refused {
        /// The event's revision.
        revision: u64,
        /// Its kind.
        event: &'static str,
        /// The command's refusal.
        error: Box<Error>,
    },
    /// The event would change nothing: it does not follow this state.
    #[error("event {revision} ({event}) changes nothing here")]
    NoChange {
        /// The event's revision.
        revision: u64,
        /// Its kind.
        event: &'static str,
    },
    /// The event's command does something else here than what it records
    /// (an environment that would now be placed elsewhere).
    #[error("event {revision} ({event}) does not do here what it records")]
    Diverged {
        /// The event's revision.
        revision: u64,
        /// Its kind.
        event: &'static str,
    },
}

impl ApplyError {
    /// `out_of_order`, `not_a_creation`, `refused`, `no_change` or
    /// `diverged`. A refusal keeps its own kind inside:
    /// [`ApplyError::refusal_kind`].
    pub const fn kind(&self) -> &'static str {
        match self {
            ApplyError::OutOfOrder { .. } => "out_of_order",
            ApplyError::NotACreation { .. } => "not_a_creation",
            ApplyError::Refused { .. } => "refused",
            ApplyError::NoChange { .. } => "no_change",
            ApplyError::Diverged { .. } => "diverged",
        }
    }

    /// [`ErrorCategory::Conflict`]: the event and the state disagree.
    pub const fn category(&self) -> ErrorCategory {
        ErrorCategory::Conflict
    }

    /// The command's error that refused the event, for [`ApplyError::Refused`].
    pub fn refusal(&self) -> Option<&Error> {
        match self {
            ApplyError::Refused { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The kind of the command's error that refused the event (such as
    /// `no_such_member` or `cluster_in_use`), for [`ApplyError::Refused`].
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let (ada, now) = (UserId::new("ada")?, Timestamp::from_unix_seconds(0));
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let removal = Recorded { revision: 1, at: now, actor: ada.into(), event: Event::MemberRemoved { member: "bob".parse()? } };
    /// let error = org.apply(&removal).unwrap_err();
    /// assert_eq!((error.kind(), error.refusal_kind()), ("refused", Some("no_such_member")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn refusal_kind(&self) -> Option<&'static str> {
        self.refusal().map(Error::kind)
    }
}

impl Organization {
    /// Rebuilds an organization from its log: the creation, then every
    /// change in order.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let (ada, now) = (UserId::new("ada")?, Timestamp::from_unix_seconds(0));
    /// let (mut org, created) = Organization::create("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?, now);
    /// let mut log = vec![created];
    /// log.extend(org.rename(&ada, now, Name::new("Acme Inc")?)?);
    /// log.extend(org.execute(&ada, now, Some(1), Command::ChangePlan { plan: Plan::Business })?);
    /// assert_eq!(Organization::replay(&log)?, org);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ApplyError`] for the first event that does not apply.
    pub fn replay<'a>(log: impl IntoIterator<Item = &'a Recorded>) -> Result<Self, ApplyError> {
        let mut events = log.into_iter();
        let first = events.next();
        let Some(Recorded {
            revision: 0,
            event:
                Event::Created {
                    organization,
                    name,
                    plan,
                    owner,
                    owner_email,
                },
            ..
        }) = first
        else {
            return Err(ApplyError::NotACreation {
                revision: first.map_or(0, |recorded| recorded.revision),
                event: first.map_or("NONE", |recorded| recorded.event.kind()),
            });
        };
        let mut org = Organization::new(
            organization.clone(),
            name.clone(),
            *plan,
            owner.clone(),
            owner_email.clone(),
        );
        for recorded in events {
            org.apply(recorded)?;
        }
        Ok(org)
    }

    /// Applies one recorded event by running the command that recorded it,
    /// as its actor at its time: the event must follow the organization's
    /// revision and its command must pass every check it passed live and
    /// change what it changed then; otherwise the organization is left
    /// exactly as it was.
    ///
    /// # Errors
    /// [`ApplyError::OutOfOrder`], [`ApplyError::NotACreation`] (a creation
    /// mid-log), [`ApplyError::Refused`] (the command is refused now, as a
    /// member removed who is not there), [`ApplyError::NoChange`],
    /// [`ApplyError::Diverged`].
    pub fn apply(&mut self, recorded: &Recorded) -> Result<(), ApplyError> {
        if recorded.revision != self.revision + 1 {
            return Err(ApplyError::OutOfOrder {
                current: self.revision,
                got: recorded.revision,
            });
        }
        let (revision, event) = (recorded.revision, recorded.event.kind());
        match self.redo(recorded.actor.as_actor(), recorded.at, &recorded.event) {
            Ok(_) => Ok(()),
            Err(Redo::Refused(error)) => Err(ApplyError::Refused {
                revision,
                event,
                error: Box::new(error),
            }),
            Err(Redo::NoChange) => Err(ApplyError::NoChange { revision, event }),
            Err(Redo::Diverged) => Err(ApplyError::Diverged { revision, event }),
            Err(Redo::Creation) => Err(ApplyError::NotACreation { revision, event }),
        }
    }
}
