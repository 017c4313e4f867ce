//! The projects' positions ordered by id, so that a check finds its project
//! by binary search whatever the organization holds.

use alloc::vec::Vec;
use core::cmp::Ordering;
use core::fmt;

use crate::id::ProjectId;
use crate::project::Project;

/// Positions into the organization's projects (kept in creation order),
/// sorted by the projects' ids. Derived from the projects alone, so two
/// organizations with equal projects have equal indexes.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub(super) struct ProjectIndex(Vec<u32>);

impl fmt::Debug for ProjectIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProjectIndex({})", self.0.len())
    }
}

/// How the project at `at` compares with `id` (a position past the end,
/// which the index never holds, sorts last).
fn compare(projects: &[Project], at: u32, id: &ProjectId) -> Ordering {
    usize::try_from(at)
        .ok()
        .and_then(|at| projects.get(at))
        .map_or(Ordering::Greater, |project| project.id.cmp(id))
}

impl ProjectIndex {
    /// The index of `projects` (whose ids are distinct).
    pub(super) fn new(projects: &[Project]) -> Self {
        let mut order: Vec<u32> = (0..projects.len())
            .filter_map(|at| u32::try_from(at).ok())
            .collect();
        order.sort_unstable_by(|&a, &b| match projects.get(b as usize) {
            Some(other) => compare(projects, a, &other.id),
            None => Ordering::Less,
        });
        ProjectIndex(order)
    }

    /// Where the project `id` is in `projects`.
    #[inline]
    pub(super) fn find(&self, projects: &[Project], id: &ProjectId) -> Option<usize> {
        let slot = self
            .0
            .binary_search_by(|&at| compare(projects, at, id))
            .ok()?;
        self.0.get(slot).map(|&at| at as usize)
    }

    /// Takes in the project just pushed last onto `projects`.
    pub(super) fn pushed(&mut self, projects: &[Project]) {
        let (Some(last), Some(project)) = (
            projects
                .len()
                .checked_sub(1)
                .and_then(|at| u32::try_from(at).ok()),
            projects.last(),
        ) else {
            return;
        };
        let slot = self
            .0
            .binary_search_by(|&at| compare(projects, at, &project.id))
            .unwrap_or_else(|slot| slot);
        self.0.insert(slot, last);
    }

    /// Forgets the project that was at `at`; those after it moved down one.
    pub(super) fn removed(&mut self, at: usize) {
        self.0.retain(|&position| position as usize != at);
        for position in &mut self.0 {
            if *position as usize > at {
                *position -= 1;
            }
        }
    }
}
