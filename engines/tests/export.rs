//! Past one process: the Cedar and OpenFGA exports decide every check as
//! `Organization::check` and `Organization::check_token` do. Cedar's own
//! authorizer evaluates every member, stranger, API token and unknown token
//! × action × resource of random organizations, the tokens at random
//! moments; the OpenFGA test files are written here for `fga model test`,
//! which `.ci/run` runs, with files of deliberately wrong expectations that
//! it must fail.

use std::str::FromStr;

use cedar_policy::{
    Authorizer, Context, Decision as CedarDecision, Entities, EntityUid, PolicySet, Request,
    RestrictedExpression, Schema, ValidationMode, Validator,
};
use orgmodel::*;
use proptest::prelude::*;

#[path = "export/openfga.rs"]
mod openfga;

fn text<E: std::fmt::Debug>(write: impl FnOnce(&mut String) -> Result<(), E>) -> String {
    let mut out = String::new();
    write(&mut out).unwrap();
    out
}

/// The schema and policies every organization shares, parsed by Cedar.
fn cedar() -> (Schema, PolicySet) {
    let (schema, _warnings) = Schema::from_cedarschema_str(&text(write_cedar_schema)).unwrap();
    let policies = PolicySet::from_str(&text(write_cedar_policies)).unwrap();
    (schema, policies)
}

fn uid(kind: &str, id: &str) -> EntityUid {
    EntityUid::from_str(&format!("{kind}::{}", serde_json::to_string(id).unwrap())).unwrap()
}

/// Who asks: a user (a member or a stranger), or an API token (one of the
/// organization's or an unknown one) at a moment, or with no moment given.
#[derive(Clone, Debug)]
enum Who {
    User(UserId),
    Token(ApiTokenId, Option<Timestamp>),
}

impl Who {
    /// Whether it holds a custom role of `org`.
    fn custom(&self, org: &Organization) -> bool {
        let role = match self {
            Who::User(user) => org.role_of(user),
            Who::Token(token, _) => org.token(token).map(|token| &token.role),
        };
        role.is_some_and(|role| role.custom().is_some())
    }

    /// Whether it is one of `org`'s tokens, expired at its moment.
    fn expired(&self, org: &Organization) -> bool {
        match self {
            Who::Token(token, Some(now)) => org.token(token).is_some_and(|t| t.is_expired(*now)),
            _ => false,
        }
    }
}

