//! Members on the wire: the API's deprecated `role` (the source document's
//! four roles), `role_id` and `role_name`.

use alloc::borrow::Cow;

use serde::de::Deserializer;
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::bounded::refused;
use super::guard;
use crate::id::UserId;
use crate::member::Member;
use crate::role::Role;
use crate::text::{Email, excerpt};

/// A member as the API writes it: the deprecated `role` (the source's four
/// roles), and `role_id` and `role_name`.
#[derive(Deserialize)]
struct MemberWire<'a> {
    id: UserId,
    email: Email,
    #[serde(default)]
    role: Option<Role>,
    // Borrowed where the input allows: most members name a built-in role.
    #[serde(default, borrow)]
    role_id: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    role_name: Option<Cow<'a, str>>,
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, MemberWire::deserialize)?;
        let role = built_in_role(
            wire.role,
            wire.role_id.as_deref(),
            wire.role_name.as_deref(),
        )
        .map_err(|problem| {
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

/// The built-in role that a member's (or invitation's) `role`, `role_id`
/// and `role_name` name together. A built-in role is known by its name
/// (`role_name`, `role`, or a `role_id` that is a built-in name or the
/// crate's fixed UUID), whatever other id the platform gave it; references
/// that disagree are refused. None of them is echoed: they are unbounded.
fn built_in_role(
    role: Option<Role>,
    role_id: Option<&str>,
    role_name: Option<&str>,
) -> Result<Role, &'static str> {
    let by_name = role_name.and_then(|name| name.parse::<Role>().ok());
    let by_id = role_id.and_then(Role::from_id);
    let mut named = [role, by_name, by_id].into_iter().flatten();
    let Some(first) = named.next() else {
        return Err(if role_id.is_some() {
            "its `role_id` names a custom role, and custom roles are not modeled yet"
        } else {
            "it has no `role`, `role_id` or `role_name` naming a built-in role"
        });
    };
    if named.any(|other| other != first) {
        return Err("its `role`, `role_id` and `role_name` name different roles");
    }
    Ok(first)
}

/// A member as the API's `Member` schema has it: `role` only for the four
/// roles its deprecated enum lists.
impl Serialize for Member {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let source = Role::SOURCE.contains(&self.role);
        let mut out = serializer.serialize_struct("Member", 4 + usize::from(source))?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("email", &self.email)?;
        if source {
            out.serialize_field("role", &self.role)?;
        } else {
            out.skip_field("role")?;
        }
        out.serialize_field("role_id", self.role.id())?;
        out.serialize_field("role_name", &format_args!("{}", self.role))?;
        out.end()
    }
}
