//! What the sync tests share: a scripted log, and a relationship read back
//! from SpiceDB's v1 JSON.

use orgmodel::*;
use serde_json::Value;

/// When the logs start: 2026-01-01T00:00:00Z.
pub(crate) const T0: u64 = 1_767_225_600;

pub(crate) fn id<T: std::str::FromStr<Err: std::fmt::Debug>>(text: &str) -> T {
    text.parse().unwrap()
}

pub(crate) fn name(text: &str) -> Name {
    Name::new(text).unwrap()
}

/// A log that meets every kind of update: members who join, change role
/// (to a custom one too), leave and are removed, ownership transferred,
/// clusters, projects and environments (production, staging,
/// development) added and deleted (a project with its environments, a
/// cluster a custom role lists), a custom role defined and redefined,
/// tokens of built-in and custom roles (one expiring before the last
/// event), one deleted. Every id but the users' starts with `prefix`, so
/// that organizations share no object.
pub(crate) fn log(organization: &str, prefix: &str) -> Vec<Recorded> {
    let p = |text: &str| format!("{prefix}{text}");
    let (ada, ben, cleo, dan): (UserId, UserId, UserId, UserId) =
        (id("u-ada"), id("u-ben"), id("u-cleo"), id("u-dan"));
    let at = |minute: u64| Timestamp::from_unix_seconds(T0 + 60 * minute);
    let (mut org, created) = Organization::create(
        id(organization),
        name("Acme"),
        Plan::Business,
        ada.clone(),
        Email::new("ada@acme.dev").unwrap(),
        at(0),
    );
    let mut log = vec![created];
    let mut minute = 0;
    let mut run = |org: &mut Organization, actor: &UserId, command: Command| {
        minute += 1;
        let recorded = org.execute(actor, at(minute), None, command);
        log.extend(recorded.unwrap_or_else(|e| panic!("step {minute}: {e}")));
    };
    for (user, role) in [
        (&ben, Role::Admin),
        (&cleo, Role::Developer),
        (&dan, Role::Viewer),
    ] {
        let email = Email::new(format!("{user}@acme.dev")).unwrap();
        let invite = Command::Invite {
            email: email.clone(),
            role: role.into(),
            expires_at: at(1_000),
        };
        run(&mut org, &ada, invite);
        run(&mut org, user, Command::AcceptInvitation { email });
    }
    for cluster in ["c-main", "c-edge"] {
        let cluster = Cluster::new(
            id(&p(cluster)),
            name(cluster),
            CloudProvider::Aws,
            "eu-west-3",
        );
        run(&mut org, &ada, Command::AddCluster { cluster });
    }
    for project in ["p-shop", "p-blog"] {
        run(
            &mut org,
            &ada,
            Command::AddProject {
                project: id(&p(project)),
                name: name(project),
            },
        );
    }
    for (project, environment, mode) in [
        ("p-shop", "e-prod", Mode::Production),
        ("p-shop", "e-stage", Mode::Staging),
        ("p-blog", "e-dev", Mode::Development),
    ] {
        let request = CreateEnvironmentRequest::new(environment).with_mode(mode);
        let (project, environment) = (id(&p(project)), id(&p(environment)));
        run(
            &mut org,
            &ada,
            Command::CreateEnvironment {
                project,
                environment,
                request,
            },
        );
    }
    let role: CustomRoleId = id(&p("k-deployers"));
    let create = Command::CreateCustomRole {
        role: role.clone(),
        name: name("Deployers"),
        description: String::new(),
    };
    run(&mut org, &ada, create);
    let define = |edge: bool, org: &Organization| {
        let mut clusters = vec![(id(&p("c-main")), ClusterLevel::EnvCreator)];
        if edge {
            clusters.push((id(&p("c-edge")), ClusterLevel::Admin));
        }
        let levels = [
            (Mode::Production, ProjectLevel::Deployer),
            (Mode::Staging, ProjectLevel::Manager),
            (Mode::Development, ProjectLevel::Viewer),
            (Mode::Preview, ProjectLevel::NoAccess),
        ];
        let projects = [
            (id(&p("p-shop")), ProjectAccess::new(false, levels)),
            (id(&p("p-blog")), ProjectAccess::new(true, [])),
        ];
        let current = org.custom_role(&role).unwrap().clone();
        Command::UpdateCustomRole {
            role: current.define(clusters, projects).unwrap(),
        }
    };
    let command = define(true, &org);
    run(&mut org, &ada, command);
    let custom = RoleRef::Custom(role.clone());
    run(
        &mut org,
        &ada,
        Command::ChangeRole {
            member: dan.clone(),
            role: custom.clone(),
        },
    );
    for (token, role, expires_at) in [
        ("t-ci", RoleRef::from(Role::Developer), None),
        ("t-short", Role::Viewer.into(), Some(at(25))),
        ("t-deploy", custom.clone(), Some(at(100_000))),
        ("t-gone", Role::Admin.into(), None),
    ] {
        let command = Command::CreateApiToken {
            token: id(&p(token)),
            name: name(token),
            description: String::new(),
            role,
            expires_at,
        };
        run(&mut org, &ada, command);
    }
    run(
        &mut org,
        &ada,
        Command::DeleteApiToken {
            token: id(&p("t-gone")),
        },
    );
    run(
        &mut org,
        &ada,
        Command::ChangeRole {
            member: cleo.clone(),
            role: Role::DevOps.into(),
        },
    );
    let command = define(false, &org);
    run(&mut org, &ada, command);
    run(
        &mut org,
        &ada,
        Command::DeleteEnvironment {
            project: id(&p("p-shop")),
            environment: id(&p("e-stage")),
        },
    );
    run(
        &mut org,
        &ada,
        Command::DeleteProject {
            project: id(&p("p-blog")),
        },
    );
    run(
        &mut org,
        &ada,
        Command::DeleteCluster {
            cluster: id(&p("c-edge")),
        },
    );
    run(
        &mut org,
        &ada,
        Command::Rename {
            name: name("Acme again"),
        },
    );
    run(&mut org, &ada, Command::RemoveMember { member: cleo });
    run(
        &mut org,
        &ada,
        Command::TransferOwnership { to: ben.clone() },
    );
    run(&mut org, &ada, Command::Leave);
    log
}

/// A relationship in SpiceDB's text syntax, from its v1 JSON: the inverse
/// of the example's `relationship`.
pub(crate) fn text(relationship: &Value) -> String {
    let object = |o: &Value| {
        format!(
            "{}:{}",
            o["objectType"].as_str().unwrap(),
            o["objectId"].as_str().unwrap()
        )
    };
    let subject = &relationship["subject"];
    let mut out = format!(
        "{}#{}@{}",
        object(&relationship["resource"]),
        relationship["relation"].as_str().unwrap(),
        object(&subject["object"])
    );
    if let Some(relation) = subject.get("optionalRelation") {
        out.push_str(&format!("#{}", relation.as_str().unwrap()));
    }
    if let Some(caveat) = relationship.get("optionalCaveat") {
        out.push_str(&format!("[{}", caveat["caveatName"].as_str().unwrap()));
        if let Some(context) = caveat.get("context") {
            out.push_str(&format!(":{context}"));
        }
        out.push(']');
    }
    out
}
