//! Deployment rules: how a project places its new environments.

use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

use strum::{Display, EnumIter, EnumString};

use crate::environment::Mode;
use crate::error::InvalidValue;
use crate::id::{ClusterId, RuleId};
use crate::text::Name;
use crate::wildcard::Wildcard;

/// A day of the week, for a rule's auto-stop schedule.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Display, EnumString, EnumIter,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "SCREAMING_SNAKE_CASE")
)]
#[allow(missing_docs)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// A project's rule for new environments whose name matches its wildcard:
/// deploy them on `cluster_id`, in `mode`.
///
/// The auto-stop schedule is kept as the platform's API writes it (an IANA
/// time zone and date-time strings of which only the time of day matters);
/// the crate stores it and never interprets it, having no clock.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DeploymentRule {
    /// Its id.
    pub id: RuleId,
    /// A name for people.
    pub name: Name,
    /// A description for people.
    #[cfg_attr(feature = "serde", serde(default))]
    pub description: Option<String>,
    /// The mode of the environments it places.
    pub mode: Mode,
    /// The cluster of the environments it places.
    pub cluster_id: ClusterId,
    /// Which environment names it applies to.
    pub wildcard: Wildcard,
    /// Its priority: lower first; ties go to the rule listed first.
    pub priority_index: u32,
    /// Whether the environments it places stop on a schedule.
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "crate::wire::null_as_default")
    )]
    pub auto_stop: bool,
    /// The schedule's IANA time zone (`Europe/Paris`).
    #[cfg_attr(feature = "serde", serde(default))]
    pub timezone: Option<String>,
    /// When environments start (`1970-01-01T08:00:00.000Z`: the time of day counts).
    #[cfg_attr(feature = "serde", serde(default))]
    pub start_time: Option<String>,
    /// When environments stop.
    #[cfg_attr(feature = "serde", serde(default))]
    pub stop_time: Option<String>,
    /// The days the schedule applies to.
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "crate::wire::null_as_default")
    )]
    pub weekdays: Vec<Weekday>,
}

impl DeploymentRule {
    /// A rule with no description and no auto-stop schedule.
    pub fn new(
        id: RuleId,
        name: Name,
        wildcard: impl Into<Wildcard>,
        mode: Mode,
        cluster_id: ClusterId,
        priority_index: u32,
    ) -> Self {
        DeploymentRule {
            id,
            name,
            description: None,
            mode,
            cluster_id,
            wildcard: wildcard.into(),
            priority_index,
            auto_stop: false,
            timezone: None,
            start_time: None,
            stop_time: None,
            weekdays: Vec::new(),
        }
    }
}

/// A project's deployment rules, always in priority order: by
/// `priority_index`, lower first, and among equal indices in the order they
/// were listed or added. The first rule in this order whose wildcard matches
/// a name is *the matching rule*.
///
/// ```
/// use orgmodel::{DeploymentRule, DeploymentRules, Mode};
///
/// let rule = |id: &str, wildcard: &str, priority| {
///     DeploymentRule::new(id.parse().unwrap(), "r".try_into().unwrap(), wildcard, Mode::Development, "c".parse().unwrap(), priority)
/// };
/// let rules = DeploymentRules::new(vec![rule("late", "*", 9), rule("early", "prod*", 1)]).unwrap();
/// assert_eq!(rules.matching("production").unwrap().id.as_str(), "early");
/// assert_eq!(rules.matching("feature").unwrap().id.as_str(), "late");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "Vec<DeploymentRule>", into = "Vec<DeploymentRule>")
)]
pub struct DeploymentRules {
    rules: Vec<DeploymentRule>,
}

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

impl DeploymentRules {
    /// Orders `rules` by priority (stable, so ties keep their listed order).
    ///
    /// # Errors
    /// [`InvalidValue::DuplicateId`] when two rules share an id.
    pub fn new(rules: Vec<DeploymentRule>) -> Result<Self, InvalidValue> {
        let mut seen = BTreeSet::new();
        if let Some(rule) = rules.iter().find(|rule| !seen.insert(&rule.id)) {
            return Err(InvalidValue::DuplicateId {
                kind: "deployment rule id",
                id: rule.id.as_str().into(),
            });
        }
        Ok(Self::sorted(rules))
    }

    /// Orders rules whose ids are known to be distinct.
    pub(crate) fn sorted(mut rules: Vec<DeploymentRule>) -> Self {
        rules.sort_by_key(|rule| rule.priority_index);
        DeploymentRules { rules }
    }

