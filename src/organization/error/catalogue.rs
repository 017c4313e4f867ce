//! One of each variant of each error type, for the tests beside it
//! (`tests.rs` proves the list complete, checks kinds and categories, and
//! snapshots the JSON form).

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

use crate::limits::Limit;
use crate::*;

fn uid(s: &str) -> UserId {
    UserId::new(s).unwrap()
}

/// One of each variant of each error type, nested ones included.
pub(super) fn every_error() -> Vec<Error> {
    let (user, cluster, project) = (
        uid("u"),
        ClusterId::new("c").unwrap(),
        ProjectId::new("p").unwrap(),
    );
    let (rule, env) = (RuleId::new("r").unwrap(), EnvironmentId::new("e").unwrap());
    let email = Email::new("a@b.io").unwrap();
    let token = ApiTokenId::new("t").unwrap();
    let now = Timestamp::from_unix_seconds(1_700_000_000);
    let denial = Role::Viewer
        .decide(Permission::EDIT_PROJECT)
        .into_result()
        .unwrap_err();
    let values = [
        InvalidValue::EmptyId { what: "user id" },
        InvalidValue::TooLong {
            what: "name",
            limit: Limit::Name,
            size: 256,
        },
        InvalidValue::BlankName {
            value: r#"" ""#.into(),
        },
        InvalidValue::ControlCharacter {
            what: "name",
            character: '\0',
        },
        InvalidValue::Email {
            value: r#""x""#.into(),
            reason: "has no `@`",
        },
    ];
    let access = [
        AccessError::NotAMember { user: user.clone() },
        AccessError::Denied {
            actor: Principal::User(user.clone()),
            denial,
        },
        AccessError::NotTheOwner { user: user.clone() },
        AccessError::NoValidToken {
            token: token.clone(),
        },
        AccessError::Denied {
            actor: Principal::ApiToken(token.clone()),
            denial,
        },
        AccessError::NotAUser {
            token: token.clone(),
        },
    ];
    let placement = [
        PlacementError::InvalidName {
            problem: values[2].clone(),
        },
        PlacementError::PreviewReserved {
            mode: Mode::Preview,
        },
        PlacementError::UnknownCluster {
            cluster: cluster.clone(),
        },
        PlacementError::RuleTargetsUnknownCluster {
            rule: rule.clone(),
            cluster: cluster.clone(),
        },
        PlacementError::NoCluster { name: "x".into() },
    ];
    let problems = vec![
        Problem::NotExactlyOneOwner,
        Problem::Duplicate,
        Problem::OwnerInvitation,
        Problem::OwnerToken,
        Problem::AlreadyAMember,
        Problem::UnknownCluster,
        Problem::UnknownProject,
        Problem::UnknownRole,
        Problem::PlanForbidsCloudAccounts,
        Problem::BuiltInRoleName,
        Problem::TooMany {
            limit: Limit::Weekdays,
            size: 8,
        },
        Problem::Value(values[1].clone()),
    ];
    let mut errors: Vec<Error> = Vec::new();
    errors.extend(values.iter().cloned().map(Error::from));
    errors.extend(problems.into_iter().map(|problem| {
        Error::from(ValidationError {
            field: "members[3].email".into(),
            value: "v".into(),
            problem,
        })
    }));
    errors.extend(placement.iter().cloned().map(Error::from));
    errors.extend(access.iter().cloned().map(Error::from));
    errors.extend(
        [
            SettingsError::Access(access[0].clone()),
            SettingsError::Invalid(values[1].clone()),
            SettingsError::ConfirmationMismatch {
                expected: Name::new("Acme").unwrap(),
            },
            SettingsError::PlanForbidsCloudAccounts {
                plan: Plan::Community,
                accounts: 1,
            },
        ]
        .map(Error::from),
    );
    errors.extend(
        [
            MemberError::Access(access[1].clone()),
            MemberError::NoSuchMember { user: user.clone() },
            MemberError::NoSuchInvitation {
                email: email.clone(),
            },
            MemberError::NoSuchRole {
                role: CustomRoleId::new("r").unwrap(),
            },
            MemberError::OwnerOnlyByTransfer,
            MemberError::ExpiryNotAfterNow {
                expires_at: now,
                now,
            },
            MemberError::OwnerIsFixed { user: user.clone() },
            MemberError::OwnerCannotLeave { user: user.clone() },
            MemberError::AlreadyAMember {
                email: email.clone(),
            },
            MemberError::UserAlreadyAMember { user: user.clone() },
            MemberError::AlreadyInvited {
                email: email.clone(),
            },
            MemberError::InvitationExpired {
                email,
                expired_at: now,
            },
            MemberError::LimitReached {
                limit: Limit::Invitations,
                size: limits::INVITATIONS + 1,
            },
        ]
        .map(Error::from),
    );
    let account = CloudAccountId::new("a").unwrap();
    errors.extend(
        [
            ClusterError::Access(access[2].clone()),
            ClusterError::NoSuchCloudAccount {
                account: account.clone(),
            },
            ClusterError::NoSuchCluster {
                cluster: cluster.clone(),
            },
            ClusterError::Invalid(values[3].clone()),
            ClusterError::PlanForbidsCloudAccounts {
                plan: Plan::Community,
            },
            ClusterError::CloudAccountExists { account },
            ClusterError::ClusterExists {
                cluster: cluster.clone(),
            },
            ClusterError::ClusterNameTaken {
                name: Name::new("main").unwrap(),
                cluster: cluster.clone(),
            },
            ClusterError::ClusterInUse {
                cluster: cluster.clone(),
                environments: vec![env.clone()],
                environment_count: 1,
                rules: vec![rule.clone()],
                rule_count: 1,
            },
            ClusterError::LimitReached {
                limit: Limit::Clusters,
                size: limits::CLUSTERS + 1,
            },
        ]
        .map(Error::from),
    );
    errors.extend(
        [
            ProjectError::Access(access[0].clone()),
            ProjectError::NoSuchProject {
                project: project.clone(),
            },
            ProjectError::NoSuchEnvironment {
                project: project.clone(),
                environment: env.clone(),
            },
            ProjectError::NoSuchRule {
                project: project.clone(),
                rule: rule.clone(),
            },
            ProjectError::Placement(placement[3].clone()),
            ProjectError::Invalid(values[1].clone()),
            ProjectError::NotAPermutation { expected: 2 },
            ProjectError::RuleTargetsUnknownCluster {
                rule: rule.clone(),
                cluster,
            },
            ProjectError::ProjectExists {
                project: project.clone(),
            },
            ProjectError::ProjectNameTaken {
                name: Name::new("shop").unwrap(),
                project: ProjectId::new("hidden-project").unwrap(),
            },
            ProjectError::EnvironmentExists {
                environment: env.clone(),
            },
            ProjectError::EnvironmentNameTaken {
                project,
                name: Name::new("qa").unwrap(),
                environment: EnvironmentId::new("hidden-environment").unwrap(),
            },
            ProjectError::RuleExists { rule },
            ProjectError::LimitReached {
                limit: Limit::RuleWildcards,
                size: limits::RULE_WILDCARDS + 3,
            },
        ]
        .map(Error::from),
    );
    let role = CustomRoleId::new("r").unwrap();
    errors.extend(
        [
            CustomRoleError::Access(access[1].clone()),
            CustomRoleError::NoSuchRole { role: role.clone() },
            CustomRoleError::Invalid(ValidationError {
                field: "name".into(),
                value: "viewer".into(),
                problem: Problem::BuiltInRoleName,
            }),
            CustomRoleError::RoleExists { role: role.clone() },
            CustomRoleError::RoleNameTaken {
                name: Name::new("On-call").unwrap(),
            },
            CustomRoleError::RoleInUse { role, holders: 3 },
            CustomRoleError::LimitReached {
                limit: Limit::CustomRoles,
                size: limits::CUSTOM_ROLES + 1,
            },
        ]
        .map(Error::from),
    );
    let token = ApiTokenId::new("t").unwrap();
    errors.extend(
        [
            ApiTokenError::Access(access[1].clone()),
            ApiTokenError::NoSuchToken {
                token: token.clone(),
            },
            ApiTokenError::NoSuchRole {
                role: CustomRoleId::new("r").unwrap(),
            },
            ApiTokenError::Invalid(ValidationError {
                field: "role_id".into(),
                value: Role::Owner.id().into(),
                problem: Problem::OwnerToken,
            }),
            ApiTokenError::ExpiryNotAfterNow {
                expires_at: now,
                now,
            },
            ApiTokenError::TokenExists { token },
            ApiTokenError::LimitReached {
                limit: Limit::ApiTokens,
                size: limits::API_TOKENS + 1,
            },
        ]
        .map(Error::from),
    );
    errors.push(
        SwitchError::NotAMember {
            user: user.clone(),
            organization: OrganizationId::new("o").unwrap(),
        }
        .into(),
    );
    errors.push(
        StaleRevision {
            expected: 1,
            actual: 2,
        }
        .into(),
    );
    errors.extend(
        [
            ApplyError::OutOfOrder { current: 1, got: 3 },
            ApplyError::NotACreation {
                revision: 2,
                event: "CREATED",
            },
            ApplyError::Refused {
                revision: 2,
                event: "MEMBER_REMOVED",
                error: Box::new(MemberError::NoSuchMember { user }.into()),
            },
            ApplyError::NoChange {
                revision: 2,
                event: "CLUSTER_STOPPED",
            },
            ApplyError::Diverged {
                revision: 2,
                event: "ENVIRONMENT_CREATED",
            },
        ]
        .map(Error::from),
    );
    errors
}
