//! Wildcards over environment names.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::search::{self, Searcher};
use crate::text::same_char;

/// One parsed character of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Token {
    /// `*`: any run of characters, also none. Consecutive stars are merged.
    Star,
    /// `?`: exactly one character.
    Any,
    /// Any other character, matched case-insensitively.
    Char(char),
}

impl Token {
    #[inline]
    fn accepts(self, c: char) -> bool {
        match self {
            Token::Star | Token::Any => true,
            Token::Char(p) => same_char(p, c),
        }
    }
}

/// A deployment rule's pattern over environment names.
///
/// `?` matches exactly one character, `*` any run of characters (also none),
/// and every other character stands for itself (`[PR]*` matches names that
/// start with `[PR]`). Matching covers the whole name and ignores case: two
/// characters (Unicode scalar values) match when their lowercase forms are
/// equal. An empty wildcard matches nothing.
///
/// Matching never backtracks: the pattern is cut at its stars into segments
/// of fixed length; the first must match the start of the name, the last its
/// end, and each one between is found at its leftmost place by a
/// bit-parallel search (Shift-And) compiled when the pattern is parsed. The
/// cost is linear in the name (times one machine word per 64 characters of
/// a segment), whatever the pattern; only a segment longer than 4,096
/// characters is instead tried at each position.
///
/// ```
/// use orgmodel::Wildcard;
///
/// let pattern = Wildcard::new("Prod_Env_*");
/// assert!(pattern.matches("Prod_Env_1"));
/// assert!(pattern.matches("prod_env_"));
/// assert!(!pattern.matches("Staging_Env_1"));
/// assert!(Wildcard::new("*xyz*").matches("aXyZb"));
/// assert!(!Wildcard::new("").matches(""));
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(from = "String", into = "String"))]
pub struct Wildcard {
    pattern: Box<str>,
    tokens: Box<[Token]>,
    /// How many tokens come before the first star (all of them if none).
    head: usize,
    /// Where the tokens after the last star begin.
    tail: usize,
    /// The segments between the first and the last star, compiled for search.
    middle: Box<[Segment]>,
}

/// A segment between two stars, ready to be searched for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Segment {
    /// Searched bit-parallel: linear in the name.
    Compiled(Searcher),
    /// Longer than [`search::MAX_LEN`]: tried at each position.
    Long(Box<[Token]>),
}

impl Segment {
    fn find(&self, s: &str) -> Option<usize> {
        match self {
            Segment::Compiled(searcher) => searcher.find(s),
            Segment::Long(tokens) => s
                .char_indices()
                .find_map(|(i, _)| Some(i + match_prefix(tokens, s.get(i..)?)?)),
        }
    }
}

impl Wildcard {
    /// Parses a pattern. Every string is a valid pattern.
    pub fn new(pattern: impl Into<String>) -> Self {
        let pattern: String = pattern.into();
        let mut tokens = Vec::with_capacity(pattern.len());
        for c in pattern.chars() {
            let token = match c {
                '*' => Token::Star,
                '?' => Token::Any,
                c => Token::Char(c),
            };
            if !(token == Token::Star && tokens.last() == Some(&Token::Star)) {
                tokens.push(token);
            }
        }
        let head = tokens
            .iter()
            .position(|t| *t == Token::Star)
            .unwrap_or(tokens.len());
        let tail = tokens
            .iter()
            .rposition(|t| *t == Token::Star)
            .map_or(tokens.len(), |last| last + 1);
        let middle = tokens
            .get(head..tail)
            .unwrap_or_default()
            .split(|t| *t == Token::Star)
            .filter(|segment| !segment.is_empty())
            .map(|segment| {
                if segment.len() <= search::MAX_LEN {
                    Segment::Compiled(Searcher::new(segment))
                } else {
                    Segment::Long(segment.into())
                }
            })
            .collect();
        Wildcard {
            pattern: pattern.into_boxed_str(),
            tokens: tokens.into_boxed_slice(),
            head,
            tail,
            middle,
        }
    }

