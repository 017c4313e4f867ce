//! Each public `ALL` list is pinned to strum's iterator over the enum: it
//! holds every variant, once, in declaration order, which is also the `Ord`
//! order. The lists stay arrays (usable in `const` and by value); this test
//! is what keeps them from drifting when a variant is added.

use orgmodel::{Action, Mode, Plan, Role};
use strum::{EnumCount, IntoEnumIterator};

#[track_caller]
fn pinned<T>(all: &[T])
where
    T: IntoEnumIterator + EnumCount + Ord + Copy + core::fmt::Debug,
{
    every_variant(all);
    assert!(all.is_sorted(), "declaration order is the Ord order");
}

/// The same for an enum without an order (roles form no chain).
#[track_caller]
fn every_variant<T>(all: &[T])
where
    T: IntoEnumIterator + EnumCount + PartialEq + Copy + core::fmt::Debug,
{
    let variants: Vec<T> = T::iter().collect();
    assert_eq!(all, variants.as_slice(), "ALL is every variant, in order");
    assert_eq!(all.len(), T::COUNT);
}

#[test]
fn every_all_list_is_the_enums_variants_in_order() {
    pinned(&Mode::ALL);
    every_variant(&Role::ALL);
    pinned(&Plan::ALL);
    pinned(&Action::ALL);
}

#[test]
fn the_orders_the_api_promises() {
    // Role::ALL lists the built-in roles as the platform does, the most
    // privileged first; Role::SOURCE is the source table's columns.
    assert_eq!(
        Role::ALL,
        [
            Role::Owner,
            Role::Admin,
            Role::DevOps,
            Role::Developer,
            Role::Viewer,
            Role::BillingManager
        ]
    );
    assert_eq!(
        Role::SOURCE,
        [Role::Owner, Role::Admin, Role::Developer, Role::Viewer]
    );
    // Action::ALL is in the permission table's order: organization rows,
    // then project rows, then environment rows.
    assert_eq!(Action::ALL.first(), Some(&Action::ReadOrganization));
    assert_eq!(Action::ALL.last(), Some(&Action::DeleteDatabase));
    assert!(
        Action::ALL
            .windows(2)
            .all(|pair| pair[0].scope() as u8 <= pair[1].scope() as u8),
        "scopes do not interleave"
    );
}

/// An unknown name is refused without echoing it whole: a 1 MB value comes
/// back as its first characters, escaped, and its size.
#[cfg(feature = "serde")]
#[test]
fn an_unknown_name_is_not_echoed_whole() {
    use orgmodel::Permission;
    let huge = format!("R{}", "x".repeat(1_000_000));
    let value = serde_json::Value::String(huge.clone());
    let errors = [
        serde_json::from_value::<Role>(value.clone()).unwrap_err(),
        serde_json::from_value::<Mode>(value.clone()).unwrap_err(),
        serde_json::from_value::<Plan>(value.clone()).unwrap_err(),
        serde_json::from_value::<Action>(value.clone()).unwrap_err(),
        serde_json::from_value::<Permission>(serde_json::json!([huge])).unwrap_err(),
    ];
    for error in errors {
        let error = error.to_string();
        assert!(error.len() <= 512, "{} bytes", error.len());
        assert!(error.contains("(1000001 bytes)"), "{error}");
        assert!(
            error.contains(&format!("\"R{}\"…", "x".repeat(31))),
            "{error}"
        );
    }
    // A short one is shown whole, as before.
    let error = serde_json::from_str::<Role>(r#""ROOT""#).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("unknown variant `ROOT`, expected one of")
    );
}
