//! Resource-aware checks: what a caller asks, on what, and which row of the
//! table answers.

use strum::{Display, EnumCount, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::environment::Mode;
use crate::id::{ClusterId, EnvironmentId, ProjectId};
use crate::permission::Permission;

/// Something a member wants to do, independent of any environment's mode.
///
/// Each action is one row of the permission table, or a pair of rows (one for
/// production, one for every other mode) chosen by [`Action::permission`].
/// Applications and databases inherit the mode of their environment.
/// Actions read and write their names in the API's spelling
/// (`EDIT_ENVIRONMENT`), case-insensitively.
///
/// ```
/// use orgmodel::Action;
///
/// assert_eq!("edit_database".parse::<Action>(), Ok(Action::EditDatabase));
/// assert_eq!(Action::ConnectViaSshToAnApplication.to_string(), "CONNECT_VIA_SSH_TO_AN_APPLICATION");
/// assert_eq!(Action::ALL.len(), 20);
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
#[allow(missing_docs)] // each variant is named after its rows of the table
pub enum Action {
    ReadOrganization,
    EditOrganization,
    DeleteOrganization,
    ManageBilling,
    InviteMembers,
    ConnectToKubernetesCluster,
    ReadProject,
    EditProject,
    DeleteProject,
    ReadEnvironment,
    EditEnvironment,
    StopEnvironment,
    DeleteEnvironment,
    ReadApplication,
    EditApplication,
    DeleteApplication,
    ConnectViaSshToAnApplication,
    ReadDatabase,
    EditDatabase,
    DeleteDatabase,
}

/// What kind of resource an action is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Display, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Scope {
    /// The organization itself: its settings, billing, members and clusters.
    Organization,
    /// Projects: one of them, or the organization's projects as a whole.
    Project,
    /// An environment, or an application or database in it.
    Environment,
}

impl Action {
    /// Every action, in the table's order.
    pub const ALL: [Action; 20] = [
        Action::ReadOrganization,
        Action::EditOrganization,
        Action::DeleteOrganization,
        Action::ManageBilling,
        Action::InviteMembers,
        Action::ConnectToKubernetesCluster,
        Action::ReadProject,
        Action::EditProject,
        Action::DeleteProject,
        Action::ReadEnvironment,
        Action::EditEnvironment,
        Action::StopEnvironment,
        Action::DeleteEnvironment,
        Action::ReadApplication,
        Action::EditApplication,
        Action::DeleteApplication,
        Action::ConnectViaSshToAnApplication,
        Action::ReadDatabase,
        Action::EditDatabase,
        Action::DeleteDatabase,
    ];

    /// What the action is about. A check answers an action only on a
    /// resource of its scope (project actions also on the organization, for
    /// its projects as a whole); anywhere else it is denied as not applicable.
    pub const fn scope(self) -> Scope {
        match self {
            Action::ReadOrganization
            | Action::EditOrganization
            | Action::DeleteOrganization
            | Action::ManageBilling
            | Action::InviteMembers
            | Action::ConnectToKubernetesCluster => Scope::Organization,
            Action::ReadProject | Action::EditProject | Action::DeleteProject => Scope::Project,
            _ => Scope::Environment,
        }
    }

