//! Deployment rules: how a project places its new environments.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use strum::{Display, EnumIter, EnumString};

use crate::environment::Mode;
use crate::id::{ClusterId, RuleId};
use crate::limits;
use crate::text::{InvalidValue, Name, check_text};
use crate::validation::{Problem, ValidationError, unique};
use crate::wildcard::{Subject, Wildcard};

pub use lint::{LINT_WINDOW, RuleWarning};

mod lint;

/// A day of the week, for a rule's auto-stop schedule.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Display, EnumString, EnumIter,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self", rename_all = "SCREAMING_SNAKE_CASE")
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
/// the crate stores it and never interprets it, having no clock. Its free
/// texts hold at most [`limits::TEXT`] characters and its weekdays at most
/// [`limits::WEEKDAYS`], checked when the rule joins a project or is read.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DeploymentRule {
    /// Its id.
    pub id: RuleId,
    /// A name for people.
    pub name: Name,
    /// A description for people.
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
    pub auto_stop: bool,
    /// The schedule's IANA time zone (`Europe/Paris`).
    pub timezone: Option<String>,
    /// When environments start (`1970-01-01T08:00:00.000Z`: the time of day counts).
    pub start_time: Option<String>,
    /// When environments stop.
    pub stop_time: Option<String>,
    /// The days the schedule applies to.
    pub weekdays: Vec<Weekday>,
}

impl DeploymentRule {
    /// A rule with no description and no auto-stop schedule.
    pub fn new(
        id: RuleId,
        name: Name,
        wildcard: Wildcard,
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
            wildcard,
            priority_index,
            auto_stop: false,
            timezone: None,
            start_time: None,
            stop_time: None,
            weekdays: Vec::new(),
        }
    }
}

impl DeploymentRule {
    /// Checks what the types do not: the free texts and the weekdays.
    pub(crate) fn check(&self) -> Result<(), InvalidValue> {
        for (what, text) in [
            ("description", &self.description),
            ("time zone", &self.timezone),
            ("start time", &self.start_time),
            ("stop time", &self.stop_time),
        ] {
            check_text(what, text.as_deref().unwrap_or_default())?;
        }
        if self.weekdays.len() > limits::WEEKDAYS {
            return Err(InvalidValue::TooLong {
                what: "weekday list",
                limit: limits::Limit::Weekdays,
                size: self.weekdays.len(),
            });
        }
        Ok(())
    }
}

/// A project's deployment rules, always in priority order: by
/// `priority_index`, lower first, and among equal indices in the order they
/// were listed or added. The first rule in this order whose wildcard matches
/// a name is *the matching rule*.
///
/// A project holds at most [`limits::RULES`] rules, whose wildcards hold at
/// most [`limits::RULE_WILDCARDS`] characters together: that bounds the
/// cost of placing an environment, whatever the rules say.
///
/// ```
/// use orgmodel::{DeploymentRule, DeploymentRules, Mode};
///
/// let rule = |id: &str, wildcard: &str, priority| {
///     DeploymentRule::new(id.parse().unwrap(), "r".parse().unwrap(), wildcard.parse().unwrap(), Mode::Development, "c".parse().unwrap(), priority)
/// };
/// let rules = DeploymentRules::new(vec![rule("late", "*", 9), rule("early", "prod*", 1)]).unwrap();
/// assert_eq!(rules.matching("production").unwrap().id.as_str(), "early");
/// assert_eq!(rules.matching("feature").unwrap().id.as_str(), "late");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct DeploymentRules {
    rules: Vec<DeploymentRule>,
    /// The characters of all the wildcards.
    wildcard_chars: usize,
}

/// Orders rules by priority index, ties in their listed order, holding 8
/// bytes a rule beside them: a stable sort of the rules themselves would
/// hold a copy of them all. It sorts the (priority, position) pairs, then
/// moves each rule to its place along the permutation's cycles. O(n log n).
fn sort_by_priority(rules: &mut [DeploymentRule]) {
    if rules.is_sorted_by_key(|rule| rule.priority_index) {
        return;
    }
    let Ok(count) = u32::try_from(rules.len()) else {
        rules.sort_by_key(|rule| rule.priority_index);
        return;
    };
    // `order[i].1`: the position of the rule that goes to `i`.
    let mut order: Vec<(u32, u32)> = rules
        .iter()
        .map(|rule| rule.priority_index)
        .zip(0..count)
        .collect();
    order.sort_unstable();
    for start in 0..count {
        let mut at = start;
        // `at` gets its rule now: it points at itself from then on.
        while let Some(from) = order
            .get_mut(at as usize)
            .map(|slot| core::mem::replace(&mut slot.1, at))
        {
            if from == start || from == at || from >= count {
                break;
            }
            rules.swap(at as usize, from as usize);
            at = from;
        }
    }
}

