//! Wildcards: the platform's documented examples, the matching rules, a
//! reference matcher, and the shadowing lint.

mod common;

use common::*;
use orgmodel::*;
use proptest::prelude::*;

#[path = "wildcard/long_texts.rs"]
mod long_texts;

fn matches(pattern: &str, name: &str) -> bool {
    wildcard(pattern).matches(name)
}

#[test]
fn documented_examples() {
    for name in ["Cat", "CAB", "cindy", "c"] {
        assert!(matches("c*", name), "c* should match {name}");
    }
    assert!(!matches("c*", "acorn"));
    assert!(!matches("?*", ""), "?* needs at least one character");
    assert!(matches("?*", "a"));
    assert!(matches("*th", "smith") && matches("*th", "TH") && !matches("*th", "think"));
    assert!(matches("*xyz*", "xyz") && matches("*xyz*", "aXyZb") && !matches("*xyz*", "xy-z"));
    assert!(matches("Prod_Env_*", "Prod_Env_1"));
    assert!(!matches("Prod_Env_*", "Staging_Env_1"));
    assert!(matches("[PR]*", "[PR]-42") && matches("[PR]*", "[pr]"));
    assert!(!matches("[PR]*", "PR-42"), "brackets are literal");
}

#[test]
fn question_mark_is_exactly_one_character() {
    assert!(matches("a?c", "abc"));
    assert!(!matches("a?c", "ac"));
    assert!(!matches("a?c", "abbc"));
    assert!(
        matches("???", "日本語"),
        "a character is a Unicode scalar value"
    );
    assert!(!matches("??", "日本語"));
}

#[test]
fn star_matches_any_run_also_none() {
    assert!(matches("*", ""));
    assert!(matches("*", "anything at all"));
    assert!(matches("a*b", "ab"));
    assert!(matches("a**b", "axyzb"));
    assert!(matches("*a*a*", "banana"));
    assert!(!matches("*a*a*a*a*", "banana"));
}

#[test]
fn matching_covers_the_whole_name() {
    assert!(!matches("prod", "production"));
    assert!(!matches("prod", "my-prod"));
    assert!(matches("prod", "PROD"));
}

#[test]
fn an_empty_wildcard_matches_nothing() {
    assert!(!matches("", ""));
    assert!(!matches("", "x"));
}

#[test]
fn case_folding_is_per_character_lowercase() {
    assert!(matches("ÉCOLE-*", "école-1"));
    assert!(matches("σ", "Σ"));
    // 'İ' lowercases to "i̇" (two chars), which is not the lowercase of 'i'.
    assert!(!matches("i", "İ"));
    assert!(matches("İ", "İ"));
}

#[test]
fn a_hostile_pattern_is_answered() {
    let pattern = format!("{}*b", "*a".repeat(500));
    let name = "a".repeat(10_000);
    assert!(!matches(&pattern, &name));
    assert!(matches(&pattern, &format!("{name}b")));
}

#[test]
fn case_folding_between_stars() {
    assert!(matches("*-ÉTÉ-*", "prod-été-1"));
    assert!(
        matches("*K*", "\u{212A}"),
        "the Kelvin sign lowercases to k"
    );
    assert!(matches("*\u{212A}?*", "xk1"));
    assert!(matches("*İ*", "aİb") && !matches("*i*", "İ"));
}

#[test]
fn segments_at_the_length_limit_match_names_of_any_length() {
    let long = "ab?".repeat(340); // 1,020 characters between two stars
    let name = format!("zz{}zz", long.replace('?', "c"));
    assert!(matches(&format!("*{long}*"), &name));
    assert!(!matches(&format!("*{long}x*"), &name));
    // Within the names' limit, the bit-parallel search decides.
    let short = "ab?".repeat(80);
    let name = format!("zz{}zz", short.replace('?', "é"));
    assert!(matches(&format!("*{short}*"), &name));
    assert!(matches(&format!("zz*{short}*"), &name));
    assert!(!matches(&format!("*{short}x*"), &name));
}

