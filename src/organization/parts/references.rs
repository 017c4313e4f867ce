//! The custom roles of an organization's parts, and the references to
//! them (members', invitations' and API tokens'): checked once everything
//! else is.

use alloc::format;
use alloc::string::String;

use super::shown;
use crate::cluster::Cluster;
use crate::id::CustomRoleId;
use crate::limits;
use crate::member::{ApiToken, Invitation, Member};
use crate::organization::roles::Known;
use crate::project::Project;
use crate::role::{CustomRole, Role, RoleRef};
use crate::text::check_text;
use crate::validation::{Problem, ValidationError, unique};

/// Checks the custom roles' count, that their ids and names are distinct
/// (names case-insensitively) and that they list only the organization's
/// clusters and projects, in the document's order; then sorts them by id.
pub(super) fn check_custom_roles(
    roles: &mut [CustomRole],
    clusters: &[Cluster],
    projects: &[Project],
) -> Result<(), ValidationError> {
    ValidationError::check_count("custom_roles", roles.len(), limits::Limit::CustomRoles)?;
    unique(
        roles.iter().map(CustomRole::id),
        |i| format!("custom_roles[{i}].id"),
        |i| shown(roles, i, |role| role.id().as_str()),
    )?;
    unique(
        roles.iter().map(|role| role.name().folded()),
        |i| format!("custom_roles[{i}].name"),
        |i| shown(roles, i, |role| role.name().as_str()),
    )?;
    for (i, role) in roles.iter().enumerate() {
        if Role::from_id(role.id().as_str()).is_some() {
            return Err(ValidationError::new(
                format!("custom_roles[{i}].id"),
                role.id().as_str(),
                Problem::BuiltInRoleName,
            ));
        }
    }
    let known = Known::new(clusters, projects);
    for (i, role) in roles.iter().enumerate() {
        known.check(role).map_err(|mut error| {
            error.field = format!("custom_roles[{i}].{}", error.field);
            error
        })?;
    }
    roles.sort_unstable_by(|a, b| a.id().cmp(b.id()));
    Ok(())
}

/// Checks that every member and invitation holds a role the organization
/// defines (`roles` sorted by id).
pub(super) fn check_role_references(
    roles: &[CustomRole],
    members: &[Member],
    invitations: &[Invitation],
) -> Result<(), ValidationError> {
    let dangling = |role: &RoleRef| {
        role.custom()
            .is_some_and(|id| roles.binary_search_by(|r| r.id().cmp(id)).is_err())
    };
    let unknown = |field: String, role: &RoleRef| {
        ValidationError::new(
            field,
            role.custom().map(CustomRoleId::as_str).unwrap_or_default(),
            Problem::UnknownRole,
        )
    };
    if let Some((i, member)) = members.iter().enumerate().find(|(_, m)| dangling(&m.role)) {
        return Err(unknown(format!("members[{i}].role_id"), &member.role));
    }
    match invitations
        .iter()
        .enumerate()
        .find(|(_, inv)| dangling(&inv.role))
    {
        Some((i, invitation)) => Err(unknown(
            format!("invitations[{i}].role_id"),
            &invitation.role,
        )),
        None => Ok(()),
    }
}

/// Checks the API tokens' count, that their ids are distinct, and that each
/// holds a role the organization defines (`roles` sorted by id) but Owner,
/// with a description within its limit, in the document's order; then sorts
/// them by id.
pub(super) fn check_tokens(
    tokens: &mut [ApiToken],
    roles: &[CustomRole],
) -> Result<(), ValidationError> {
    ValidationError::check_count("tokens", tokens.len(), limits::Limit::ApiTokens)?;
    unique(
        tokens.iter().map(|token| &token.id),
        |i| format!("tokens[{i}].id"),
        |i| shown(tokens, i, |token| token.id.as_str()),
    )?;
    for (i, token) in tokens.iter().enumerate() {
        if token.role.is_owner() {
            return Err(ValidationError::new(
                format!("tokens[{i}].role_id"),
                Role::Owner.id(),
                Problem::OwnerToken,
            ));
        }
        if let Some(id) = token.role.custom() {
            if roles.binary_search_by(|r| r.id().cmp(id)).is_err() {
                return Err(ValidationError::new(
                    format!("tokens[{i}].role_id"),
                    id.as_str(),
                    Problem::UnknownRole,
                ));
            }
        }
        check_text("description", &token.description).map_err(|problem| {
            ValidationError::new(
                format!("tokens[{i}].description"),
                "",
                Problem::Value(problem),
            )
        })?;
    }
    tokens.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    Ok(())
}