impl DeploymentRules {
    /// Orders `rules` by priority (stable, so ties keep their listed order),
    /// after checking them as a project holds them.
    ///
    /// # Errors
    /// A [`ValidationError`] at `deployment_rules[i]…`: more than
    /// [`limits::RULES`] rules, a free text or weekday list over its limit,
    /// a repeated id, or wildcards over [`limits::RULE_WILDCARDS`] characters
    /// together.
    pub fn new(mut rules: Vec<DeploymentRule>) -> Result<Self, ValidationError> {
        ValidationError::check_count("deployment_rules", rules.len(), limits::Limit::Rules)?;
        for (i, rule) in rules.iter().enumerate() {
            rule.check().map_err(|problem| {
                ValidationError::new(
                    format!("deployment_rules[{i}]"),
                    rule.id.as_str(),
                    Problem::Value(problem),
                )
            })?;
        }
        unique(
            rules.iter().map(|rule| &rule.id),
            |i| format!("deployment_rules[{i}].id"),
            |i| {
                rules
                    .get(i)
                    .map(|rule| String::from(rule.id.as_str()))
                    .unwrap_or_default()
            },
        )?;
        let wildcard_chars = rules.iter().map(|rule| rule.wildcard.len()).sum();
        check_budget(wildcard_chars).map_err(|problem| {
            ValidationError::new(
                "deployment_rules",
                format!("{} rules", rules.len()),
                Problem::Value(problem),
            )
        })?;
        sort_by_priority(&mut rules);
        Ok(DeploymentRules {
            rules,
            wildcard_chars,
        })
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
        let subject = Subject::new(name);
        self.rules
            .iter()
            .find(|rule| rule.wildcard.matches_subject(&subject))
    }

    /// Whether one more rule fits the project's limits: `Err` names the
    /// limit it would pass ([`limits::RULES`], [`limits::RULE_WILDCARDS`]).
    pub(crate) fn check_room(&self, rule: &DeploymentRule) -> Result<(), InvalidValue> {
        if self.rules.len() >= limits::RULES {
            return Err(InvalidValue::TooLong {
                what: "project's rule list",
                limit: limits::Limit::Rules,
                size: self.rules.len() + 1,
            });
        }
        check_budget(self.wildcard_chars + rule.wildcard.len())
    }

    /// Adds a rule after every rule of lower or equal priority index. The
    /// caller checked [`DeploymentRules::check_room`] and that its id is new.
    pub(crate) fn insert(&mut self, rule: DeploymentRule) {
        let at = self
            .rules
            .partition_point(|existing| existing.priority_index <= rule.priority_index);
        self.wildcard_chars += rule.wildcard.len();
        self.rules.insert(at, rule);
    }

    /// Removes the rule with this id.
    pub(crate) fn remove(&mut self, id: &RuleId) -> Option<DeploymentRule> {
        let at = self.rules.iter().position(|rule| rule.id == *id)?;
        let rule = self.rules.remove(at);
        self.wildcard_chars -= rule.wildcard.len();
        Some(rule)
    }

    /// Puts the rules in the order of `ids` and renumbers their priority
    /// indices 0, 1, 2, … Returns `None`, changing nothing, unless `ids`
    /// names each rule exactly once, and else whether anything changed.
    /// O(n log n).
    pub(crate) fn reorder(&mut self, ids: &[RuleId]) -> Option<bool> {
        if ids.len() != self.rules.len() {
            return None;
        }
        let current: BTreeMap<&RuleId, usize> = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, rule)| (&rule.id, i))
            .collect();
        let order = ids
            .iter()
            .map(|id| current.get(id).copied())
            .collect::<Option<Vec<usize>>>()?;
        if crate::validation::first_repeat(order.iter()).is_some() {
            return None;
        }
        let unchanged = order.iter().enumerate().all(|(i, &at)| {
            i == at
                && self
                    .rules
                    .get(i)
                    .is_some_and(|rule| usize::try_from(rule.priority_index) == Ok(i))
        });
        if unchanged {
            return Some(false);
        }
        let mut taken: Vec<Option<DeploymentRule>> = self.rules.drain(..).map(Some).collect();
        for (priority, at) in (0u32..).zip(order) {
            if let Some(mut rule) = taken.get_mut(at).and_then(Option::take) {
                rule.priority_index = priority;
                self.rules.push(rule);
            }
        }
        Some(true)
    }
}

/// Refuses wildcards over the project's budget of characters.
fn check_budget(wildcard_chars: usize) -> Result<(), InvalidValue> {
    if wildcard_chars > limits::RULE_WILDCARDS {
        return Err(InvalidValue::TooLong {
            what: "project's wildcards",
            limit: limits::Limit::RuleWildcards,
            size: wildcard_chars,
        });
    }
    Ok(())
}

impl<'a> IntoIterator for &'a DeploymentRules {
    type Item = &'a DeploymentRule;
    type IntoIter = core::slice::Iter<'a, DeploymentRule>;
    fn into_iter(self) -> Self::IntoIter {
        self.rules.iter()
    }
}

impl TryFrom<Vec<DeploymentRule>> for DeploymentRules {
    type Error = ValidationError;
    fn try_from(rules: Vec<DeploymentRule>) -> Result<Self, ValidationError> {
        DeploymentRules::new(rules)
    }
}

impl From<DeploymentRules> for Vec<DeploymentRule> {
    fn from(rules: DeploymentRules) -> Self {
        rules.rules
    }
}
