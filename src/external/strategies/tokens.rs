//! Strategies for API tokens: an organization's tokens, and the moments at
//! which to check them.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Range;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::id::ApiTokenId;
use crate::member::ApiToken;
use crate::organization::Organization;
use crate::role::RoleRef;
use crate::text::Name;
use crate::time::Timestamp;

/// The expiries tokens are given, in Unix seconds (2020 to 2030).
const EXPIRIES: Range<u64> = 1_600_000_000..1_900_000_000;

/// A token's shape: the role it holds (as `held` picks a member's), its
/// expiry in Unix seconds if any, and whether it has a description.
pub(super) type TokenShape<H> = (H, Option<u64>, bool);

/// The shapes of an organization's tokens: none to a few most of the
/// time, up to 30 now and then; more than half of them expire.
pub(super) fn token_shapes<H: Strategy>(
    held: impl Fn() -> H,
) -> impl Strategy<Value = Vec<TokenShape<H::Value>>> {
    let shape = || {
        (
            held(),
            prop::option::weighted(0.6, EXPIRIES),
            prop::bool::weighted(0.3),
        )
    };
    prop_oneof![
        3 => vec(shape(), 0..6),
        1 => vec(shape(), 6..31),
    ]
}

/// The tokens of `shapes`, `token-0`, `token-1`…, each holding the role
/// `role` names for its shape (never Owner: `role` must not give it).
pub(super) fn tokens<H>(
    shapes: Vec<TokenShape<H>>,
    mut role: impl FnMut(H) -> RoleRef,
) -> Option<Vec<ApiToken>> {
    shapes
        .into_iter()
        .enumerate()
        .map(|(i, (held, expires_at, described))| {
            Some(ApiToken {
                id: ApiTokenId::try_from(format!("token-{i}")).ok()?,
                name: Name::new(format!("Token {i}")).ok()?,
                description: if described {
                    format!("Deploys from pipeline {i}")
                } else {
                    String::new()
                },
                role: role(held),
                expires_at: expires_at.map(Timestamp::from_unix_seconds),
            })
        })
        .collect()
}

/// A moment at which to check `org`'s tokens: most often one of its
/// tokens' expiries (at which that token has just expired) or the second
/// before one (at which it is still valid), else the epoch (no token has
/// expired) or a moment from 2017 to 2033 (about half of the tokens with
/// an expiry have expired by then). When some token of `org` expires, at
/// least one token has expired at most of the moments drawn.
///
/// Pair it with an organization by [`Strategy::prop_flat_map`]:
///
/// ```
/// use orgmodel::{Action, Decision, DenialReason, Resource, strategies};
/// use proptest::prelude::*;
///
/// let pairs = strategies::organization().prop_flat_map(|org| (strategies::now(&org), Just(org)));
/// proptest!(|((now, org) in pairs)| {
///     for token in org.tokens() {
///         let check = org.check_token(&token.id, now, Action::ReadProject, Resource::Organization);
///         let refused = matches!(check, Decision::Denied(d) if d.reason == DenialReason::NoValidToken);
///         prop_assert_eq!(refused, token.is_expired(now));
///     }
/// });
/// ```
pub fn now(org: &Organization) -> impl Strategy<Value = Timestamp> + use<> {
    let mut moments: Vec<Timestamp> = org
        .tokens()
        .iter()
        .filter_map(|token| token.expires_at)
        .flat_map(|at| {
            [
                at,
                Timestamp::from_unix_seconds(at.unix_seconds().saturating_sub(1)),
            ]
        })
        .collect();
    moments.push(Timestamp::UNIX_EPOCH);
    prop_oneof![
        3 => select(moments),
        1 => (1_500_000_000u64..2_000_000_000).prop_map(Timestamp::from_unix_seconds),
    ]
}
