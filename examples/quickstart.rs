//! The tour: an organization with members and two clusters, a project with
//! two deployment rules, an allowed check, an explained denial, and two
//! environments placed through the rules. Every change comes back as the
//! event it recorded; the log of them replays to the same organization.
//!
//! ```sh
//! cargo run --example quickstart
//! ```

use orgmodel::{
    Action, CloudProvider, Cluster, CreateEnvironmentRequest, Decision, DeploymentRule, Email,
    Mode, Name, Organization, Plan, Resource, Role, Timestamp, UserId,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Ada creates the organization and so owns it. Its log starts there.
    let ada: UserId = "u-ada".parse()?;
    let now = Timestamp::from_unix_seconds(1_767_225_600);
    let (mut acme, created) = Organization::create(
        "org-acme".parse()?,
        Name::new("Acme")?,
        Plan::Business,
        ada.clone(),
        Email::new("ada@acme.dev")?,
        now,
    );
    let mut log = vec![created];
    println!(
        "Ada created {} on the {} plan; she is its {}.",
        acme.name(),
        acme.plan(),
        acme.owner().role
    );

    // She invites Bob as a Developer; Bob accepts the next morning.
    let week = 7 * 24 * 3600;
    log.push(acme.invite(
        &ada,
        now,
        Email::new("bob@acme.dev")?,
        Role::Developer,
        now.plus_seconds(week),
    )?);
    let bob: UserId = "u-bob".parse()?;
    log.push(acme.accept_invitation(
        &bob,
        now.plus_seconds(3600 * 14),
        &Email::new("bob@acme.dev")?,
    )?);
    let role = acme
        .role_of(&bob)
        .map_or("nothing".into(), ToString::to_string);
    println!("Bob joined as a {role}.");

    // Two clusters: the first installed is the default one.
    log.push(acme.add_cluster(
        &ada,
        now,
        Cluster::new(
            "c-main".parse()?,
            Name::new("main")?,
            CloudProvider::Aws,
            "eu-west-3",
        ),
    )?);
    log.push(acme.add_cluster(
        &ada,
        now,
        Cluster::new(
            "c-prod".parse()?,
            Name::new("production")?,
            CloudProvider::Aws,
            "eu-west-1",
        ),
    )?);
    println!(
        "Clusters: main and production; the default is {}.",
        acme.default_cluster().map_or("none", |c| c.name.as_str())
    );

    // A project whose rules send `prod*` to production and `pr-*` to previews.
    let shop = "p-shop".parse()?;
    log.push(acme.add_project(&ada, now, "p-shop".parse()?, Name::new("shop")?)?);
    log.push(acme.add_rule(
        &ada,
        now,
        &shop,
        DeploymentRule::new(
            "r-prod".parse()?,
            Name::new("production")?,
            "prod*".parse()?,
            Mode::Production,
            "c-prod".parse()?,
            0,
        ),
    )?);
    log.push(acme.add_rule(
        &ada,
        now,
        &shop,
        DeploymentRule::new(
            "r-pr".parse()?,
            Name::new("previews")?,
            "pr-*".parse()?,
            Mode::Preview,
            "c-main".parse()?,
            1,
        ),
    )?);

    // An allowed check and an explained denial.
    let read = acme.check(&bob, Action::ReadProject, Resource::Project(&shop));
    println!(
        "May Bob read the shop project? {}",
        if read.is_allowed() { "yes" } else { "no" }
    );
    if let Decision::Denied(denial) =
        acme.check(&bob, Action::ManageBilling, Resource::Organization)
    {
        println!("May Bob manage billing? no: {denial}.");
    }

    // Two environments, placed by the rules. `placement` explains the choice.
    for (id, name, who) in [("e-pr-7", "pr-7", &bob), ("e-prod", "prod-eu", &ada)] {
        let request = CreateEnvironmentRequest::new(name);
        let why = acme.placement(&shop, &request)?;
        let rule = why
            .rule
            .map_or("no rule".to_owned(), |rule| format!("rule {rule}"));
        println!(
            "{name}: {rule} matches; cluster from the {}, mode from the {}.",
            why.cluster_source, why.mode_source
        );
        let created = acme.create_environment(who, now, &shop, id.parse()?, &request)?;
        if let Some(placed) = created.placement() {
            println!(
                "  created on cluster {} in {} mode (revision {}).",
                placed.cluster, placed.mode, created.revision
            );
        }
        log.push(created);
    }
    let request = CreateEnvironmentRequest::new("feature-login");
    let why = acme.placement(&shop, &request)?;
    println!(
        "feature-login: no rule matches, so the default cluster {} and {} mode.",
        why.cluster, why.mode
    );

    // Bob may not create a production environment: the rule decides the mode,
    // and the permission is checked for the mode it decides.
    match acme.create_environment(
        &bob,
        now,
        &shop,
        "e-prod-2".parse()?,
        &CreateEnvironmentRequest::new("prod-us"),
    ) {
        Ok(created) => log.push(created),
        Err(error) => println!("Bob cannot create prod-us: {error}."),
    }

    // The log holds every change, and replays to the same organization.
    let replayed = Organization::replay(&log)?;
    println!(
        "The log holds {} events; replayed, it gives {} organization.",
        log.len(),
        if replayed == acme {
            "the same"
        } else {
            "another"
        }
    );
    Ok(())
}
