//! Wildcards over environment names: the pattern, matching and covering.

mod cover;
mod index;
mod scan;
mod search;

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::OnceCell;
use core::fmt;
use core::str::FromStr;

use crate::limits;
use crate::text::{InvalidValue, check_length, fold_char};
use search::Positions;

pub(crate) use cover::Covered;

/// One character of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// `*`: any run of characters, also none.
    Star,
    /// `?`: exactly one character.
    Any,
    /// Any other character, matched case-insensitively.
    Char(char),
}

impl Token {
    #[inline]
    fn of(c: char) -> Self {
        match c {
            '*' => Token::Star,
            '?' => Token::Any,
            c => Token::Char(c),
        }
    }

    /// Whether this token (not a star) accepts the character `c`.
    #[inline]
    fn accepts(self, c: char) -> bool {
        match self {
            Token::Star | Token::Any => true,
            Token::Char(p) => p == c || fold_char(p) == fold_char(c),
        }
    }
}

/// A deployment rule's pattern over environment names, of at most
/// [`limits::WILDCARD`] characters.
///
/// `?` matches exactly one character, `*` any run of characters (also none),
/// and every other character stands for itself (`[PR]*` matches names that
/// start with `[PR]`). Matching covers the whole name and ignores case: two
/// characters (Unicode scalar values) match when their lowercase forms are
/// equal. An empty wildcard matches nothing.
///
/// Matching never backtracks and allocates nothing. The parts before the
/// first star and after the last are compared with the name's ends; the
/// parts between stars are then found in order, each at its earliest end
/// (which leaves the most of the name to the parts after it):
///
/// - in a name of at most 256 characters (every valid name is), through an
///   index of the name's characters built once per name (a sort of its
///   characters): per pattern character, one lookup and a few operations
///   on sets of 4 words;
/// - in a longer text of any length, by reading the text once (Shift-And):
///   per text character, its lowercase form, one lookup among the part's
///   distinct characters and a few operations on sets of at most 16 words;
///   each part is indexed first, in steps linear in its length.
///
/// A lookup is a table read for ASCII and a binary search among at most
/// [`limits::WILDCARD`] characters otherwise, and the sets of positions of
/// a part have at most 16 words: a match costs O(name + pattern) whatever
/// the text. The indexes live on the stack: about 10 KB for the name's,
/// and 19 KB more for a longer text's parts. The compiled wildcard holds
/// its text and 12 bytes more.
///
/// ```
/// use orgmodel::Wildcard;
///
/// let pattern: Wildcard = "Prod_Env_*".parse().unwrap();
/// assert!(pattern.matches("Prod_Env_1"));
/// assert!(pattern.matches("prod_env_"));
/// assert!(!pattern.matches("Staging_Env_1"));
/// assert!(Wildcard::new("*xyz*").unwrap().matches("aXyZb"));
/// assert!(!Wildcard::new("").unwrap().matches(""));
/// assert!(Wildcard::new("*".repeat(1_025)).is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Deserialize),
    serde(try_from = "String")
)]
pub struct Wildcard {
    pattern: Box<str>,
    /// Where the part before the first star ends, in bytes (the length if none).
    head: u16,
    /// Where the part after the last star begins, in bytes.
    tail: u16,
    /// Characters before the first star, and after the last.
    head_chars: u16,
    tail_chars: u16,
    /// Characters in all, and characters that are not stars.
    chars: u16,
    fixed: u16,
}

/// A name being matched against many wildcards, and the index of its
/// positions, built the first time a wildcard needs it (`None` inside: the
/// name is longer than [`search::CAP`] characters).
pub(crate) struct Subject<'a> {
    name: &'a str,
    positions: OnceCell<Option<Positions>>,
}

impl<'a> Subject<'a> {
    #[inline]
    pub(crate) fn new(name: &'a str) -> Self {
        Subject {
            name,
            positions: OnceCell::new(),
        }
    }
}

