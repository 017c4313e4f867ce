//! What a command returns and a log keeps: its event, with the revision it
//! made, the caller's time and the actor.

use super::Organization;
use super::events::Event;
use super::placed::PlacedEnvironment;
use crate::environment::Environment;
use crate::id::{OrganizationId, UserId};
use crate::member::Principal;
use crate::placement::Placement;
use crate::plan::Plan;
use crate::text::{Email, Name};
use crate::time::Timestamp;

/// An event as the log keeps it: the organization's revision after it, the
/// caller's time, and who did it. Every command that changes an organization
/// returns one; appending each to the log, in order, is what makes the log
/// replay ([`Organization::replay`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "append it to the organization's log, or the log will not replay"]
pub struct Recorded {
    /// The organization's revision once the event is applied (the creation is 0).
    pub revision: u64,
    /// When it happened, by the caller's clock.
    pub at: Timestamp,
    /// Who did it: a user or an API token.
    pub actor: Principal,
    /// What happened.
    pub event: Event,
}

impl Recorded {
    /// The environment it created, for [`Event::EnvironmentCreated`].
    pub fn environment(&self) -> Option<&Environment> {
        self.placed().map(|placed| &placed.environment)
    }

    /// Where the environment it created was placed, and why, for
    /// [`Event::EnvironmentCreated`].
    pub fn placement(&self) -> Option<Placement<'_>> {
        self.placed().map(PlacedEnvironment::placement)
    }

    fn placed(&self) -> Option<&PlacedEnvironment> {
        match &self.event {
            Event::EnvironmentCreated(placed) => Some(placed),
            _ => None,
        }
    }
}

impl Organization {
    /// A new organization, and the event that records its creation
    /// (revision 0), the first of its log.
    pub fn create(
        id: OrganizationId,
        name: Name,
        plan: Plan,
        owner: UserId,
        owner_email: Email,
        now: Timestamp,
    ) -> (Self, Recorded) {
        let recorded = Recorded {
            revision: 0,
            at: now,
            actor: Principal::User(owner.clone()),
            event: Event::Created {
                organization: id.clone(),
                name: name.clone(),
                plan,
                owner: owner.clone(),
                owner_email: owner_email.clone(),
            },
        };
        (
            Organization::new(id, name, plan, owner, owner_email),
            recorded,
        )
    }
}
