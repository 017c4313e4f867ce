//! The lint of a project's rules: rules that can never apply.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use super::DeploymentRules;
use crate::id::RuleId;
use crate::wildcard::Covered;

/// A finding of [`DeploymentRules::lint`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RuleWarning {
    /// The rule can never be the matching rule: an earlier rule in priority
    /// order matches every name it matches.
    Shadowed {
        /// The rule that never applies.
        rule: RuleId,
        /// The earlier rule that takes its names.
        by: RuleId,
    },
    /// The rule's wildcard is empty and matches no name.
    MatchesNothing {
        /// The rule.
        rule: RuleId,
    },
}

/// How many rules before each rule [`DeploymentRules::lint`] compares it with
/// in general (catch-alls and equal wildcards are found at any distance).
pub const LINT_WINDOW: usize = 16;

impl DeploymentRules {
    /// Every rule that can never be the matching rule, in priority order.
    ///
    /// A rule is reported as shadowed by the earliest rule found before it
    /// that matches every name it matches (see [`crate::Wildcard::covers`]):
    /// catch-alls (`*`) and equal wildcards (ignoring case) at any distance,
    /// and any other wildcard among the [`LINT_WINDOW`] rules just before
    /// it. That bounds the lint to O(n log n) work on any rule list.
    ///
    /// ```
    /// use orgmodel::{DeploymentRule, DeploymentRules, Mode, RuleWarning};
    ///
    /// let rule = |id: &str, wildcard: &str, priority| {
    ///     DeploymentRule::new(id.parse().unwrap(), "r".parse().unwrap(), wildcard.parse().unwrap(), Mode::Development, "c".parse().unwrap(), priority)
    /// };
    /// let rules = DeploymentRules::new(vec![rule("all", "*", 0), rule("prod", "prod-*", 1)]).unwrap();
    /// assert_eq!(
    ///     rules.lint(),
    ///     [RuleWarning::Shadowed { rule: "prod".parse().unwrap(), by: "all".parse().unwrap() }],
    /// );
    /// ```
    pub fn lint(&self) -> Vec<RuleWarning> {
        // The first rule with each wildcard, ignoring case.
        let mut first_with: BTreeMap<Vec<u32>, usize> = BTreeMap::new();
        let mut catch_all = None;
        let mut warnings = Vec::new();
        // One index of the rule tested, on the stack, refilled for each rule.
        let mut index = Covered::empty();
        for (i, rule) in self.rules.iter().enumerate() {
            let twin = *first_with.entry(rule.wildcard.folded_key()).or_insert(i);
            if rule.wildcard.is_empty() {
                warnings.push(RuleWarning::MatchesNothing {
                    rule: rule.id.clone(),
                });
                continue;
            }
            let window = self
                .rules
                .get(i.saturating_sub(LINT_WINDOW)..i)
                .unwrap_or_default();
            index.forget();
            let near = window
                .iter()
                .position(|earlier| earlier.wildcard.covers_indexed(&rule.wildcard, &mut index))
                .map(|at| i.saturating_sub(LINT_WINDOW) + at);
            let by = [catch_all, (twin < i).then_some(twin), near]
                .into_iter()
                .flatten()
                .min();
            if let Some(earlier) = by.and_then(|at| self.rules.get(at)) {
                warnings.push(RuleWarning::Shadowed {
                    rule: rule.id.clone(),
                    by: earlier.id.clone(),
                });
            }
            if catch_all.is_none() && rule.wildcard.is_catch_all() {
                catch_all = Some(i);
            }
        }
        warnings
    }
}
