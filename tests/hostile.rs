#![cfg(feature = "serde")]
//! Untrusted input is bounded: every value and list has a limit, enforced by
//! constructors and deserialization alike; compiling a wildcard costs memory
//! linear in its length; reading any document holds at most 8× its bytes on
//! the heap; arbitrary bytes and mutated documents never panic and never
//! produce an invalid organization; a part is accepted alone exactly when it
//! is accepted inside a whole document.

mod common;
#[path = "common/counting.rs"]
mod counting;

use common::*;
use counting::*;
use orgmodel::*;
use proptest::prelude::*;
use serde_json::{Value, json};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A string of `n` characters of 4 bytes each, all distinct.
fn wide(n: usize) -> String {
    (0..n)
        .map(|i| char::from_u32(0x1_0000 + i as u32).unwrap())
        .collect()
}

fn too_long(what: &'static str, limit: limits::Limit) -> InvalidValue {
    InvalidValue::TooLong {
        what,
        limit,
        size: limit.value() + 1,
    }
}

#[test]
fn every_text_has_a_limit_in_characters() {
    assert!(Name::new(wide(limits::NAME)).is_ok());
    assert_eq!(
        Name::new(wide(limits::NAME + 1)),
        Err(too_long("name", limits::Limit::Name))
    );
    assert!(UserId::new("u".repeat(limits::ID)).is_ok());
    assert_eq!(
        UserId::new("u".repeat(limits::ID + 1)),
        Err(too_long("user id", limits::Limit::Id))
    );
    assert_eq!(
        ClusterId::new(wide(limits::ID + 1)),
        Err(too_long("cluster id", limits::Limit::Id))
    );
    let local = "a".repeat(limits::EMAIL - "@acme.dev".len());
    assert!(Email::new(format!("{local}@acme.dev")).is_ok());
    assert_eq!(
        Email::new(format!("{local}a@acme.dev")),
        Err(too_long("e-mail address", limits::Limit::Email))
    );
    assert!(Wildcard::new(wide(limits::WILDCARD)).is_ok());
    assert_eq!(
        Wildcard::new(wide(limits::WILDCARD + 1)),
        Err(too_long("wildcard", limits::Limit::Wildcard))
    );
}

#[test]
fn deserialization_enforces_the_same_limits() {
    let error = serde_json::from_value::<Name>(json!(wide(limits::NAME + 1))).unwrap_err();
    assert_eq!(
        error.to_string(),
        too_long("name", limits::Limit::Name).to_string()
    );
    let error =
        serde_json::from_value::<Wildcard>(json!("*".repeat(limits::WILDCARD + 1))).unwrap_err();
    assert_eq!(
        error.to_string(),
        too_long("wildcard", limits::Limit::Wildcard).to_string()
    );
    let cluster = json!({"id": "c", "name": "c", "cloud_provider": "AWS", "region": "r".repeat(limits::TEXT + 1)});
    let error = serde_json::from_value::<Cluster>(cluster).unwrap_err();
    assert_eq!(
        error.to_string(),
        too_long("region", limits::Limit::Text).to_string()
    );
    let rule = json!({"id": "r", "name": "r", "mode": "STAGING", "cluster_id": "c", "wildcard": "*",
        "priority_index": 0, "description": "d".repeat(limits::TEXT + 1)});
    let error = serde_json::from_value::<DeploymentRule>(rule).unwrap_err();
    assert_eq!(
        error.to_string(),
        too_long("description", limits::Limit::Text).to_string()
    );
    let token = json!({"id": "t", "name": "t", "role_id": "viewer", "description": "d".repeat(limits::TEXT + 1)});
    let error = serde_json::from_value::<ApiToken>(token).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "`description` = \"\": {}",
            too_long("description", limits::Limit::Text)
        )
    );
}