    /// The rules in priority order.
    pub fn into_vec(self) -> Vec<DeploymentRule> {
        self.rules
    }

    /// The rules in priority order.
    pub fn iter(&self) -> core::slice::Iter<'_, DeploymentRule> {
        self.rules.iter()
    }

    /// The rules in priority order, as a slice.
    pub fn as_slice(&self) -> &[DeploymentRule] {
        &self.rules
    }

    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there is no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rule with this id.
    pub fn get(&self, id: &RuleId) -> Option<&DeploymentRule> {
        self.rules.iter().find(|rule| rule.id == *id)
    }

    /// The matching rule for an environment name: the first in priority order
    /// whose wildcard matches it.
    pub fn matching(&self, name: &str) -> Option<&DeploymentRule> {
        self.rules.iter().find(|rule| rule.wildcard.matches(name))
    }

    /// Adds a rule after every rule of lower or equal priority index.
    /// The caller checks that its id is new.
    pub(crate) fn insert(&mut self, rule: DeploymentRule) {
        let at = self
            .rules
            .partition_point(|existing| existing.priority_index <= rule.priority_index);
        self.rules.insert(at, rule);
    }

    /// Removes the rule with this id.
    pub(crate) fn remove(&mut self, id: &RuleId) -> Option<DeploymentRule> {
        let at = self.rules.iter().position(|rule| rule.id == *id)?;
        Some(self.rules.remove(at))
    }

    /// Puts the rules in the order of `ids` and renumbers their priority
    /// indices 0, 1, 2, … Returns `false`, changing nothing, unless `ids`
    /// names each rule exactly once.
    pub(crate) fn reorder(&mut self, ids: &[RuleId]) -> bool {
        let is_permutation = ids.len() == self.rules.len()
            && ids.iter().enumerate().all(|(i, id)| {
                self.get(id).is_some() && !ids.iter().take(i).any(|earlier| earlier == id)
            });
        if !is_permutation {
            return false;
        }
        let mut reordered = Vec::with_capacity(ids.len());
        for (priority, id) in (0u32..).zip(ids) {
            if let Some(mut rule) = self.remove(id) {
                rule.priority_index = priority;
                reordered.push(rule);
            }
        }
        self.rules = reordered;
        true
    }

    /// Every rule that can never be the matching rule, in priority order.
    ///
    /// ```
    /// use orgmodel::{DeploymentRule, DeploymentRules, Mode, RuleWarning};
    ///
    /// let rule = |id: &str, wildcard: &str, priority| {
    ///     DeploymentRule::new(id.parse().unwrap(), "r".try_into().unwrap(), wildcard, Mode::Development, "c".parse().unwrap(), priority)
    /// };
    /// let rules = DeploymentRules::new(vec![rule("all", "*", 0), rule("prod", "prod-*", 1)]).unwrap();
    /// assert_eq!(
    ///     rules.lint(),
    ///     [RuleWarning::Shadowed { rule: "prod".parse().unwrap(), by: "all".parse().unwrap() }],
    /// );
    /// ```
    pub fn lint(&self) -> Vec<RuleWarning> {
        let mut warnings = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            if rule.wildcard.as_str().is_empty() {
                warnings.push(RuleWarning::MatchesNothing {
                    rule: rule.id.clone(),
                });
            } else if let Some(earlier) = self
                .rules
                .iter()
                .take(i)
                .find(|earlier| earlier.wildcard.covers(&rule.wildcard))
            {
                warnings.push(RuleWarning::Shadowed {
                    rule: rule.id.clone(),
                    by: earlier.id.clone(),
                });
            }
        }
        warnings
    }
}

impl<'a> IntoIterator for &'a DeploymentRules {
    type Item = &'a DeploymentRule;
    type IntoIter = core::slice::Iter<'a, DeploymentRule>;
    fn into_iter(self) -> Self::IntoIter {
        self.rules.iter()
    }
}

impl TryFrom<Vec<DeploymentRule>> for DeploymentRules {
    type Error = InvalidValue;
    fn try_from(rules: Vec<DeploymentRule>) -> Result<Self, InvalidValue> {
        DeploymentRules::new(rules)
    }
}

impl From<DeploymentRules> for Vec<DeploymentRule> {
    fn from(rules: DeploymentRules) -> Self {
        rules.rules
    }
}