/// An expectation: whether `who` may do the action on the resource.
type Oracle = fn(&Organization, &Who, Action, Resource<'_>) -> bool;

/// What the crate answers. A token asked about with no moment is expected
/// to be denied everything if it expires, and else answered as at any time.
fn check(org: &Organization, who: &Who, action: Action, resource: Resource<'_>) -> bool {
    match who {
        Who::User(user) => org.check(user, action, resource).is_allowed(),
        Who::Token(token, Some(now)) => org.check_token(token, *now, action, resource).is_allowed(),
        Who::Token(token, None) => {
            org.token(token).is_some_and(|t| t.expires_at.is_none())
                && org
                    .check_token(token, Timestamp::UNIX_EPOCH, action, resource)
                    .is_allowed()
        }
    }
}

fn expiry_ignored(org: &Organization, who: &Who, action: Action, resource: Resource<'_>) -> bool {
    match who {
        Who::Token(token, _) => org
            .check_token(token, Timestamp::UNIX_EPOCH, action, resource)
            .is_allowed(),
        Who::User(_) => check(org, who, action, resource),
    }
}

fn custom_tokens_denied(org: &Organization, who: &Who, action: Action, r: Resource<'_>) -> bool {
    let denied = matches!(who, Who::Token(..)) && who.custom(org);
    !denied && check(org, who, action, r)
}

fn custom_members_denied(org: &Organization, who: &Who, action: Action, r: Resource<'_>) -> bool {
    let denied = matches!(who, Who::User(..)) && who.custom(org);
    !denied && check(org, who, action, r)
}

/// Deliberately wrong expectations, each the crate's answer with one rule
/// dropped: an engine compared with them must disagree somewhere.
const WRONG: [(&str, Oracle); 3] = [
    ("a token's expiry ignored", expiry_ignored),
    ("tokens holding a custom role denied", custom_tokens_denied),
    (
        "members holding a custom role denied",
        custom_members_denied,
    ),
];

/// How many questions were compared (each answer equal to the crate's):
/// all of them, those asked by a holder of a custom role, by a token (known
/// or not), by an expired token; and how many answers differed from each
/// wrong expectation.
#[derive(Debug, Default, PartialEq, Eq)]
struct Compared {
    all: usize,
    custom: usize,
    tokens: usize,
    expired: usize,
    caught: [usize; WRONG.len()],
}

impl Compared {
    fn add(&mut self, other: &Compared) {
        self.all += other.all;
        self.custom += other.custom;
        self.tokens += other.tokens;
        self.expired += other.expired;
        for (total, caught) in self.caught.iter_mut().zip(other.caught) {
            *total += caught;
        }
    }

    /// Counts one question `who` asked, which an engine answered `allowed`
    /// as the crate does.
    fn count(
        &mut self,
        org: &Organization,
        who: &Who,
        question: (Action, Resource<'_>),
        allowed: bool,
    ) {
        let (action, resource) = question;
        self.all += 1;
        self.custom += usize::from(who.custom(org));
        self.tokens += usize::from(matches!(who, Who::Token(..)));
        self.expired += usize::from(who.expired(org));
        for (caught, (_, wrong)) in self.caught.iter_mut().zip(WRONG) {
            *caught += usize::from(allowed != wrong(org, who, action, resource));
        }
    }
}

/// The organization, its clusters, projects and environments.
fn resources(org: &Organization) -> Vec<(Resource<'_>, &'static str, &str)> {
    let mut resources = vec![(Resource::Organization, "Organization", org.id().as_str())];
    for cluster in org.clusters() {
        resources.push((
            Resource::Cluster(&cluster.id),
            "Cluster",
            cluster.id.as_str(),
        ));
    }
    for project in org.projects() {
        resources.push((
            Resource::Project(project.id()),
            "Project",
            project.id().as_str(),
        ));
        for environment in project.environments() {
            let resource = Resource::Environment {
                project: project.id(),
                environment: &environment.id,
            };
            resources.push((resource, "Environment", environment.id.as_str()));
        }
    }
    resources
}

/// Every member and a stranger, and every token and an unknown one at
/// each of `nows` (and at none if `without_now`).
fn askers(org: &Organization, nows: &[Timestamp], without_now: bool) -> Vec<Who> {
    let users = org.members().map(|m| m.id.clone());
    let mut askers: Vec<Who> = users
        .chain(["stranger-not-a-member".parse().unwrap()])
        .map(Who::User)
        .collect();
    let tokens: Vec<ApiTokenId> = org
        .tokens()
        .iter()
        .map(|t| t.id.clone())
        .chain(["unknown-token".parse().unwrap()])
        .collect();
    let nows = nows.iter().copied().map(Some);
    for now in nows.chain(without_now.then_some(None)) {
        askers.extend(tokens.iter().map(|token| Who::Token(token.clone(), now)));
    }
    askers
}

/// Every question of `askers` on every resource of `org`: Cedar's decision
/// against the crate's (and the wrong expectations').
fn compare_with_cedar(
    org: &Organization,
    askers: &[Who],
    schema: &Schema,
    policies: &PolicySet,
) -> Compared {
    let entities =
        Entities::from_json_str(&text(|out| write_cedar_entities(org, out)), Some(schema)).unwrap();
    let authorizer = Authorizer::new();
    let resources: Vec<_> = resources(org)
        .into_iter()
        .map(|(resource, kind, id)| (resource, uid(kind, id)))
        .collect();
    let actions: Vec<EntityUid> = Action::ALL
        .iter()
        .map(|a| uid("Action", a.as_str()))
        .collect();
    let mut compared = Compared::default();
    for who in askers {
        let (principal, context) = match who {
            Who::User(user) => (uid("User", user.as_str()), Context::empty()),
            Who::Token(token, now) => {
                let now = now.map(|now| {
                    let seconds = i64::try_from(now.unix_seconds()).unwrap();
                    ("now".to_owned(), RestrictedExpression::new_long(seconds))
                });
                let context = Context::from_pairs(now).unwrap();
                (uid("ApiToken", token.as_str()), context)
            }
        };
        for (resource, cedar_resource) in &resources {
            for (action, cedar_action) in Action::ALL.into_iter().zip(&actions) {
                if !resource.answers(action) {
                    continue;
                }
                let request = Request::new(
                    principal.clone(),
                    cedar_action.clone(),
                    cedar_resource.clone(),
                    context.clone(),
                    Some(schema),
                )
                .unwrap();
                let cedar = authorizer.is_authorized(&request, policies, &entities);
                assert!(cedar.diagnostics().errors().next().is_none(), "{cedar:?}");
                let allowed = cedar.decision() == CedarDecision::Allow;
                let expected = check(org, who, action, *resource);
                assert_eq!(
                    allowed, expected,
                    "{who:?} {action} {resource:?}: {cedar:?}"
                );
                compared.count(org, who, (action, *resource), allowed);
            }
        }
    }
    compared
}

#[test]
fn the_cedar_policies_validate_against_the_cedar_schema() {
    let (schema, policies) = cedar();
    let result = Validator::new(schema).validate(&policies, ValidationMode::default());
    assert!(result.validation_passed(), "{result:?}");
    assert!(result.validation_warnings().next().is_none(), "{result:?}");
}

#[test]
fn cedar_decides_the_scenario_as_check_does() {
    let org: Organization =
        serde_json::from_str(include_str!("../../examples/scenarios/organization.json")).unwrap();
    let (schema, policies) = cedar();
    let compared = compare_with_cedar(&org, &askers(&org, &[], false), &schema, &policies);
    assert_eq!(compared.all, 5 * (9 + 2 + 3 * 2 + 11 * 5));
    assert_eq!((compared.custom, compared.tokens), (0, 0));
}

/// Random organizations with tokens and custom roles; the tokens at three
/// random moments (at which some have expired) and with none given.
#[test]
fn cedar_decides_every_check_as_check_does() {
    let (schema, policies) = cedar();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 128,
        ..ProptestConfig::default()
    });
    let cases = strategies::organization().prop_flat_map(|org| {
        let nows = proptest::collection::vec(strategies::now(&org), 3);
        (nows, Just(org))
    });
    let total = std::cell::RefCell::new(Compared::default());
    runner
        .run(&cases, |(nows, org)| {
            let askers = askers(&org, &nows, true);
            let compared = compare_with_cedar(&org, &askers, &schema, &policies);
            total.borrow_mut().add(&compared);
            Ok(())
        })
        .unwrap();
    let total = total.into_inner();
    eprintln!(
        "Cedar: {} questions compared ({} by holders of a custom role, {} by API tokens, {} of them expired), 0 mismatches",
        total.all, total.custom, total.tokens, total.expired
    );
    assert!(
        total.custom > 1_000 && total.tokens > 10_000 && total.expired > 1_000,
        "{total:?}"
    );
    for ((name, _), caught) in WRONG.iter().zip(total.caught) {
        eprintln!("Cedar: the wrong expectation \"{name}\" is contradicted {caught} times");
        assert!(caught > 0, "{name}");
    }
}