impl Wildcard {
    /// Parses a pattern: any text of at most [`limits::WILDCARD`] characters.
    ///
    /// # Errors
    /// [`InvalidValue::TooLong`] past the limit.
    pub fn new(pattern: impl Into<String>) -> Result<Self, InvalidValue> {
        let pattern: String = pattern.into();
        check_length("wildcard", &pattern, limits::Limit::Wildcard)?;
        let small = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        let head = pattern.find('*').unwrap_or(pattern.len());
        let tail = pattern.rfind('*').map_or(pattern.len(), |last| last + 1);
        let count = |part: Option<&str>| part.map_or(0, |p| p.chars().count());
        let chars = pattern.chars().count();
        let stars = pattern.chars().filter(|&c| c == '*').count();
        Ok(Wildcard {
            head: small(head),
            tail: small(tail),
            head_chars: small(count(pattern.get(..head))),
            tail_chars: small(count(pattern.get(tail..))),
            chars: small(chars),
            fixed: small(chars - stars),
            pattern: pattern.into_boxed_str(),
        })
    }

    /// The pattern as written.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// How many characters the pattern holds.
    pub fn len(&self) -> usize {
        usize::from(self.chars)
    }

    /// Whether the pattern is empty (and so matches nothing).
    pub fn is_empty(&self) -> bool {
        self.chars == 0
    }

    /// Whether the pattern is only stars, and so matches every name.
    pub fn is_catch_all(&self) -> bool {
        self.chars > 0 && self.fixed == 0
    }

    fn tokens(&self) -> impl DoubleEndedIterator<Item = Token> + '_ {
        self.pattern.chars().map(Token::of)
    }

    /// Whether the pattern matches the whole of `name`.
    pub fn matches(&self, name: &str) -> bool {
        self.matches_subject(&Subject::new(name))
    }

    pub(crate) fn matches_subject(&self, subject: &Subject<'_>) -> bool {
        let (head, tail) = (usize::from(self.head), usize::from(self.tail));
        let name = subject.name;
        // A character is at least one byte: a cheap bound before any decoding.
        if self.chars == 0 || usize::from(self.fixed) > name.len() {
            return false;
        }
        let (Some(first), Some(last)) = (self.pattern.get(..head), self.pattern.get(tail..)) else {
            return false;
        };
        let mut front = name.char_indices();
        if head == self.pattern.len() {
            // No star: one character of the name for each of the pattern.
            return first
                .chars()
                .all(|p| front.next().is_some_and(|(_, c)| Token::of(p).accepts(c)))
                && front.next().is_none();
        }
        if !first
            .chars()
            .all(|p| front.next().is_some_and(|(_, c)| Token::of(p).accepts(c)))
        {
            return false;
        }
        let mut back = name.char_indices().rev();
        let mut end = name.len();
        for p in last.chars().rev() {
            match back.next() {
                Some((at, c)) if Token::of(p).accepts(c) => end = at,
                _ => return false,
            }
        }
        // The two ends must not overlap.
        let start = front.offset();
        if start > end {
            return false;
        }
        let mut segments = self
            .pattern
            .get(head..tail)
            .unwrap_or_default()
            .split('*')
            .filter(|segment| !segment.is_empty())
            .peekable();
        if segments.peek().is_none() {
            return true;
        }
        match subject.positions.get_or_init(|| Positions::new(name)) {
            Some(positions) => {
                let to = positions.len() - usize::from(self.tail_chars);
                find_all(segments, positions, usize::from(self.head_chars), to)
            }
            None => scan::find_all(segments, name.get(start..end).unwrap_or_default()),
        }
    }

    /// Whether every name this pattern matches is also matched by `self`.
    ///
    /// The answer is sound (a `true` is always right) and complete for the
    /// cases that matter in practice: a pattern of stars covers everything,
    /// equal patterns cover each other, and a pattern covers every literal
    /// name it matches. It reads `other` as a string in which `other`'s `?`
    /// is only produced by `?` or `*`, and `other`'s `*` only by `*`, and
    /// matches `self` against it bit-parallel over an index of `other` built
    /// in steps linear in its length (about 19 KB on the stack): per token
    /// of `self`, one lookup and a few operations on sets of at most 17
    /// words. O(`self` + `other`), and nothing allocated.
    pub fn covers(&self, other: &Wildcard) -> bool {
        self.covers_at_once(other)
            .unwrap_or_else(|| Covered::empty().holding(other.tokens()).by(self.tokens()))
    }

    /// [`Wildcard::covers`], with `other`'s index built once for many tests
    /// (call [`Covered::forget`] before testing another `other`).
    pub(crate) fn covers_indexed(&self, other: &Wildcard, index: &mut Covered) -> bool {
        self.covers_at_once(other)
            .unwrap_or_else(|| index.holding(other.tokens()).by(self.tokens()))
    }

    /// The answer of [`Wildcard::covers`] when it needs no index.
    fn covers_at_once(&self, other: &Wildcard) -> Option<bool> {
        if other.chars == 0 {
            Some(true)
        } else if self.chars == 0 || self.fixed > other.fixed || !self.ends_allow(other) {
            Some(false)
        } else {
            None
        }
    }

    /// A quick necessary condition for covering `other`: a character that
    /// `self` requires first (or last) must be `other`'s first (or last).
    fn ends_allow(&self, other: &Wildcard) -> bool {
        let agree = |mine: Option<char>, theirs: Option<char>| match (
            mine.map(Token::of),
            theirs.map(Token::of),
        ) {
            (Some(Token::Char(a)), Some(Token::Char(b))) => fold_char(a) == fold_char(b),
            (Some(Token::Char(_)), _) => false,
            _ => true,
        };
        agree(self.pattern.chars().next(), other.pattern.chars().next())
            && agree(
                self.pattern.chars().next_back(),
                other.pattern.chars().next_back(),
            )
    }

    /// The pattern with each character replaced by its case-insensitive key:
    /// equal keys, equal sets of names.
    pub(crate) fn folded_key(&self) -> Vec<u32> {
        self.pattern.chars().map(fold_char).collect()
    }
}

