//! Wildcards on texts of any length: 10,000-character texts against the
//! worst 1,024-character patterns found, and `covers` between two patterns
//! of 1,024 characters.

use criterion::{Criterion, criterion_group, criterion_main};
use orgmodel::{Wildcard, limits};
use std::hint::black_box;

const TEXT: usize = 10_000;

fn wildcard(pattern: &str) -> Wildcard {
    assert_eq!(pattern.chars().count(), limits::WILDCARD, "{pattern:.20}…");
    pattern.parse().unwrap()
}

/// `n` distinct characters that are not ASCII (CJK ideographs, which fold to themselves).
fn distinct(n: usize) -> Vec<char> {
    (0..n)
        .map(|i| char::from_u32(0x4E00 + i as u32).unwrap())
        .collect()
}

/// `n` lowercase letters beyond ASCII, each the lowercase of one uppercase
/// letter, with those uppercase letters.
fn cased(n: usize) -> (Vec<char>, Vec<char>) {
    (0x80..0x2_0000)
        .filter_map(char::from_u32)
        .filter_map(|c| {
            let mut upper = c.to_uppercase();
            let (Some(u), None) = (upper.next(), upper.next()) else {
                return None;
            };
            let round_trip = u.to_lowercase().eq([c]) && c.to_lowercase().eq([c]);
            (u != c && round_trip).then_some((c, u))
        })
        .take(n)
        .unzip()
}

/// (name, pattern, text): each text 10,000 characters, each pattern 1,024.
fn cases() -> Vec<(&'static str, String, String)> {
    let a = "a".repeat(TEXT);
    let ideographs = distinct(1_022);
    // The 1,022 ideographs in turn: every window but one end almost matches.
    let cycled: String = ideographs.iter().cycle().take(TEXT).collect();
    let mut almost: String = ideographs.iter().take(1_021).collect();
    almost.push('x');
    // One `a` every 19 characters, ending in `b`: the 511 segments `*a` read the whole text.
    let sparse: String = (1..=TEXT)
        .map(|i| match i {
            TEXT => 'b',
            i if i % 19 == 0 => 'a',
            _ => 'b',
        })
        .collect();
    vec![
        // One segment of 1,021 `a`s and a `b`, on `a`s only: old code compared
        // the whole segment at every position.
        ("run_then_b", format!("*{}b*", "a".repeat(1_021)), a.clone()),
        (
            "questions_then_x",
            format!("*{}x*", "?".repeat(1_021)),
            a.clone(),
        ),
        (
            "alternating",
            format!("*{}ac*", "ab".repeat(510)),
            "ab".repeat(TEXT / 2),
        ),
        // The first segment found at once, the second (one `a` longer) never:
        // runs of 509 `a`s.
        (
            "two_long_segments",
            format!("*{}b*{}b*", "a".repeat(509), "a".repeat(510)),
            {
                let block = format!("{}b", "a".repeat(509));
                block.repeat(TEXT / 510 + 1).chars().take(TEXT).collect()
            },
        ),
        (
            "question_heavy",
            {
                let segment: String = "??????a".repeat(146).chars().take(1_021).collect();
                format!("*{segment}b*")
            },
            a.clone(),
        ),
        (
            "many_short_segments",
            format!("{}*b", "*a".repeat(511)),
            sparse,
        ),
        (
            "pairs_on_one_char",
            format!("{}*", "*ab".repeat(341)),
            a.clone(),
        ),
        // 341 segments of two characters, found one every 29 characters.
        ("pairs_spread", format!("{}*", "*ab".repeat(341)), {
            let block = format!("{}ab", "c".repeat(27));
            block.repeat(TEXT / 29 + 1).chars().take(TEXT).collect()
        }),
        ("distinct_almost", format!("*{almost}*"), cycled),
        // The same with letters that have a case: 1,021 lowercase letters
        // and an `x`, on their uppercase forms, each folded in turn.
        (
            "cased_almost",
            {
                let (lower, _) = cased(1_021);
                format!("*{}x*", lower.into_iter().collect::<String>())
            },
            {
                let (_, upper) = cased(1_021);
                upper.iter().cycle().take(TEXT).collect()
            },
        ),
        // 64 cased letters in turn, 1,021 of them and an `x`, on their
        // uppercase forms: every word of the state busy, each letter at 16
        // places, and each text character folded.
        (
            "cased_periodic",
            {
                let (lower, _) = cased(64);
                let body: String = lower.iter().cycle().take(1_021).collect();
                format!("*{body}x*")
            },
            {
                let (_, upper) = cased(64);
                upper.iter().cycle().take(TEXT).collect()
            },
        ),
        // 511 segments of one ideograph, found one every 19 characters among
        // ideographs the pattern does not hold.
        (
            "distinct_sparse",
            {
                let body: String = ideographs
                    .iter()
                    .take(511)
                    .map(|c| format!("*{c}"))
                    .collect();
                format!("{body}**")
            },
            {
                let others = distinct(2_000).split_off(1_022);
                let mut text = String::new();
                for (i, c) in ideographs.iter().take(511).enumerate() {
                    text.extend(others.iter().cycle().skip(i * 18).take(18));
                    text.push(*c);
                }
                text.extend(others.iter().cycle().take(TEXT - 511 * 19));
                text
            },
        ),
        ("case_folded", format!("*{}B*", "A".repeat(1_021)), a),
    ]
}

fn long_text(c: &mut Criterion) {
    let mut group = c.benchmark_group("long_text");
    for (name, pattern, text) in cases() {
        assert_eq!(text.chars().count(), TEXT, "{name}");
        let pattern = wildcard(&pattern);
        group.bench_function(name, |b| {
            b.iter(|| black_box(&pattern).matches(black_box(&text)));
        });
    }
    group.finish();
}

/// (name, covering, covered): both of 1,024 characters, and each covers the other's
/// tokens all the way (no early answer).
fn cover_cases() -> Vec<(&'static str, String, String)> {
    let ideographs: String = distinct(1_024).into_iter().collect();
    let starred: String = distinct(512).into_iter().map(|c| format!("*{c}")).collect();
    vec![
        ("stars_over_letters", "*a".repeat(512), "a".repeat(1_024)),
        ("questions_over_stars", "*?".repeat(512), "?*".repeat(512)),
        ("questions", "?".repeat(1_024), "?".repeat(1_024)),
        ("distinct_itself", ideographs.clone(), ideographs),
        ("distinct_stars_itself", starred.clone(), starred),
    ]
}

fn covers(c: &mut Criterion) {
    let mut group = c.benchmark_group("covers");
    for (name, outer, inner) in cover_cases() {
        let (outer, inner) = (wildcard(&outer), wildcard(&inner));
        group.bench_function(name, |b| {
            b.iter(|| black_box(&outer).covers(black_box(&inner)));
        });
    }
    group.finish();
}

criterion_group!(benches, long_text, covers);
criterion_main!(benches);
