//! Names, e-mail addresses and ids: validation, limits and comparison.

mod common;

use common::*;
use orgmodel::*;

#[test]
fn names_are_non_empty_and_compared_case_insensitively() {
    assert!(matches!(Name::new(""), Err(InvalidValue::BlankName { .. })));
    assert!(matches!(
        Name::new(" \t"),
        Err(InvalidValue::BlankName { .. })
    ));
    assert!(name("Acme").eq_ignore_case(&name("ACME")));
    assert!(name("ÉCOLE").eq_ignore_case(&name("école")));
    assert!(!name("Acme").eq_ignore_case(&name("Acme Corp")));
    assert_ne!(name("Acme"), name("ACME"), "`==` compares exactly");
    assert_eq!(name("Acme").to_string(), "Acme");
}

#[test]
fn ids_are_opaque_non_empty_strings() {
    assert_eq!(
        UserId::new(""),
        Err(InvalidValue::EmptyId { what: "user id" })
    );
    assert_eq!(uid(" x ").as_str(), " x ");
    assert_ne!(uid("A"), uid("a"), "ids are opaque: no case folding");
}

#[test]
fn emails_are_syntactically_checked() {
    for bad in [
        "",
        "ada",
        "@acme.dev",
        "ada@",
        "ada@acme",
        "ada@@acme.dev",
        "a da@acme.dev",
        "ada@acme..dev",
        "ada@.dev",
    ] {
        assert!(
            matches!(Email::new(bad), Err(InvalidValue::Email { .. })),
            "{bad:?} should be refused"
        );
    }
    for good in ["ada@acme.dev", "a.b+c@mail.acme.co.uk", "ÉLODIE@exemple.fr"] {
        assert!(Email::new(good).is_ok(), "{good:?} should be accepted");
    }
    assert!(email("Ada@ACME.dev").eq_ignore_case(&email("ada@acme.DEV")));
    assert_ne!(
        email("Ada@ACME.dev"),
        email("ada@acme.DEV"),
        "`==` compares exactly"
    );
}