#[test]
fn a_refusal_of_an_oversized_value_does_not_echo_it() {
    let huge = "x".repeat(1_000_000);
    for error in [
        Name::new(huge.as_str()).unwrap_err(),
        Email::new(huge.as_str()).unwrap_err(),
        UserId::new(huge.as_str()).unwrap_err(),
        Wildcard::new(huge.as_str()).unwrap_err(),
    ] {
        assert!(error.to_string().len() < 100, "{error}");
    }
    let placement = resolve_target_cluster(
        &[cluster("c1")],
        &DeploymentRules::default(),
        &CreateEnvironmentRequest::new(huge),
    )
    .unwrap_err();
    assert_eq!(placement.kind(), "invalid_name");
    assert!(placement.to_string().len() < 120);
}

#[test]
fn names_refuse_control_and_only_invisible_characters() {
    for blank in ["\u{200B}", " \u{FEFF}\u{2060} ", "\u{3164}", "\u{00AD}"] {
        assert_eq!(
            Name::new(blank),
            Err(InvalidValue::BlankName {
                value: format!("{blank:?}")
            }),
            "{blank:?}"
        );
    }
    for (bad, character) in [
        ("a\0b", '\0'),
        ("a\u{7}", '\u{7}'),
        ("ab\u{202E}cd", '\u{202E}'),
        ("x\u{2066}", '\u{2066}'),
    ] {
        assert_eq!(
            Name::new(bad),
            Err(InvalidValue::ControlCharacter {
                what: "name",
                character
            }),
            "{bad:?}"
        );
    }
    assert!(
        Name::new("a\u{200B}b").is_ok(),
        "an invisible character beside visible ones is kept"
    );
    for bad in ["\u{200B}a@acme.dev", "a@acme.dev\0"] {
        assert!(Email::new(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn lists_have_limits_too() {
    let rules: Vec<DeploymentRule> = (0..=limits::RULES)
        .map(|i| rule(&format!("r{i}"), "a", Mode::Staging, "c1", 0))
        .collect();
    let error = DeploymentRules::new(rules).unwrap_err();
    assert_eq!(
        (error.field.as_str(), &error.problem),
        (
            "deployment_rules",
            &Problem::TooMany {
                limit: limits::Limit::Rules,
                size: limits::RULES + 1,
            }
        )
    );
    // The wildcards of one project share a budget of characters.
    let pattern = "*".repeat(limits::WILDCARD);
    let count = limits::RULE_WILDCARDS / limits::WILDCARD;
    let rules: Vec<DeploymentRule> = (0..count)
        .map(|i| rule(&format!("r{i}"), &pattern, Mode::Staging, "c1", 0))
        .collect();
    let mut org = acme_with_infra();
    let full = DeploymentRules::new(rules.clone()).unwrap();
    assert_eq!(full.len(), count);
    let mut over = rules;
    over.push(rule("one-more", "*", Mode::Staging, "c1", 0));
    let error = DeploymentRules::new(over).unwrap_err();
    assert_eq!(
        error.problem,
        Problem::Value(InvalidValue::TooLong {
            what: "project's wildcards",
            limit: limits::Limit::RuleWildcards,
            size: limits::RULE_WILDCARDS + 1,
        })
    );
    for rule in full.into_vec() {
        let _ = org.add_rule(&uid("dev"), NOW, &pid("p1"), rule).unwrap();
    }
    let error = refused(&mut org, |o| {
        o.add_rule(
            &uid("dev"),
            NOW,
            &pid("p1"),
            rule("one-more", "*", Mode::Staging, "c1", 0),
        )
    });
    assert_eq!(
        error,
        ProjectError::LimitReached {
            limit: limits::Limit::RuleWildcards,
            size: limits::RULE_WILDCARDS + 1,
        }
    );
    assert_eq!(
        (error.kind(), error.category()),
        ("limit_reached", ErrorCategory::Conflict)
    );
}

#[test]
fn compiling_a_wildcard_costs_memory_linear_in_its_length() {
    for pattern in [
        wide(limits::WILDCARD),
        format!("*{}*", wide(limits::WILDCARD - 2)),
        "*?".repeat(limits::WILDCARD / 2),
        (0..limits::WILDCARD)
            .map(|i| char::from(b'!' + (i % 90) as u8))
            .collect(),
    ] {
        let bytes = pattern.len();
        let before = live_bytes();
        let (peak, wildcard) = peak_bytes_in(|| Wildcard::new(pattern.as_str()).unwrap());
        let held = (live_bytes() - before) as usize;
        assert!(
            held <= bytes,
            "{held} bytes held for a {bytes}-byte pattern"
        );
        assert!(
            peak <= bytes + 64,
            "{peak} bytes at peak for a {bytes}-byte pattern"
        );
        assert!(wildcard.covers(&wildcard));
    }
}

/// Reads `text` as `T`, asserting the heap never holds more than 8× its
/// bytes (plus a small constant) on the way.
#[track_caller]
fn read_bounded<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    let (peak, result) = peak_bytes_in(|| serde_json::from_str::<T>(text));
    let ratio = peak as f64 / text.len() as f64;
    eprintln!(
        "{} bytes read with {peak} heap bytes at peak ({ratio:.2}×)",
        text.len()
    );
    assert!(
        peak <= 8 * text.len() + 4096,
        "{peak} heap bytes to read {} bytes",
        text.len()
    );
    result
}

fn document(members: &[Value], clusters: &[Value], projects: &[Value]) -> String {
    json!({"id": "o", "name": "Acme", "plan": "BUSINESS", "members": members, "clusters": clusters, "projects": projects})
        .to_string()
}

/// A document of one project holding `rules`, on cluster c1.
fn with_rules(rules: &[Value]) -> String {
    document(
        &[owner()],
        &[c1()],
        &[json!({"id": "p", "name": "p", "deployment_rules": rules})],
    )
}

fn owner() -> Value {
    json!({"id": "owner", "email": "owner@acme.dev", "role": "OWNER"})
}

fn c1() -> Value {
    json!({"id": "c1", "name": "main", "cloud_provider": "AWS", "region": "eu"})
}

#[test]
fn hostile_documents_hold_at_most_8_times_their_bytes() {
    // The longest wildcards, with many distinct characters, up to the budget.
    let rules: Vec<Value> = (0..limits::RULE_WILDCARDS / limits::WILDCARD)
        .map(|i| {
            json!({"id": format!("r{i}"), "name": "r", "mode": "STAGING", "cluster_id": "c1",
            "wildcard": format!("*{}*", wide(limits::WILDCARD - 2)), "priority_index": i})
        })
        .collect();
    let text = with_rules(&rules);
    assert!(read_bounded::<Organization>(&text).is_ok());
    // Many small rules, the smallest JSON for the most memory.
    let rules: Vec<Value> = (0..limits::RULES)
        .map(|i| json!({"id": format!("{i}"), "name": "r", "mode": "STAGING", "cluster_id": "c1", "wildcard": "", "priority_index": 0}))
        .collect();
    let text = with_rules(&rules);
    assert!(read_bounded::<Organization>(&text).is_ok());
    // The longest names and ids everywhere.
    let members: Vec<Value> = (0..500)
        .map(|i| {
            json!({"id": format!("{i}{}", wide(limits::ID - 4)), "email": format!("{i}@acme.dev"),
            "role": if i == 0 { "OWNER" } else { "VIEWER" }})
        })
        .collect();
    let clusters: Vec<Value> = (0..500)
        .map(|i| json!({"id": format!("c{i}"), "name": format!("{i}{}", wide(limits::NAME - 4)), "cloud_provider": "AWS", "region": "eu"}))
        .collect();
    assert!(read_bounded::<Organization>(&document(&members, &clusters, &[])).is_ok());
    // Members whose addresses share a long prefix.
    let prefix = "a".repeat(300);
    let members: Vec<Value> = (0..3000)
        .map(|i| json!({"id": format!("u{i}"), "email": format!("{prefix}{i}@acme.dev"), "role": if i == 0 { "OWNER" } else { "ADMIN" }}))
        .collect();
    assert!(read_bounded::<Organization>(&document(&members, &[], &[])).is_ok());
    // Many small environments.
    let environments: Vec<Value> =
        (0..limits::ENVIRONMENTS).map(|i| json!({"id": format!("{i}"), "name": format!("{i}"), "mode": "STAGING", "cluster_id": "c1"})).collect();
    let text = document(
        &[owner()],
        &[c1()],
        &[json!({"id": "p", "name": "p", "environments": environments})],
    );
    assert!(read_bounded::<Organization>(&text).is_ok());
    // Many small API tokens; the longest names and descriptions.
    let tokens: Vec<Value> = (0..limits::API_TOKENS)
        .map(|i| json!({"id": format!("{i}"), "name": "t", "role": "ADMIN"}))
        .collect();
    assert!(read_bounded::<Organization>(&with_tokens(tokens)).is_ok());
    let tokens: Vec<Value> = (0..100)
        .map(|i| {
            json!({"id": format!("t{i}"), "name": wide(limits::NAME), "role_id": "viewer",
            "description": wide(limits::TEXT), "expires_at": "2030-01-01T00:00:00Z"})
        })
        .collect();
    assert!(read_bounded::<Organization>(&with_tokens(tokens)).is_ok());
    // One past the limit: refused by the limit's name, the rest not kept.
    let tokens: Vec<Value> = (0..=limits::API_TOKENS)
        .map(|i| json!({"id": format!("{i}"), "name": "t", "role": "ADMIN"}))
        .collect();
    let error = read_bounded::<Organization>(&with_tokens(tokens)).unwrap_err();
    assert!(
        error.to_string().starts_with(
            "invalid organization: `api_tokens` = \"100001 items\": the list holds at most 100000 API tokens"
        ),
        "{error}"
    );
}

/// A document of the owner alone holding `tokens` as its `api_tokens`.
fn with_tokens(tokens: Vec<Value>) -> String {
    let mut document: Value = serde_json::from_str(&document(&[owner()], &[], &[])).unwrap();
    document["api_tokens"] = Value::Array(tokens);
    document.to_string()
}

#[test]
fn malformed_documents_are_refused_within_bounds() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let nested = document(&[owner()], &[], &[]).replace("\"Acme\"", &deep);
    assert!(read_bounded::<Organization>(&nested).is_err());
    let retyped = document(&[owner()], &[], &[]).replace("\"Acme\"", "42");
    assert!(read_bounded::<Organization>(&retyped).is_err());
    let over = document(&[owner()], &[], &[])
        .replace("\"Acme\"", &format!("\"{}\"", "x".repeat(limits::NAME + 1)));
    let error = read_bounded::<Organization>(&over).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("a name holds at most 255 characters"),
        "{error}"
    );
}

/// What the crate may be asked to read, as a service would.
fn read_any(bytes: &[u8]) {
    let bound = |len: usize| 8 * len + 4096;
    macro_rules! read {
        ($($ty:ty),*) => {$(
            let (peak, result) = peak_bytes_in(|| serde_json::from_slice::<$ty>(bytes));
            assert!(peak <= bound(bytes.len()), "{peak} bytes for {} input bytes", bytes.len());
            drop(result);
        )*};
    }
    read!(
        Project,
        DeploymentRules,
        DeploymentRule,
        Cluster,
        Member,
        ApiToken,
        CreateApiTokenRequest,
        CreateEnvironmentRequest,
        Permission,
        Role,
        Plan,
        Action
    );
    let (peak, result) = peak_bytes_in(|| serde_json::from_slice::<Organization>(bytes));
    assert!(peak <= bound(bytes.len()));
    if let Ok(org) = result {
        assert_valid(&org);
    }
}

/// An accepted organization is one the constructors accept too.
fn assert_valid(org: &Organization) {
    let rebuilt =
        Organization::from_parts(org.clone().into_parts()).expect("an accepted document is valid");
    assert_eq!(&rebuilt, org);
}

/// Ways to break a valid document: drop, duplicate, retype or stretch a field.
#[cfg(feature = "proptest")]
#[derive(Clone, Debug)]
enum Mutation {
    Drop,
    Duplicate,
    Retype,
    Stretch,
}

#[cfg(feature = "proptest")]
fn mutate(value: &mut Value, path: &[usize], mutation: &Mutation) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = &keys[path.first().copied().unwrap_or(0) % keys.len()];
            if path.len() > 1 && map[key].is_object() | map[key].is_array() {
                return mutate(map.get_mut(key).unwrap(), &path[1..], mutation);
            }
            match mutation {
                Mutation::Drop => {
                    map.remove(key);
                }
                Mutation::Duplicate | Mutation::Retype => {
                    map.insert(key.clone(), json!(12345));
                }
                Mutation::Stretch => {
                    map.insert(key.clone(), json!("s".repeat(limits::TEXT + 1)));
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let at = path.first().copied().unwrap_or(0) % items.len();
            if path.len() > 1 {
                return mutate(&mut items[at], &path[1..], mutation);
            }
            match mutation {
                Mutation::Duplicate => {
                    let copy = items[at].clone();
                    items.push(copy);
                }
                Mutation::Drop => {
                    items.remove(at);
                }
                _ => items[at] = json!(null),
            }
        }
        _ => {}
    }
}

