//! The organization's API tokens, sorted by id, with the first eight bytes
//! of each id beside them: a lookup searches those numbers (small and in
//! cache) and compares whole ids only among tokens that share them, so a
//! token's check costs what a member's does.

use alloc::vec::Vec;

use crate::id::{ApiTokenId, prefix};
use crate::member::ApiToken;

/// The tokens, by id, and their ids' prefixes in the same order. Derived
/// from the tokens alone, so equal tokens make equal lists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(super) struct Tokens {
    tokens: Vec<ApiToken>,
    prefixes: Vec<u64>,
}

impl Tokens {
    /// The list of `tokens`, sorted by id (their ids are distinct).
    pub(super) fn new(mut tokens: Vec<ApiToken>) -> Self {
        tokens.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let prefixes = tokens
            .iter()
            .map(|token| prefix(token.id.as_str()))
            .collect();
        Tokens { tokens, prefixes }
    }

    /// The tokens, by id.
    #[inline]
    pub(super) fn as_slice(&self) -> &[ApiToken] {
        &self.tokens
    }

    /// Where the token `id` is (`Ok`), or would go (`Err`).
    #[inline]
    pub(super) fn search(&self, id: &ApiTokenId) -> Result<usize, usize> {
        let key = prefix(id.as_str());
        let start = self.prefixes.partition_point(|&k| k < key);
        let sharing = self
            .prefixes
            .get(start..)
            .map_or(0, |rest| rest.partition_point(|&k| k == key));
        self.tokens
            .get(start..start + sharing)
            .map_or(Err(start), |run| {
                run.binary_search_by(|token| token.id.cmp(id))
                    .map(|at| start + at)
                    .map_err(|at| start + at)
            })
    }

    /// Puts `token` at `at`, where [`Tokens::search`] placed it.
    pub(super) fn insert(&mut self, at: usize, token: ApiToken) {
        self.prefixes.insert(at, prefix(token.id.as_str()));
        self.tokens.insert(at, token);
    }

    /// Takes out the token at `at`.
    pub(super) fn remove(&mut self, at: usize) {
        if at < self.tokens.len() {
            self.prefixes.remove(at);
            self.tokens.remove(at);
        }
    }

    /// The tokens, for the organization's parts.
    pub(super) fn into_vec(self) -> Vec<ApiToken> {
        self.tokens
    }
}
