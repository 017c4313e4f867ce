//! Members and invitations on the wire: the API's deprecated `role` (the
//! source document's four roles), `role_id` and `role_name`; and a role
//! reference alone, as commands and events carry it.

use alloc::borrow::Cow;

use serde::de::{Deserializer, Error as _};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::bounded::refused;
use super::guard;
use crate::id::{CustomRoleId, UserId};
use crate::member::{Invitation, Member};
use crate::organization::MemberRoleUpdateRequest;
use crate::role::{Role, RoleRef};
use crate::text::{Email, excerpt};
use crate::time::Timestamp;

/// The role fields of a member, an invitation or an API token as the API
/// writes them (the same three in all; not flattened, which would buffer
/// each one), and `reference`, the role they name together.
macro_rules! role_wire {
    ($(#[$meta:meta])* struct $name:ident { $($(#[$field_meta:meta])* $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Deserialize)]
        struct $name<'a> {
            $($(#[$field_meta])* $field: $ty,)*
            #[serde(default)]
            role: Option<Role>,
            // Borrowed where the input allows: most name a built-in role.
            #[serde(default, borrow)]
            role_id: Option<Cow<'a, str>>,
            #[serde(default, borrow)]
            role_name: Option<Cow<'a, str>>,
        }
        impl $name<'_> {
            fn reference(&self) -> Result<RoleRef, &'static str> {
                $crate::external::serde::members::reference(
                    self.role,
                    self.role_id.as_deref(),
                    self.role_name.as_deref(),
                )
            }
        }
    };
}

pub(super) use role_wire;

role_wire! {
    /// A member as the API writes it.
    struct MemberWire { id: UserId, email: Email, }
}

role_wire! {
    /// An invitation as the crate writes it (the API's `InviteMember`
    /// with an expiry).
    struct InvitationWire { email: Email, expires_at: Timestamp, }
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, MemberWire::deserialize)?;
        let role = wire.reference().map_err(|problem| {
            refused(format_args!(
                "member {}: {problem}",
                excerpt(wire.id.as_str())
            ))
        })?;
        Ok(Member {
            id: wire.id,
            email: wire.email,
            role,
        })
    }
}

impl<'de> Deserialize<'de> for Invitation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, InvitationWire::deserialize)?;
        let role = wire.reference().map_err(|problem| {
            refused(format_args!(
                "invitation to {}: {problem}",
                excerpt(wire.email.as_str())
            ))
        })?;
        Ok(Invitation {
            email: wire.email,
            role,
            expires_at: wire.expires_at,
        })
    }
}

/// The role that `role`, `role_id` and `role_name` name together. A
/// built-in role is known by its name (`role_name`, `role`, or a
/// `role_id` that is a built-in name or the crate's fixed UUID),
/// whatever other id the platform gave it; references that disagree
/// are refused. Otherwise `role_id` is a custom role's id, which the
/// organization must define. None of them is echoed: they are unbounded.
pub(super) fn reference(
    role: Option<Role>,
    role_id: Option<&str>,
    role_name: Option<&str>,
) -> Result<RoleRef, &'static str> {
    let by_name = role_name.and_then(|name| name.parse::<Role>().ok());
    let by_id = role_id.and_then(Role::from_id);
    let mut named = [role, by_name, by_id].into_iter().flatten();
    if let Some(first) = named.next() {
        if named.any(|other| other != first) {
            return Err("its `role`, `role_id` and `role_name` name different roles");
        }
        return Ok(RoleRef::BuiltIn(first));
    }
    let Some(id) = role_id else {
        return Err("it has no `role`, `role_id` or `role_name` naming a role");
    };
    id.parse::<CustomRoleId>()
        .map(RoleRef::Custom)
        .map_err(|_| "its `role_id` is not a valid custom role id")
}