#[test]
fn wildcards_over_the_limit_are_refused_by_size() {
    let at_limit = "*".repeat(limits::WILDCARD);
    assert!(Wildcard::new(at_limit.as_str()).is_ok());
    assert_eq!(
        Wildcard::new(format!("{at_limit}a")),
        Err(InvalidValue::TooLong {
            what: "wildcard",
            limit: limits::Limit::Wildcard,
            size: limits::WILDCARD + 1
        })
    );
}

#[test]
fn the_pattern_is_kept_as_written() {
    let w = wildcard("Prod**");
    assert_eq!(w.as_str(), "Prod**");
    assert_eq!(w.to_string(), "Prod**");
}

/// A plain recursive matcher over characters, as the design states the rules.
fn reference(pattern: &[char], name: &[char]) -> bool {
    fn go(p: &[char], n: &[char]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some(('*', rest)) => (0..=n.len()).any(|i| go(rest, &n[i..])),
            Some(('?', rest)) => !n.is_empty() && go(rest, &n[1..]),
            Some((c, rest)) => n
                .split_first()
                .is_some_and(|(m, tail)| c.to_lowercase().eq(m.to_lowercase()) && go(rest, tail)),
        }
    }
    !pattern.is_empty() && go(pattern, name)
}

fn small_text(alphabet: &'static str, max: usize) -> impl Strategy<Value = String> {
    let chars: Vec<char> = alphabet.chars().collect();
    prop::collection::vec(prop::sample::select(chars), 0..max).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn agrees_with_the_reference_matcher(pattern in small_text("ab*?AÉé", 8), name in small_text("abAB-éÉ", 10)) {
        let p: Vec<char> = pattern.chars().collect();
        let n: Vec<char> = name.chars().collect();
        prop_assert_eq!(wildcard(pattern.as_str()).matches(&name), reference(&p, &n), "{:?} vs {:?}", pattern, name);
    }

    #[test]
    fn long_segments_agree_with_the_reference_matcher(
        segment in small_text("ab?", 200).prop_filter("long", |s| s.len() >= 60),
        fill in prop::collection::vec(any::<bool>(), 200),
        prefix in small_text("ab", 150),
        suffix in small_text("ab", 50),
        flip in prop::option::of(0usize..200),
    ) {
        // A name that holds the segment (its `?` filled in), now and then
        // with one character flipped so that it almost matches.
        let mut body: Vec<char> = segment
            .chars()
            .zip(&fill)
            .map(|(c, &f)| if c == '?' { if f { 'a' } else { 'b' } } else { c })
            .collect();
        if let Some(at) = flip {
            let at = at % body.len();
            body[at] = if body[at] == 'a' { 'b' } else { 'a' };
        }
        let name = format!("{prefix}{}{suffix}", body.into_iter().collect::<String>());
        let pattern = format!("*{segment}*b");
        let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
        prop_assert_eq!(wildcard(pattern.as_str()).matches(&name), reference(&p, &n));
    }

    #[test]
    fn covers_is_sound(a in small_text("ab*?", 5), b in small_text("ab*?", 5), name in small_text("ab", 7)) {
        let (wa, wb) = (wildcard(a.as_str()), wildcard(b.as_str()));
        if wa.covers(&wb) && wb.matches(&name) {
            prop_assert!(wa.matches(&name), "{:?} covers {:?} but misses {:?}", a, b, name);
        }
    }

    #[test]
    fn a_pattern_covers_itself_and_its_literal_matches(a in small_text("ab*?", 6), name in small_text("ab", 6)) {
        let wa = wildcard(a.as_str());
        prop_assert!(wa.covers(&wa));
        prop_assert_eq!(wa.covers(&wildcard(name.as_str())), wa.matches(&name) || name.is_empty());
    }
}

// ----- the shadowing lint -----

