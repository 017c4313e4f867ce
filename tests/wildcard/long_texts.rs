//! Texts longer than 256 characters, which `matches` reads as a stream:
//! equal to the reference matcher on random texts and on texts built to be
//! worst cases; `covers` on patterns of several words.

use super::{reference, small_text};
use crate::common::*;
use proptest::prelude::*;

enum Token {
    Star,
    Any,
    Is(usize),
}

/// The reference's rules as a table, in O(pattern × name), for long texts:
/// `row[j]` says whether the pattern's tokens so far match `name[..j]`.
fn reference_table(pattern: &str, name: &str) -> bool {
    // Characters compared by their lowercase forms, each form numbered once.
    let mut forms: Vec<String> = Vec::new();
    let mut number = |c: char| {
        let form: String = c.to_lowercase().collect();
        forms.iter().position(|f| *f == form).unwrap_or_else(|| {
            forms.push(form);
            forms.len() - 1
        })
    };
    let name: Vec<usize> = name.chars().map(&mut number).collect();
    let pattern: Vec<Token> = pattern
        .chars()
        .map(|c| match c {
            '*' => Token::Star,
            '?' => Token::Any,
            c => Token::Is(number(c)),
        })
        .collect();
    let mut row = vec![false; name.len() + 1];
    row[0] = true;
    for token in &pattern {
        let mut next = vec![false; name.len() + 1];
        match token {
            Token::Star => {
                let mut reached = false;
                for j in 0..=name.len() {
                    reached |= row[j];
                    next[j] = reached;
                }
            }
            Token::Any => next[1..].copy_from_slice(&row[..name.len()]),
            Token::Is(c) => {
                for j in 1..=name.len() {
                    next[j] = row[j - 1] && name[j - 1] == *c;
                }
            }
        }
        row = next;
    }
    !pattern.is_empty() && row[name.len()]
}

fn agree(pattern: &str, name: &str) -> Result<(), TestCaseError> {
    let expected = reference_table(pattern, name);
    prop_assert_eq!(
        wildcard(pattern).matches(name),
        expected,
        "{:?} vs {:?}",
        pattern,
        name
    );
    Ok(())
}

/// Runs of one character, single other characters, runs of `?` and stars:
/// long runs, `?`-heavy segments, and segments one character off.
/// At most `max` characters in all.
fn pieces(max_run: usize, with_stars: bool, max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => (1..max_run).prop_map(|n| "a".repeat(n)),
        2 => prop::sample::select(vec!["b", "B", "c", "é", "É", "\u{212A}", "k", "İ", "Σ", "σ"]).prop_map(String::from),
        2 => (1..max_run).prop_map(|n| "?".repeat(n)),
        if with_stars { 3 } else { 0 } => Just("*".to_string()),
        1 => (1..max_run / 4 + 2).prop_map(|n| "ab".repeat(n)),
    ];
    prop::collection::vec(piece, 1..10).prop_map(move |v| v.concat().chars().take(max).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn the_reference_table_is_the_reference(pattern in small_text("ab*?AÉé", 8), name in small_text("abAB-éÉ", 10)) {
        let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
        prop_assert_eq!(reference_table(&pattern, &name), reference(&p, &n));
    }

    #[test]
    fn random_long_texts_agree(pattern in small_text("ab*?AÉék\u{212A}", 40), name in small_text("abABéÉkK\u{212A}", 800)) {
        let name = format!("{}{name}", "ab".repeat(130));
        agree(&pattern, &name)?;
        agree(&format!("*{pattern}"), &name)?;
        agree(&format!("*{pattern}*"), &name)?;
    }

}