/// Writes `role` (only for the four roles the API's deprecated enum lists),
/// `role_id` and, when known, `role_name` (a custom role's name is the
/// organization's: see [`MemberWithName`]).
fn write_role<S: SerializeStruct>(
    out: &mut S,
    role: &RoleRef,
    custom_name: Option<&str>,
) -> Result<(), S::Error> {
    match role {
        RoleRef::BuiltIn(role) if Role::SOURCE.contains(role) => {
            out.serialize_field("role", role)?;
        }
        _ => out.skip_field("role")?,
    }
    write_reference(out, role, custom_name)
}

/// Writes `role_id` (a built-in role's fixed UUID, or the custom role's
/// id) and `role_name` (a built-in role's name; a custom role's when it is
/// known).
pub(super) fn write_reference<S: SerializeStruct>(
    out: &mut S,
    role: &RoleRef,
    custom_name: Option<&str>,
) -> Result<(), S::Error> {
    match role {
        RoleRef::BuiltIn(role) => {
            out.serialize_field("role_id", role.id())?;
            out.serialize_field("role_name", &format_args!("{role}"))
        }
        RoleRef::Custom(id) => {
            out.serialize_field("role_id", id)?;
            match custom_name {
                Some(name) => out.serialize_field("role_name", name),
                None => out.skip_field("role_name"),
            }
        }
    }
}

/// A member as the API's `Member` schema has it: `role` only for the four
/// roles its deprecated enum lists; a custom role by its id (its name is
/// written in an organization document, which defines it).
impl Serialize for Member {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        MemberWithName(self, None).serialize(serializer)
    }
}

/// A member with its custom role's name, as an organization writes it.
pub(super) struct MemberWithName<'a>(pub(super) &'a Member, pub(super) Option<&'a str>);

impl Serialize for MemberWithName<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let MemberWithName(member, name) = self;
        let mut out = serializer.serialize_struct("Member", 5)?;
        out.serialize_field("id", &member.id)?;
        out.serialize_field("email", &member.email)?;
        write_role(&mut out, &member.role, *name)?;
        out.end()
    }
}

impl Serialize for Invitation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Invitation", 5)?;
        out.serialize_field("email", &self.email)?;
        write_role(&mut out, &self.role, None)?;
        out.serialize_field("expires_at", &self.expires_at)?;
        out.end()
    }
}

/// A role reference alone, as commands and events carry it: a built-in
/// role's API name (`ADMIN`, `DEVOPS`, `BILLING`) or a custom role's id.
impl Serialize for RoleRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RoleRef::BuiltIn(role) => role.serialize(serializer),
            RoleRef::Custom(id) => id.serialize(serializer),
        }
    }
}

/// Reads a built-in role's name or fixed id (as [`Role::from_id`] does),
/// else a custom role's id.
impl<'de> Deserialize<'de> for RoleRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = guard::read(deserializer, <Cow<'de, str>>::deserialize)?;
        if let Some(role) = Role::from_id(&text) {
            return Ok(RoleRef::BuiltIn(role));
        }
        text.parse::<CustomRoleId>()
            .map(RoleRef::Custom)
            .map_err(|error| D::Error::custom(format_args!("a role reference: {error}")))
    }
}

/// `MemberRoleUpdateRequest`: `user_id` and `role_id`.
#[derive(Deserialize)]
struct RoleUpdateWire {
    user_id: UserId,
    role_id: RoleRef,
}

impl<'de> Deserialize<'de> for MemberRoleUpdateRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, RoleUpdateWire::deserialize)?;
        Ok(MemberRoleUpdateRequest {
            member: wire.user_id,
            role: wire.role_id,
        })
    }
}

impl Serialize for MemberRoleUpdateRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("MemberRoleUpdateRequest", 2)?;
        out.serialize_field("user_id", &self.member)?;
        match &self.role {
            RoleRef::BuiltIn(role) => out.serialize_field("role_id", role.id())?,
            RoleRef::Custom(id) => out.serialize_field("role_id", id)?,
        }
        out.end()
    }
}