fn rules(list: &[(&str, &str, u32)]) -> DeploymentRules {
    DeploymentRules::new(
        list.iter()
            .map(|(id, w, p)| rule(id, w, Mode::Development, "c1", *p))
            .collect(),
    )
    .unwrap()
}

#[test]
fn lint_reports_rules_after_a_catch_all() {
    let set = rules(&[("all", "*", 0), ("prod", "prod-*", 1), ("dev", "dev", 2)]);
    assert_eq!(
        set.lint(),
        [
            RuleWarning::Shadowed {
                rule: rid("prod"),
                by: rid("all")
            },
            RuleWarning::Shadowed {
                rule: rid("dev"),
                by: rid("all")
            }
        ]
    );
}

#[test]
fn lint_reports_equal_wildcards_and_covered_literals() {
    let set = rules(&[
        ("a", "PROD-*", 0),
        ("b", "prod-*", 1),
        ("c", "prod-eu", 2),
        ("d", "staging", 3),
    ]);
    assert_eq!(
        set.lint(),
        [
            RuleWarning::Shadowed {
                rule: rid("b"),
                by: rid("a")
            },
            RuleWarning::Shadowed {
                rule: rid("c"),
                by: rid("a")
            }
        ]
    );
}

#[test]
fn lint_follows_priority_not_listing_order() {
    let set = rules(&[("narrow", "prod-eu", 0), ("broad", "prod-*", 5)]);
    assert!(
        set.lint().is_empty(),
        "a narrow rule before a broad one is fine"
    );
    let set = rules(&[("broad", "prod-*", 5), ("narrow", "prod-eu", 7)]);
    assert_eq!(
        set.lint(),
        [RuleWarning::Shadowed {
            rule: rid("narrow"),
            by: rid("broad")
        }]
    );
}

#[test]
fn lint_reports_empty_wildcards_and_spares_overlaps() {
    let set = rules(&[
        ("empty", "", 0),
        ("p", "p*", 1),
        ("pr", "pr*", 2),
        ("x", "*x", 3),
        ("qx", "?x", 4),
    ]);
    assert_eq!(
        set.lint(),
        [
            RuleWarning::MatchesNothing { rule: rid("empty") },
            RuleWarning::Shadowed {
                rule: rid("pr"),
                by: rid("p")
            },
            RuleWarning::Shadowed {
                rule: rid("qx"),
                by: rid("x")
            },
        ]
    );
    let set = rules(&[("pr", "pr*", 0), ("p", "p*", 1)]);
    assert!(set.lint().is_empty(), "p* matches names pr* does not");
}

#[test]
fn lint_finds_catch_alls_and_equal_wildcards_at_any_distance_and_others_within_its_window() {
    let fillers: Vec<(String, String)> = (0..LINT_WINDOW + 4)
        .map(|i| (format!("f{i}"), format!("filler-{i}")))
        .collect();
    let mut listed: Vec<(&str, &str, u32)> = vec![("prefix", "prod-*", 0), ("twin", "team-*", 0)];
    listed.extend(fillers.iter().map(|(id, w)| (id.as_str(), w.as_str(), 1)));
    listed.extend([
        ("covered-far", "prod-eu", 2),
        ("twin-far", "TEAM-*", 2),
        ("near", "filler-99*", 2),
        ("covered-near", "filler-991", 3),
    ]);
    let set = rules(&listed);
    assert_eq!(
        set.lint(),
        [
            RuleWarning::Shadowed {
                rule: rid("twin-far"),
                by: rid("twin")
            },
            RuleWarning::Shadowed {
                rule: rid("covered-near"),
                by: rid("near")
            },
        ],
        "prod-eu is covered by prod-* beyond the window, and not reported"
    );
    let mut with_catch_all = vec![("all", "**", 0)];
    with_catch_all.extend(listed);
    let warnings = rules(&with_catch_all).lint();
    assert_eq!(
        warnings.len(),
        with_catch_all.len() - 1,
        "a catch-all shadows everything after it"
    );
}
