//! Fixtures shared by the integration tests.
#![allow(dead_code)]

use orgmodel::*;

pub fn uid(s: &str) -> UserId {
    s.parse().unwrap()
}

pub fn email(s: &str) -> Email {
    Email::new(s).unwrap()
}

pub fn name(s: &str) -> Name {
    Name::new(s).unwrap()
}

pub fn cid(s: &str) -> ClusterId {
    s.parse().unwrap()
}

pub fn pid(s: &str) -> ProjectId {
    s.parse().unwrap()
}

pub fn eid(s: &str) -> EnvironmentId {
    s.parse().unwrap()
}

pub fn rid(s: &str) -> RuleId {
    s.parse().unwrap()
}

pub const NOW: Timestamp = Timestamp::from_unix_seconds(1_700_000_000);
pub const DAY: u64 = 86_400;

pub fn cluster(id: &str) -> Cluster {
    Cluster::new(cid(id), name(id), CloudProvider::Aws, "eu-west-3")
}

pub fn rule(id: &str, wildcard: &str, mode: Mode, cluster: &str, priority: u32) -> DeploymentRule {
    DeploymentRule::new(rid(id), name(id), wildcard, mode, cid(cluster), priority)
}

/// "Acme" (Business plan) owned by `owner`, with one member of each other
/// role (`admin`, `dev`, `viewer`), no cluster and no project.
pub fn acme() -> Organization {
    let owner = uid("owner");
    let mut org = Organization::new(
        "acme".parse().unwrap(),
        name("Acme"),
        Plan::Business,
        owner.clone(),
        email("owner@acme.dev"),
    );
    for (user, role) in [
        ("admin", Role::Admin),
        ("dev", Role::Developer),
        ("viewer", Role::Viewer),
    ] {
        let address = email(&format!("{user}@acme.dev"));
        org.invite(&owner, address.clone(), role, NOW.plus_seconds(DAY))
            .unwrap();
        org.accept_invitation(uid(user), &address, NOW).unwrap();
    }
    org
}

/// [`acme`] with clusters `c1` (the default) and `c2`, and a project `p1`.
pub fn acme_with_infra() -> Organization {
    let mut org = acme();
    let owner = uid("owner");
    org.add_cluster(&owner, cluster("c1")).unwrap();
    org.add_cluster(&owner, cluster("c2")).unwrap();
    org.add_project(&owner, pid("p1"), name("Shop")).unwrap();
    org
}