#[cfg(feature = "proptest")]
fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Drop),
        Just(Mutation::Duplicate),
        Just(Mutation::Retype),
        Just(Mutation::Stretch)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        read_any(&bytes);
    }

    #[test]
    fn arbitrary_json_text_never_panics(text in r#"[\[\]{}":,a-zA-Z0-9 _\-*?\\]{0,300}"#) {
        read_any(text.as_bytes());
    }

    // `orgmodel::strategies` needs the `proptest` feature (`--all-features`).
    #[cfg(feature = "proptest")]
    #[test]
    fn mutated_documents_are_refused_or_valid(
        org in strategies::organization(),
        mutations in prop::collection::vec((prop::collection::vec(0usize..16, 1..6), mutation()), 1..4),
    ) {
        let mut value = serde_json::to_value(&org).unwrap();
        for (path, mutation) in &mutations {
            mutate(&mut value, path, mutation);
        }
        read_any(value.to_string().as_bytes());
    }

    #[test]
    fn a_project_is_accepted_alone_exactly_when_inside_a_document(
        environments in prop::collection::vec((0..4usize, 0..4usize, 0..2usize), 0..5),
        rules in prop::collection::vec((0..4usize, 0..3u32), 0..5),
    ) {
        let names = ["qa", "QA", "prod", "dev"];
        let environments: Vec<Value> = environments.iter().map(|&(id, n, c)| json!({
            "id": format!("e{id}"), "name": names[n], "mode": "STAGING", "cluster_id": format!("c{c}")
        })).collect();
        let rules: Vec<Value> = rules.iter().map(|&(id, priority)| json!({
            "id": format!("r{id}"), "name": "r", "mode": "STAGING", "cluster_id": "c0", "wildcard": "*", "priority_index": priority
        })).collect();
        let project = json!({"id": "p", "name": "p", "deployment_rules": rules, "environments": environments});
        let clusters = vec![
            json!({"id": "c0", "name": "zero", "cloud_provider": "AWS", "region": "eu"}),
            json!({"id": "c1", "name": "one", "cloud_provider": "AWS", "region": "eu"}),
        ];
        let alone = serde_json::from_value::<Project>(project.clone());
        let inside = serde_json::from_str::<Organization>(&document(&[owner()], &clusters, &[project]));
        prop_assert_eq!(alone.is_ok(), inside.is_ok(), "{:?} vs {:?}", alone.err(), inside.err());
    }

    #[test]
    fn api_tokens_are_accepted_alone_exactly_when_inside_a_document(
        tokens in prop::collection::vec((0..3usize, 0..5usize, any::<bool>()), 0..5),
    ) {
        // Admin, Owner, the custom role `r`, a custom role not defined,
        // references that disagree.
        let roles = [
            json!({"role": "ADMIN"}),
            json!({"role_name": "Owner", "role_id": "x"}),
            json!({"role_id": "r"}),
            json!({"role_id": "ghost"}),
            json!({"role_id": "viewer", "role_name": "DevOps"}),
        ];
        let tokens: Vec<Value> = tokens.iter().map(|&(id, role, long)| {
            let mut token = json!({"id": format!("t{id}"), "name": "t",
                "description": "d".repeat(if long { limits::TEXT + 1 } else { 1 })});
            token.as_object_mut().unwrap().extend(roles[role].as_object().unwrap().clone());
            token
        }).collect();
        let role = CustomRole::new("r".parse().unwrap(), name("r"), "").unwrap();
        let alone = serde_json::from_value::<Vec<ApiToken>>(json!(tokens)).is_ok_and(|tokens| {
            let base: Organization = serde_json::from_str(&document(&[owner()], &[], &[])).unwrap();
            let mut parts = base.into_parts();
            parts.custom_roles = vec![role.clone()];
            parts.tokens = tokens;
            Organization::from_parts(parts).is_ok()
        });
        let mut inside: Value = serde_json::from_str(&with_tokens(tokens)).unwrap();
        inside["custom_roles"] = json!([role]);
        let inside = serde_json::from_value::<Organization>(inside);
        prop_assert_eq!(alone, inside.is_ok(), "{:?}", inside.err());
    }

    #[test]
    fn rule_and_cluster_lists_and_members_are_accepted_alone_exactly_when_inside(
        rule_ids in prop::collection::vec(0..4usize, 0..5),
        clusters in prop::collection::vec((0..3usize, 0..3usize), 0..4),
        members in prop::collection::vec((0..4usize, 0..4usize, any::<bool>()), 1..5),
    ) {
        let rules: Vec<Value> = rule_ids.iter().map(|id| json!({
            "id": format!("r{id}"), "name": "r", "mode": "STAGING", "cluster_id": "c0", "wildcard": "*", "priority_index": 0
        })).collect();
        let with_c0 = vec![json!({"id": "c0", "name": "zero", "cloud_provider": "AWS", "region": "eu"})];
        let alone = serde_json::from_value::<DeploymentRules>(json!(rules)).is_ok();
        let project = json!({"id": "p", "name": "p", "deployment_rules": rules});
        let inside = serde_json::from_str::<Organization>(&document(&[owner()], &with_c0, &[project])).is_ok();
        prop_assert_eq!(alone, inside);

        let names = ["main", "MAIN", "prod"];
        let clusters: Vec<Value> = clusters.iter().map(|&(id, n)| json!({
            "id": format!("c{id}"), "name": names[n], "cloud_provider": "AWS", "region": "eu"
        })).collect();
        let list: Vec<Cluster> = serde_json::from_value(json!(clusters)).unwrap();
        let alone = check_clusters(&list).is_ok();
        let inside = serde_json::from_str::<Organization>(&document(&[owner()], &clusters, &[])).is_ok();
        prop_assert_eq!(alone, inside);

        let addresses = ["a@x.io", "A@X.io", "b@x.io", "c@x.io"];
        let members: Vec<Value> = members.iter().map(|&(id, e, own)| json!({
            "id": format!("u{id}"), "email": addresses[e], "role": if own { "OWNER" } else { "VIEWER" }
        })).collect();
        let list: Vec<Member> = serde_json::from_value(json!(members)).unwrap();
        let alone = Organization::from_members("o".parse().unwrap(), name("Acme"), Plan::Free, list).is_ok();
        let inside = serde_json::from_str::<Organization>(&document(&members, &[], &[])).is_ok();
        prop_assert_eq!(alone, inside);
    }
}
