//! How a chapter of a publication is numbered: front and back matter
//! (a foreword, a colophon) carry no number, appendices a letter of their
//! own, and the numbered chapters count on without them.

/// What the author chose in a chapter's `numbering:` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    /// A chapter of the text: Hoofdstuk 1, 2, 3 (the default).
    #[default]
    Numbered,
    /// Front or back matter without a number: a foreword, a summary, a
    /// colophon.
    Unnumbered,
    /// An appendix: Bijlage A, B, C.
    Appendix,
}

impl Numbering {
    /// The values an author may write, in the order of [`Numbering`].
    pub const NAMES: [&'static str; 3] = ["numbered", "unnumbered", "appendix"];

    /// The numbering an author wrote, or None for an unknown word.
    pub fn parse(s: &str) -> Option<Numbering> {
        match s.trim() {
            "numbered" => Some(Numbering::Numbered),
            "unnumbered" => Some(Numbering::Unnumbered),
            "appendix" => Some(Numbering::Appendix),
            _ => None,
        }
    }
}

/// A chapter's place in its publication's numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChapterNumber {
    /// The n-th numbered chapter, from 1.
    Numbered(u32),
    /// The n-th appendix, from 1 (shown as a letter: 1 is A).
    Appendix(u32),
    Unnumbered,
}

impl ChapterNumber {
    /// The numbers of chapters numbered as `kinds` say, in reading order:
    /// numbered chapters count 1, 2, 3 and appendices A, B, C, each
    /// skipping the others.
    pub fn assign(kinds: impl IntoIterator<Item = Numbering>) -> Vec<ChapterNumber> {
        let (mut chapters, mut appendices) = (0, 0);
        kinds
            .into_iter()
            .map(|kind| match kind {
                Numbering::Numbered => {
                    chapters += 1;
                    ChapterNumber::Numbered(chapters)
                }
                Numbering::Appendix => {
                    appendices += 1;
                    ChapterNumber::Appendix(appendices)
                }
                Numbering::Unnumbered => ChapterNumber::Unnumbered,
            })
            .collect()
    }

    /// The numbering that gave this number.
    pub fn numbering(self) -> Numbering {
        match self {
            ChapterNumber::Numbered(_) => Numbering::Numbered,
            ChapterNumber::Appendix(_) => Numbering::Appendix,
            ChapterNumber::Unnumbered => Numbering::Unnumbered,
        }
    }

    /// The number as shown: "3" for a chapter, "A" for an appendix, none
    /// for front and back matter.
    pub fn shown(self) -> Option<String> {
        match self {
            ChapterNumber::Numbered(n) => Some(n.to_string()),
            ChapterNumber::Appendix(n) => Some(letters(n)),
            ChapterNumber::Unnumbered => None,
        }
    }
}

/// 1 -> A, 26 -> Z, 27 -> AA: the letters of the n-th appendix.
fn letters(mut n: u32) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_skip_front_matter_and_appendices() {
        use Numbering::*;
        let numbers = ChapterNumber::assign([Unnumbered, Numbered, Appendix, Numbered, Appendix]);
        let shown: Vec<Option<String>> = numbers.iter().map(|n| n.shown()).collect();
        let expected = [None, Some("1"), Some("A"), Some("2"), Some("B")];
        assert_eq!(shown, expected.map(|s| s.map(String::from)));
    }

    #[test]
    fn appendix_letters_go_on_after_z() {
        assert_eq!(letters(1), "A");
        assert_eq!(letters(26), "Z");
        assert_eq!(letters(27), "AA");
        assert_eq!(letters(53), "BA");
    }

    #[test]
    fn only_the_documented_words_are_read() {
        assert_eq!(Numbering::parse("appendix"), Some(Numbering::Appendix));
        assert_eq!(Numbering::parse("bijlage"), None);
        for name in Numbering::NAMES {
            assert!(Numbering::parse(name).is_some());
        }
    }
}
