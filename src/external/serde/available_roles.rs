//! The roles an organization offers, as the API's
//! `OrganizationAvailableRoleList` has them: `{"results": [{id, name}…]}`,
//! the built-in roles first, then the custom roles.

use alloc::borrow::Cow;

use serde::de::Deserializer;
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::bounded::refused;
use super::guard;
use crate::id::CustomRoleId;
use crate::role::{CustomRole, Role};
use crate::text::Name;

/// A role as the API's available-role list names it (`{id, name}`).
///
/// Read, a built-in role is known by its name (`Billing` is Billing
/// Manager), whatever id the platform gave it, or by an id
/// [`Role::from_id`] knows; anything else is a custom role, known by its
/// id. An id and a name that name different built-in roles are refused.
/// Written, a built-in role takes its fixed id ([`Role::id`]) and its name
/// (`Billing Manager`).
///
/// ```
/// use orgmodel::{AvailableRole, Role};
///
/// let billing: AvailableRole = serde_json::from_str(r#"{"id": "41111111-2222-4333-8444-555555555555", "name": "Billing"}"#)?;
/// assert_eq!(billing, AvailableRole::BuiltIn(Role::BillingManager));
/// let custom: AvailableRole = serde_json::from_str(r#"{"id": "c0ffee00", "name": "On-call"}"#)?;
/// assert!(matches!(custom, AvailableRole::Custom { id, .. } if id.as_str() == "c0ffee00"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AvailableRole {
    /// A built-in role.
    BuiltIn(Role),
    /// One of the organization's custom roles.
    Custom {
        /// Its id.
        id: CustomRoleId,
        /// Its name.
        name: Name,
    },
}

impl From<&CustomRole> for AvailableRole {
    fn from(role: &CustomRole) -> Self {
        AvailableRole::Custom {
            id: role.id().clone(),
            name: role.name().clone(),
        }
    }
}

/// The list of an organization's roles as the API's
/// `OrganizationAvailableRoleList` has it: the six built-in roles in
/// [`Role::ALL`]'s order, then the custom roles `I` yields, in its order.
/// It writes borrowed: `I` is walked (cloned) when it is written.
///
/// ```
/// use orgmodel::*;
///
/// let on_call = CustomRole::new("r-1".parse()?, Name::new("On-call")?, "")?;
/// let json = serde_json::to_value(AvailableRoles(&[on_call]))?;
/// let names: Vec<&str> = json["results"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
/// assert_eq!(names, ["Owner", "Admin", "DevOps", "Developer", "Viewer", "Billing Manager", "On-call"]);
/// assert_eq!(json["results"][5]["id"], Role::BillingManager.id());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct AvailableRoles<I>(pub I);

impl<'a, I> Serialize for AvailableRoles<I>
where
    I: IntoIterator<Item = &'a CustomRole> + Clone,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("OrganizationAvailableRoleList", 1)?;
        out.serialize_field("results", &Results(self.0.clone()))?;
        out.end()
    }
}

/// The list itself.
struct Results<I>(I);

impl<'a, I> Serialize for Results<I>
where
    I: IntoIterator<Item = &'a CustomRole> + Clone,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let built_in = Role::ALL.into_iter().map(|role| Entry {
            id: role.id(),
            name: EntryName::BuiltIn(role),
        });
        let custom = self.0.clone().into_iter().map(|role| Entry {
            id: role.id().as_str(),
            name: EntryName::Custom(role.name()),
        });
        serializer.collect_seq(built_in.chain(custom))
    }
}

impl Serialize for AvailableRole {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let entry = match self {
            AvailableRole::BuiltIn(role) => Entry {
                id: role.id(),
                name: EntryName::BuiltIn(*role),
            },
            AvailableRole::Custom { id, name } => Entry {
                id: id.as_str(),
                name: EntryName::Custom(name),
            },
        };
        entry.serialize(serializer)
    }
}

/// One role of the list, borrowed.
struct Entry<'a> {
    id: &'a str,
    name: EntryName<'a>,
}

/// A built-in role's name (`Billing Manager`), or a custom role's.
enum EntryName<'a> {
    BuiltIn(Role),
    Custom(&'a Name),
}

impl Serialize for Entry<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("OrganizationAvailableRole", 2)?;
        out.serialize_field("id", self.id)?;
        match self.name {
            EntryName::BuiltIn(role) => out.serialize_field("name", &format_args!("{role}"))?,
            EntryName::Custom(name) => out.serialize_field("name", name)?,
        }
        out.end()
    }
}

/// `OrganizationAvailableRole`, borrowed where the input allows.
#[derive(Deserialize)]
struct AvailableWire<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    name: Cow<'a, str>,
}

impl<'de> Deserialize<'de> for AvailableRole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, AvailableWire::deserialize)?;
        let by_name = wire.name.parse::<Role>().ok();
        let by_id = Role::from_id(&wire.id);
        match (by_name, by_id) {
            (Some(named), Some(known)) if named != known => Err(refused(
                "an available role's `id` and `name` name different built-in roles",
            )),
            (Some(role), _) | (None, Some(role)) => Ok(AvailableRole::BuiltIn(role)),
            (None, None) => {
                let id = CustomRoleId::new(wire.id)
                    .map_err(|error| refused(format_args!("`id`: {error}")))?;
                let name = Name::new(wire.name)
                    .map_err(|error| refused(format_args!("`name`: {error}")))?;
                Ok(AvailableRole::Custom { id, name })
            }
        }
    }
}