    /// The pattern as written.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the pattern matches the whole of `name`.
    pub fn matches(&self, name: &str) -> bool {
        let tokens = &*self.tokens;
        let (Some(first), Some(last)) = (tokens.get(..self.head), tokens.get(self.tail..)) else {
            return false;
        };
        // Most rules fail on their first character: decide that without decoding.
        if let (Some(Token::Char(p)), Some(&b)) = (first.first(), name.as_bytes().first()) {
            if p.is_ascii() && b.is_ascii() && !p.eq_ignore_ascii_case(&char::from(b)) {
                return false;
            }
        }
        if self.head == tokens.len() {
            // No star: the one segment is the whole name (an empty pattern matches nothing).
            return !tokens.is_empty() && match_prefix(first, name) == Some(name.len());
        }
        let Some(rest) = match_prefix(first, name).and_then(|end| name.get(end..)) else {
            return false;
        };
        let Some(mut middle) = match_suffix(last, rest).and_then(|start| rest.get(..start)) else {
            return false;
        };
        for segment in &*self.middle {
            match segment.find(middle).and_then(|end| middle.get(end..)) {
                Some(after) => middle = after,
                None => return false,
            }
        }
        true
    }

    /// Whether every name this pattern matches is also matched by `self`.
    ///
    /// The answer is sound (a `true` is always right) and complete for the
    /// cases that matter in practice: a pattern of stars covers everything,
    /// equal patterns cover each other, and a pattern covers every literal
    /// name it matches. It is found by matching `self` against `other` read
    /// as a string in which `other`'s `?` is only matched by `?` or `*` and
    /// `other`'s `*` only by `*`.
    pub fn covers(&self, other: &Wildcard) -> bool {
        if other.tokens.is_empty() {
            return true;
        }
        if self.tokens.is_empty() {
            return false;
        }
        // reach[j]: self's tokens so far can produce other's first j tokens.
        let mut reach = vec![false; other.tokens.len() + 1];
        if let Some(empty) = reach.first_mut() {
            *empty = true;
        }
        for &token in &*self.tokens {
            if token == Token::Star {
                let mut any = false;
                for r in &mut reach {
                    any |= *r;
                    *r = any;
                }
            } else {
                let mut before = false;
                let symbols = core::iter::once(None).chain(other.tokens.iter().copied().map(Some));
                for (r, symbol) in reach.iter_mut().zip(symbols) {
                    let produces = match (token, symbol) {
                        (Token::Any, Some(Token::Any | Token::Char(_))) => true,
                        (Token::Char(a), Some(Token::Char(b))) => same_char(a, b),
                        _ => false,
                    };
                    (before, *r) = (*r, before && produces);
                }
            }
        }
        reach.last().copied().unwrap_or(false)
    }
}

impl fmt::Debug for Wildcard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Wildcard({:?})", self.pattern)
    }
}

impl fmt::Display for Wildcard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pattern)
    }
}

impl From<&str> for Wildcard {
    fn from(pattern: &str) -> Self {
        Wildcard::new(pattern)
    }
}

impl From<String> for Wildcard {
    fn from(pattern: String) -> Self {
        Wildcard::new(pattern)
    }
}

impl From<Wildcard> for String {
    fn from(wildcard: Wildcard) -> String {
        wildcard.pattern.into()
    }
}

/// If `segment` matches the start of `s`, the byte length it covers.
#[inline]
fn match_prefix(segment: &[Token], s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    for &token in segment {
        let (_, c) = chars.next()?;
        if !token.accepts(c) {
            return None;
        }
    }
    Some(chars.offset())
}

/// If `segment` matches the end of `s`, the byte offset where it starts.
#[inline]
fn match_suffix(segment: &[Token], s: &str) -> Option<usize> {
    let mut chars = s.char_indices().rev();
    let mut start = s.len();
    for &token in segment.iter().rev() {
        let (i, c) = chars.next()?;
        if !token.accepts(c) {
            return None;
        }
        start = i;
    }
    Some(start)
}