/// Finds each segment at its leftmost place in the positions `from..to`.
#[inline]
fn find_all<'s>(
    segments: impl Iterator<Item = &'s str>,
    positions: &Positions,
    mut from: usize,
    to: usize,
) -> bool {
    for segment in segments {
        let length = segment.chars().count();
        if from + length > to {
            return false;
        }
        // Where a match of the segment's first j characters can end: first
        // wherever the segment fits, then moved on one character at a time.
        let mut ends = search::range(from, to - length + 1);
        for (j, p) in segment.chars().enumerate() {
            if j > 0 {
                ends = search::shift_up_one(&ends);
            }
            if p != '?' {
                ends = search::and(&ends, &positions.of(fold_char(p)));
                if ends.iter().all(|word| *word == 0) {
                    return false;
                }
            }
        }
        match search::lowest(&ends) {
            Some(end) => from = end + 1,
            None => return false,
        }
    }
    true
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

impl FromStr for Wildcard {
    type Err = InvalidValue;
    fn from_str(pattern: &str) -> Result<Self, InvalidValue> {
        Wildcard::new(pattern)
    }
}

impl TryFrom<&str> for Wildcard {
    type Error = InvalidValue;
    fn try_from(pattern: &str) -> Result<Self, InvalidValue> {
        Wildcard::new(pattern)
    }
}

impl TryFrom<String> for Wildcard {
    type Error = InvalidValue;
    fn try_from(pattern: String) -> Result<Self, InvalidValue> {
        Wildcard::new(pattern)
    }
}

impl From<Wildcard> for String {
    fn from(wildcard: Wildcard) -> String {
        wildcard.pattern.into()
    }
}