    /// The name of the action in the API's spelling (`EDIT_ENVIRONMENT`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The permission this action needs in an environment of `mode`: the
    /// table's production row for `Production`, its development row for every
    /// other mode. With no environment (`None`), the production row applies,
    /// the stricter of the two. Actions that do not depend on a mode ignore it.
    ///
    /// ```
    /// use orgmodel::{Action, Mode, Permission};
    ///
    /// assert_eq!(Action::EditDatabase.permission(Some(Mode::Staging)), Permission::EDIT_DEVELOPMENT_DATABASE);
    /// assert_eq!(Action::EditDatabase.permission(Some(Mode::Production)), Permission::EDIT_PRODUCTION_DATABASE);
    /// assert_eq!(Action::ReadProject.permission(None), Permission::READ_PROJECT);
    /// ```
    pub const fn permission(self, mode: Option<Mode>) -> Permission {
        let production = match mode {
            Some(mode) => mode.is_production(),
            None => true,
        };
        const fn pick(
            production: bool,
            production_row: Permission,
            development_row: Permission,
        ) -> Permission {
            if production {
                production_row
            } else {
                development_row
            }
        }
        use Permission as P;
        match self {
            Action::ReadOrganization => P::READ_ORGANIZATION,
            Action::EditOrganization => P::EDIT_ORGANIZATION,
            Action::DeleteOrganization => P::DELETE_ORGANIZATION,
            Action::ManageBilling => P::MANAGE_BILLING,
            Action::InviteMembers => P::INVITE_MEMBERS,
            Action::ConnectToKubernetesCluster => P::CONNECT_TO_KUBERNETES_CLUSTER,
            Action::ReadProject => P::READ_PROJECT,
            Action::EditProject => P::EDIT_PROJECT,
            Action::DeleteProject => P::DELETE_PROJECT,
            Action::ReadEnvironment => P::READ_ENVIRONMENT,
            Action::EditEnvironment => pick(
                production,
                P::EDIT_PRODUCTION_ENVIRONMENT,
                P::EDIT_DEVELOPMENT_ENVIRONMENT,
            ),
            Action::StopEnvironment => pick(
                production,
                P::STOP_PRODUCTION_ENVIRONMENT,
                P::STOP_DEVELOPMENT_ENVIRONMENT,
            ),
            Action::DeleteEnvironment => pick(
                production,
                P::DELETE_PRODUCTION_ENVIRONMENT,
                P::DELETE_DEVELOPMENT_ENVIRONMENT,
            ),
            Action::ReadApplication => P::READ_APPLICATION,
            Action::EditApplication => pick(
                production,
                P::EDIT_PRODUCTION_APPLICATION,
                P::EDIT_DEVELOPMENT_APPLICATION,
            ),
            Action::DeleteApplication => pick(
                production,
                P::DELETE_PRODUCTION_APPLICATION,
                P::DELETE_DEVELOPMENT_APPLICATION,
            ),
            Action::ConnectViaSshToAnApplication => P::CONNECT_VIA_SSH_TO_AN_APPLICATION,
            Action::ReadDatabase => P::READ_DATABASE,
            Action::EditDatabase => pick(
                production,
                P::EDIT_PRODUCTION_DATABASE,
                P::EDIT_DEVELOPMENT_DATABASE,
            ),
            Action::DeleteDatabase => pick(
                production,
                P::DELETE_PRODUCTION_DATABASE,
                P::DELETE_DEVELOPMENT_DATABASE,
            ),
        }
    }
}

/// What a check is about. An application or a database is checked through
/// its environment, whose mode it inherits.
///
/// Each kind of resource answers the actions of its [`Scope`]; the
/// organization also answers project actions (about its projects as a whole,
/// such as creating one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resource<'a> {
    /// The organization itself (and its billing, members and clusters).
    Organization,
    /// One of its clusters: asked only *Connect to Kubernetes cluster*.
    /// Built-in roles answer as on the organization; a custom role holds
    /// it on the clusters it administers (`ADMIN`).
    Cluster(&'a ClusterId),
    /// One of its projects.
    Project(&'a ProjectId),
    /// One environment of one of its projects, or an application or database in it.
    Environment {
        /// The project.
        project: &'a ProjectId,
        /// The environment.
        environment: &'a EnvironmentId,
    },
}

impl Resource<'_> {
    /// The rows of the table a check on this kind of resource can answer,
    /// for an environment in `mode` (ignored elsewhere).
    pub(crate) const fn rows(&self, mode: Option<Mode>) -> Permission {
        let mut rows = Permission::empty();
        let mut rest: &[Action] = &Action::ALL;
        while let [action, tail @ ..] = rest {
            if self.answers(*action) {
                rows = rows.union(action.permission(mode));
            }
            rest = tail;
        }
        rows
    }

    /// Whether `action` can be asked of this resource.
    pub const fn answers(&self, action: Action) -> bool {
        if let Resource::Cluster(_) = self {
            return matches!(action, Action::ConnectToKubernetesCluster);
        }
        matches!(
            (self, action.scope()),
            (Resource::Organization, Scope::Organization | Scope::Project)
                | (Resource::Project(_), Scope::Project)
                | (Resource::Environment { .. }, Scope::Environment)
        )
    }
}
