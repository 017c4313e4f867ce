//! A user's view across organizations: *change organization*.

use crate::id::{OrganizationId, UserId};
use crate::organization::{Organization, SwitchError};

/// A user and the organization they are working in.
///
/// A user may belong to many organizations; switching the current one (the
/// dropdown of the platform's navigation bar) is refused for an organization
/// they do not belong to.
///
/// ```
/// use orgmodel::*;
///
/// let ada: UserId = "ada".parse()?;
/// let acme = Organization::new("acme".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
/// let other = Organization::new("other".parse()?, Name::new("Other")?, Plan::Free, "bob".parse()?, Email::new("bob@x.dev")?);
///
/// let mut ada_view = UserContext::new(ada);
/// assert_eq!(ada_view.organizations([&acme, &other]).count(), 1);
/// ada_view.switch_to(&acme)?;
/// assert_eq!(ada_view.current().map(OrganizationId::as_str), Some("acme"));
/// assert!(ada_view.switch_to(&other).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserContext {
    user: UserId,
    current: Option<OrganizationId>,
}

impl UserContext {
    /// A user with no current organization yet.
    pub fn new(user: UserId) -> Self {
        UserContext {
            user,
            current: None,
        }
    }

    /// The user.
    pub fn user(&self) -> &UserId {
        &self.user
    }

    /// The organization the user is working in, if one was chosen.
    pub fn current(&self) -> Option<&OrganizationId> {
        self.current.as_ref()
    }

    /// The organizations, among `all`, that the user belongs to.
    pub fn organizations<'a>(
        &'a self,
        all: impl IntoIterator<Item = &'a Organization> + 'a,
    ) -> impl Iterator<Item = &'a Organization> + 'a {
        all.into_iter()
            .filter(|org| org.member(&self.user).is_some())
    }

    /// Makes `organization` the current one.
    ///
    /// # Errors
    /// [`SwitchError::NotAMember`] when the user does not belong to it; the
    /// current organization is then unchanged.
    pub fn switch_to(&mut self, organization: &Organization) -> Result<(), SwitchError> {
        if organization.member(&self.user).is_none() {
            return Err(SwitchError::NotAMember {
                user: self.user.clone(),
                organization: organization.id().clone(),
            });
        }
        self.current = Some(organization.id().clone());
        Ok(())
    }
}
