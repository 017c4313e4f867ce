//! A service that embeds `orgmodel`: organizations held in memory behind an
//! `RwLock`, a stream of requests from several users, each checked (reads
//! share the lock) or carried out (commands take it exclusively), and every
//! decision printed as an audit line naming the resource it is about. Each
//! command's recorded event is appended to the organization's log, and the
//! log replays to the organization the service holds.
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
    Mode, Name, Organization, OrganizationId, Plan, ProjectId, Recorded, Resource, Role, Timestamp,
    UserId,
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

/// An organization and its log, under one lock so they never disagree.
struct Stored {
    organization: Organization,
    log: Vec<Recorded>,
}

/// The service's state: every organization, by id.
struct Service {
    organizations: RwLock<BTreeMap<OrganizationId, Stored>>,
}

impl Service {
    /// Answers one request for one organization at `now`, as an audit line.
    fn handle(&self, org: &OrganizationId, now: Timestamp, request: &Request) -> String {
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
                let Some(stored) = organizations.get(org) else {
                    return format!("{user}: unknown organization {org}");
                };
                let environment = environment.map(id::<EnvironmentId>);
                let (resource, about) = match &environment {
                    Some(environment) => (
                        Resource::Environment {
                            project: &project,
                            environment,
                        },
                        format!("environment {environment}"),
                    ),
                    None => (Resource::Project(&project), format!("project {project}")),
                };
                let decision = stored.organization.check(&id(user), action, resource);
                let audit = serde_json::to_string(&decision).unwrap_or_default();
                format!("check  {user:5} {action:24} on {about:18} -> {audit}")
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
                let Some(stored) = organizations.get_mut(org) else {
                    return format!("{user}: unknown organization {org}");
                };
                let mut request = CreateEnvironmentRequest::new(name);
                request.mode = mode;
                let created = stored.organization.create_environment(
                    &id::<UserId>(user),
                    now,
                    &project,
                    id(env),
                    &request,
                );
                match created {
                    Ok(created) => {
                        let line = created.placement().map_or_else(String::new, |placed| {
                            format!(
                                "create {user:5} {name:24} in project {project:10} -> on {} in {} mode (revision {})",
                                placed.cluster, placed.mode, created.revision
                            )
                        });
                        stored.log.push(created);
                        line
                    }
                    Err(error) => format!(
                        "create {user:5} {name:24} in project {project:10} -> refused ({} {}): {error}",
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

/// Acme as its owner sets it up at `now`, and the log of that.
fn acme(now: Timestamp) -> Result<Stored, Box<dyn std::error::Error>> {
    let ada: UserId = id("ada");
    let (mut org, created) = Organization::create(
        id("acme"),
        Name::new("Acme")?,
        Plan::Business,
        ada.clone(),
        Email::new("ada@acme.dev")?,
        now,
    );
    let mut log = vec![created];
    for (user, role) in [
        ("ben", Role::Admin),
        ("cleo", Role::Developer),
        ("dan", Role::Viewer),
    ] {
        let email = Email::new(format!("{user}@acme.dev"))?;
        log.push(org.invite(&ada, now, email.clone(), role, now.plus_seconds(3600))?);
        log.push(org.accept_invitation(&id::<UserId>(user), now, &email)?);
    }
    log.push(org.add_cluster(
        &ada,
        now,
        Cluster::new(
            id("c-main"),
            Name::new("main")?,
            CloudProvider::Gcp,
            "europe-west1",
        ),
    )?);
    log.push(org.add_cluster(
        &ada,
        now,
        Cluster::new(
            id("c-prod"),
            Name::new("prod")?,
            CloudProvider::Gcp,
            "europe-west4",
        ),
    )?);
    log.push(org.add_project(&ada, now, id("p-shop"), Name::new("shop")?)?);
    log.push(org.add_rule(
        &ada,
        now,
        &id("p-shop"),
        DeploymentRule::new(
            id("r-prod"),
            Name::new("production")?,
            "prod*".parse()?,
            Mode::Production,
            id("c-prod"),
            0,
        ),
    )?);
    log.push(org.add_rule(
        &ada,
        now,
        &id("p-shop"),
        DeploymentRule::new(
            id("r-pr"),
            Name::new("previews")?,
            "pr-*".parse()?,
            Mode::Preview,
            id("c-main"),
            1,
        ),
    )?);
    Ok(Stored {
        organization: org,
        log,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let now = Timestamp::from_unix_seconds(1_767_225_600);
    let acme = acme(now)?;
    let org_id = acme.organization.id().clone();
    let service = Service {
        organizations: RwLock::new(BTreeMap::from([(org_id.clone(), acme)])),
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
        println!("{}", service.handle(&org_id, now, &request));
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
                        .map(|r| service.handle(&org_id, now, r))
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

    // The log holds every change the service made, and replays to what it holds.
    let organizations = service
        .organizations
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for stored in organizations.values() {
        let replayed = Organization::replay(&stored.log)?;
        println!(
            "-- log of {}: {} events, replayed {}",
            stored.organization.id(),
            stored.log.len(),
            if replayed == stored.organization {
                "to the same organization"
            } else {
                "to another organization"
            }
        );
    }
    Ok(())
}