proptest! {
    // Each case fills tables of up to millions of cells.
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn built_long_texts_agree(pattern in pieces(200, true, 700), name in pieces(400, false, 1_200)) {
        // Texts of the pattern's own pieces: `?` stand for `a`.
        let name = format!("{}{}", name.replace('?', "a"), "a".repeat(257));
        agree(&pattern, &name)?;
        agree(&format!("*{pattern}*"), &name)?;
        agree(&format!("*{pattern}"), &name)?;
    }

    #[test]
    fn segments_that_almost_match_in_long_texts(
        segment in pieces(150, false, 320),
        copies in 1usize..4,
        flip in prop::collection::vec(any::<prop::sample::Index>(), 0..3),
        filler in 257usize..600,
    ) {
        // The segment written out (`?` as `b`) a few times, each copy with a
        // character changed here and there, after a long run of `a`.
        let body: Vec<char> = segment.replace('?', "b").chars().collect();
        let mut name = "a".repeat(filler);
        for copy in 0..copies {
            let mut written = body.clone();
            if let Some(at) = flip.get(copy) {
                let at = at.index(written.len());
                written[at] = if written[at] == 'a' { 'b' } else { 'a' };
            }
            name.extend(written);
        }
        agree(&format!("*{segment}*"), &name)?;
        agree(&format!("*{segment}*{segment}*"), &name)?;
        agree(&format!("*{segment}*b"), &name)?;
    }

    #[test]
    fn a_generalization_covers_its_source(source in pieces(100, true, 1_024), widen in prop::collection::vec(0u8..4, 1..600)) {
        // Each character kept, or turned into `?`, or into `*`: `covers` is
        // exact on such pairs, also across the index's 64-bit words.
        let general: String = source
            .chars()
            .zip(widen.iter().cycle())
            .map(|(c, &w)| match (c, w) {
                ('*', _) => '*',
                (_, 0) => '?',
                (_, 1) => '*',
                (c, _) => c,
            })
            .collect();
        let (general, source) = (wildcard(&general), wildcard(&source));
        prop_assert!(general.covers(&source), "{} should cover {}", general, source);
        // And soundly: a name the source matches, the general one matches.
        let name = source.as_str().replace('?', "c").replace('*', "dd");
        prop_assert!(source.matches(&name));
        prop_assert!(general.matches(&name));
    }
}

/// The bench's worst patterns, on 10,000 characters, against the table.
#[test]
fn the_worst_patterns_on_ten_thousand_characters() {
    let a = "a".repeat(10_000);
    let ideographs: Vec<char> = (0..2_000)
        .map(|i| char::from_u32(0x4E00 + i).unwrap())
        .collect();
    let cycled: String = ideographs.iter().take(1_022).cycle().take(10_000).collect();
    let almost: String = ideographs.iter().take(1_021).chain(['x'].iter()).collect();
    let exact: String = ideographs.iter().take(1_022).collect();
    // Greek lowercase letters in turn (not the final sigma), on their capitals.
    let letters = ('α'..='ω').filter(|&c| c != 'ς');
    let greek: String = letters.clone().cycle().take(1_022).collect();
    let upper: String = letters
        .flat_map(char::to_uppercase)
        .cycle()
        .take(10_000)
        .collect();
    let cases = [
        (format!("*{}b*", "a".repeat(1_021)), a.clone()),
        (format!("*{}*", "a".repeat(1_022)), a.clone()),
        (format!("*{}x*", "?".repeat(1_021)), a.clone()),
        (format!("*{}*", "?".repeat(1_022)), a.clone()),
        (format!("*{}ac*", "ab".repeat(510)), "ab".repeat(5_000)),
        (format!("*{}ab*", "ab".repeat(510)), "ab".repeat(5_000)),
        (
            format!("{}*b", "*a".repeat(511)),
            format!("{}b", "a".repeat(9_999)),
        ),
        (format!("{}*", "*ab".repeat(341)), a.clone()),
        (format!("*{almost}*"), cycled.clone()),
        (format!("*{exact}*"), cycled.clone()),
        (format!("*{}B*", "A".repeat(1_021)), format!("{a}b")),
        (
            format!("*{greek}x*", greek = &greek[..greek.len() - 2]),
            upper.clone(),
        ),
        (format!("*{greek}*"), upper),
    ];
    for (pattern, name) in &cases {
        assert_eq!(pattern.chars().count(), 1_024, "{pattern:.20}");
        let w = wildcard(pattern);
        assert_eq!(
            w.matches(name),
            reference_table(pattern, name),
            "{pattern:.30}… on {name:.30}…"
        );
    }
}
