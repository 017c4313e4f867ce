//! A service that embeds `orgmodel`: organizations held in memory behind an
//! `RwLock`, a stream of requests from several users, each checked (reads
//! share the lock) or carried out (commands take it exclusively), and every
//! decision printed as an audit line.
//!
//! ```sh
//! cargo run --example embed_in_service
//! ```
//!
//! A real service would load organizations from storage, take requests from
//! HTTP, and write the audit lines to a log; the model is the same.

use std::collections::BTreeMap;
use std::sync::RwLock;
use std::thread;

use orgmodel::{
    Action, CloudProvider, Cluster, CreateEnvironmentRequest, DeploymentRule, Email, EnvironmentId,
    Mode, Name, Organization, OrganizationId, Plan, ProjectId, Resource, Role, Timestamp, UserId,
};

/// What a client asks the service.
#[derive(Debug)]
enum Request {
    /// May the user do this action on this resource?
    Check {
        user: &'static str,
        action: Action,
        environment: Option<&'static str>,
    },
    /// Create an environment in the shop project.
    CreateEnvironment {
        user: &'static str,
        id: &'static str,
        name: &'static str,
        mode: Option<Mode>,
    },
}

/// The service's state: every organization, by id.
struct Service {
    organizations: RwLock<BTreeMap<OrganizationId, Organization>>,
}

impl Service {
    /// Answers one request for one organization, as an audit line.
    fn handle(&self, org: &OrganizationId, request: &Request) -> String {
        let project = id::<ProjectId>("p-shop");
        match *request {
            Request::Check {
                user,
                action,
                environment,
            } => {
                let organizations = self
                    .organizations
                    .read()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let Some(organization) = organizations.get(org) else {
                    return format!("{user}: unknown organization {org}");
                };
                let environment = environment.map(id::<EnvironmentId>);
                let resource = match &environment {
                    Some(environment) => Resource::Environment {
                        project: &project,
                        environment,
                    },
                    None => Resource::Project(&project),
                };
                let decision = organization.check(&id(user), action, resource);
                let audit = serde_json::to_string(&decision).unwrap_or_default();
                format!("check  {user:5} {action:28} -> {audit}")
            }
            Request::CreateEnvironment {
                user,
                id: env,
                name,
                mode,
            } => {
                let mut organizations = self
                    .organizations
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let Some(organization) = organizations.get_mut(org) else {
                    return format!("{user}: unknown organization {org}");
                };
                let mut request = CreateEnvironmentRequest::new(name);
                request.mode = mode;
                match organization.create_environment(&id(user), &project, id(env), &request) {
                    Ok(created) => format!(
                        "create {user:5} {name:28} -> on {} in {} mode",
                        created.cluster_id, created.mode
                    ),
                    Err(error) => format!(
                        "create {user:5} {name:28} -> refused ({} {}): {error}",
                        error.category().http_status(),
                        error.kind()
                    ),
                }
            }
        }
    }
}

/// Parses an id the example wrote itself.
fn id<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().expect("the example's ids are valid")
}

fn acme() -> Result<Organization, Box<dyn std::error::Error>> {
    let ada: UserId = id("ada");
    let mut org = Organization::new(
        id("acme"),
        Name::new("Acme")?,
        Plan::Business,
        ada.clone(),
        Email::new("ada@acme.dev")?,
    );
    let now = Timestamp::from_unix_seconds(1_767_225_600);
    for (user, role) in [
        ("ben", Role::Admin),
        ("cleo", Role::Developer),
        ("dan", Role::Viewer),
    ] {
        let email = Email::new(format!("{user}@acme.dev"))?;
        org.invite(&ada, email.clone(), role, now, now.plus_seconds(3600))?;
        org.accept_invitation(id(user), &email, now)?;
    }
    org.add_cluster(
        &ada,
        Cluster::new(
            id("c-main"),
            Name::new("main")?,
            CloudProvider::Gcp,
            "europe-west1",
        ),
    )?;
    org.add_cluster(
        &ada,
        Cluster::new(
            id("c-prod"),
            Name::new("prod")?,
            CloudProvider::Gcp,
            "europe-west4",
        ),
    )?;
    org.add_project(&ada, id("p-shop"), Name::new("shop")?)?;
    org.add_rule(
        &ada,
        &id("p-shop"),
        DeploymentRule::new(
            id("r-prod"),
            Name::new("production")?,
            "prod*".parse()?,
            Mode::Production,
            id("c-prod"),
            0,
        ),
    )?;
    org.add_rule(
        &ada,
        &id("p-shop"),
        DeploymentRule::new(
            id("r-pr"),
            Name::new("previews")?,
            "pr-*".parse()?,
            Mode::Preview,
            id("c-main"),
            1,
        ),
    )?;
    Ok(org)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let org = acme()?;
    let org_id = org.id().clone();
    let service = Service {
        organizations: RwLock::new(BTreeMap::from([(org_id.clone(), org)])),
    };

    // Setup first, in order; then the clients' requests from several threads.
    for request in [
        Request::CreateEnvironment {
            user: "ben",
            id: "e-prod",
            name: "prod-eu",
            mode: None,
        },
        Request::CreateEnvironment {
            user: "cleo",
            id: "e-pr",
            name: "pr-101",
            mode: None,
        },
    ] {
        println!("{}", service.handle(&org_id, &request));
    }
    let clients: [(&str, Vec<Request>); 3] = [
        (
            "cleo",
            vec![
                Request::Check {
                    user: "cleo",
                    action: Action::EditApplication,
                    environment: Some("e-pr"),
                },
                Request::Check {
                    user: "cleo",
                    action: Action::EditApplication,
                    environment: Some("e-prod"),
                },
                Request::CreateEnvironment {
                    user: "cleo",
                    id: "e-x",
                    name: "prod-us",
                    mode: None,
                },
                Request::CreateEnvironment {
                    user: "cleo",
                    id: "e-y",
                    name: "qa",
                    mode: Some(Mode::Staging),
                },
            ],
        ),
        (
            "dan",
            vec![
                Request::Check {
                    user: "dan",
                    action: Action::ReadDatabase,
                    environment: Some("e-pr"),
                },
                Request::Check {
                    user: "dan",
                    action: Action::ReadProject,
                    environment: None,
                },
            ],
        ),
        (
            "eve",
            vec![
                Request::Check {
                    user: "eve",
                    action: Action::ReadProject,
                    environment: None,
                },
                Request::CreateEnvironment {
                    user: "ben",
                    id: "e-z",
                    name: "preview",
                    mode: Some(Mode::Preview),
                },
            ],
        ),
    ];
    // Each client's answers are gathered, then printed client by client, so
    // the output does not depend on how the threads interleave.
    let answers: Vec<Vec<String>> = thread::scope(|scope| {
        let handles: Vec<_> = clients
            .iter()
            .map(|(_, requests)| {
                scope.spawn(|| {
                    requests
                        .iter()
                        .map(|r| service.handle(&org_id, r))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for ((client, _), lines) in clients.iter().zip(answers) {
        println!("-- {client}");
        for line in lines {
            println!("{line}");
        }
    }
    Ok(())
}
