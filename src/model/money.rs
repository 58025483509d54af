//! Money: exact euro amounts, "PM" (pro memorie, amount not yet known) and
//! empty cells, with Dutch formatting.
//!
//! Amounts are kept in whole euro cents so that "€ 2,5k" is exact and sums
//! never drift. PM is a value of its own: it is never summed and never drawn
//! as zero; a sum over parts that include PM is a [`Total`] that says so.

use serde::Serialize;
use std::fmt;

/// Cents in one euro.
const CENTS: i64 = 100;

/// The largest amount koers accepts: one thousand billion euro, far above
/// any public budget. Keeping amounts this small leaves room to add up
/// tens of thousands of them, and keeps every amount exact as a float
/// (below 2^53 cents) in charts and datasets.
pub const MAX_CENTS: i64 = 1_000_000_000_000 * CENTS;

/// A money cell as written in content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Money {
    /// A known amount, in euro cents.
    Amount(i64),
    /// Pro memorie: the amount is not known yet.
    Pm,
}

/// The unit that plain numbers in a table or a report are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MoneyUnit {
    /// Plain numbers are euros.
    #[default]
    Euro,
    /// Plain numbers are thousands of euros (k€, "x € 1.000").
    Thousand,
    /// Plain numbers are millions of euros.
    Million,
}

impl MoneyUnit {
    /// Parses the unit names authors write: `euro`, `€`, `k€`, `keur`, `x1000`, `mln`.
    pub fn parse(text: &str) -> Option<MoneyUnit> {
        let t = text.trim().to_lowercase().replace([' ', '.'], "");
        match t.as_str() {
            "euro" | "eur" | "€" => Some(MoneyUnit::Euro),
            "k€" | "keur" | "€k" | "k" | "x1000" | "x€1000" | "duizend" => {
                Some(MoneyUnit::Thousand)
            }
            "mln" | "m€" | "meur" | "miljoen" | "x€1000000" | "€mln" | "mln€" | "€miljoen" => {
                Some(MoneyUnit::Million)
            }
            _ => None,
        }
    }

    /// The money unit a free text names, such as a table header's "(k€)"
    /// or a chart's `unit:`; only a unit that names the euro (€, eur, euro)
    /// is money there. "x 1.000" or "mln" alone may count visitors as
    /// well as euros, and koers does not guess which. (A money field of the
    /// front matter, whose `unit:` can only be money, reads
    /// [`MoneyUnit::parse`].)
    pub fn named(text: &str) -> Option<MoneyUnit> {
        let lower = text.to_lowercase();
        if lower.contains('€') || lower.contains("eur") {
            MoneyUnit::parse(text)
        } else {
            None
        }
    }

    fn factor_cents(self) -> i64 {
        match self {
            MoneyUnit::Euro => CENTS,
            MoneyUnit::Thousand => 1_000 * CENTS,
            MoneyUnit::Million => 1_000_000 * CENTS,
        }
    }
}

/// Why a money value could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    NotAnAmount(String),
    Negative(String),
    TooLarge(String),
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::NotAnAmount(s) => write!(f, "`{s}` is not an amount of money"),
            MoneyError::Negative(s) => write!(f, "`{s}` is negative; amounts cannot be below zero"),
            MoneyError::TooLarge(s) => write!(f, "`{s}` is too large to be an amount of money"),
        }
    }
}

/// The forms koers accepts, for help texts.
pub const MONEY_FORMS: &str = "write a number in the table's unit (250 or 2.5), a Dutch amount \
     (\"€ 1.250.000\", \"€ 250k\", \"2,5 mln\") or PM for an amount not yet known";

impl Money {
    /// Reads a number written in YAML (already a float) in the given unit.
    pub fn from_number(value: f64, unit: MoneyUnit) -> Result<Money, MoneyError> {
        let shown = format_plain(value);
        if !value.is_finite() {
            return Err(MoneyError::NotAnAmount(shown));
        }
        if value < 0.0 {
            return Err(MoneyError::Negative(shown));
        }
        let cents = (value * unit.factor_cents() as f64).round();
        if cents > MAX_CENTS as f64 {
            return Err(MoneyError::TooLarge(shown));
        }
        Ok(Money::Amount(cents as i64))
    }

    /// An exact decimal number (`digits` / 10^`scale`) in `unit`, rounded
    /// to whole cents (half up).
    fn from_decimal(digits: u128, scale: u32, unit: MoneyUnit) -> Option<Money> {
        let scaled = digits.checked_mul(unit.factor_cents() as u128)?;
        let divisor = 10u128.checked_pow(scale)?;
        let cents = (scaled + divisor / 2) / divisor;
        (cents <= MAX_CENTS as u128).then_some(Money::Amount(cents as i64))
    }

    /// Reads a text amount: "PM", "€ 1.250.000", "€ 250k", "250k", "2,5 mln",
    /// "100€k", or a plain Dutch or English number in `unit`.
    ///
    /// Only a bare number is in `unit`: an amount that names its own unit,
    /// with the euro sign ("€ 250.000" is € 250.000 in a k€ table) or a
    /// suffix ("250k"), is absolute.
    pub fn parse(text: &str, unit: MoneyUnit) -> Result<Money, MoneyError> {
        let original = text.trim();
        if let Some(whole) = bare_whole_number(original) {
            let digits = whole.ok_or_else(|| MoneyError::NotAnAmount(original.to_string()))?;
            return Money::from_decimal(digits, 0, unit)
                .ok_or_else(|| MoneyError::TooLarge(original.to_string()));
        }
        let lower = original.to_lowercase();
        if lower == "pm" || lower == "p.m." {
            return Ok(Money::Pm);
        }
        let mut t: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
        let says_euro = t.contains('€') || t.contains("eur");
        t = t.replace('€', "").replace("euro", "").replace("eur", "");
        let (number, own_unit) = split_unit_suffix(&t);
        let unit = match (own_unit, says_euro) {
            (Some(own), _) => own,
            (None, true) => MoneyUnit::Euro,
            (None, false) => unit,
        };
        if number.starts_with('-') {
            return Err(MoneyError::Negative(original.to_string()));
        }
        let (digits, scale) = parse_dutch_number(number)
            .ok_or_else(|| MoneyError::NotAnAmount(original.to_string()))?;
        Money::from_decimal(digits, scale, unit)
            .ok_or_else(|| MoneyError::TooLarge(original.to_string()))
    }

    /// The amount in cents, or `None` for PM.
    pub fn cents(self) -> Option<i64> {
        match self {
            Money::Amount(c) => Some(c),
            Money::Pm => None,
        }
    }

    pub fn is_pm(self) -> bool {
        matches!(self, Money::Pm)
    }

    /// The amount in euros as a float, for charts; `None` for PM.
    pub fn euros(self) -> Option<f64> {
        self.cents().map(|c| c as f64 / CENTS as f64)
    }
}

/// Most amounts are a bare whole number ("250"): read without the copies
/// the other notations need (it was 1.5 % of a build's instructions). None
/// for any other text; Some(None) for digits beyond `u128`. The same as
/// [`parse_dutch_number`] for such a text.
fn bare_whole_number(t: &str) -> Option<Option<u128>> {
    let digits = !t.is_empty() && t.len() <= 40 && t.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| t.parse::<u128>().ok())
}

fn split_unit_suffix(t: &str) -> (&str, Option<MoneyUnit>) {
    for (suffix, unit) in [
        ("miljoen", MoneyUnit::Million),
        ("mln", MoneyUnit::Million),
        ("m", MoneyUnit::Million),
        ("k", MoneyUnit::Thousand),
    ] {
        if let Some(n) = t.strip_suffix(suffix) {
            return (n, Some(unit));
        }
    }
    (t, None)
}

/// Reads a plain number ("1.520", "0,5", "2018") as an exact decimal: its
/// digits and how many of them follow the decimal point.
pub fn parse_decimal(text: &str) -> Option<(u128, u32)> {
    parse_dutch_number(text.trim())
}

/// Parses "1.250.000", "1.250.000,50", "2,5", "2.5", "1250" into an exact
/// decimal: its digits and how many of them follow the decimal point.
/// Dots that group thousands as Dutch writes them ("1.075" is one thousand
/// and seventy-five: a first group of one to three digits without a
/// leading zero, then groups of three) are thousands separators; any other
/// dot is a decimal point, so that English "2.5" and "0.125" also work.
/// Before a decimal comma, dots must group thousands.
fn parse_dutch_number(t: &str) -> Option<(u128, u32)> {
    if t.is_empty()
        || t.len() > 40
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let (whole, fraction) = match t.split_once(',') {
        Some((whole, fraction)) => (ungrouped(whole)?, fraction),
        None => match ungrouped(t) {
            Some(whole) => (whole, ""),
            None => {
                let (whole, fraction) = t.split_once('.')?;
                (whole.to_string(), fraction)
            }
        },
    };
    if fraction.contains(['.', ',']) || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    let digits = format!("{whole}{fraction}").parse::<u128>().ok()?;
    Some((digits, fraction.len() as u32))
}

/// `t` without the dots that group its thousands ("1.250.000" ->
/// "1250000"); `t` itself when it has no dot. None when its dots are not
/// such groups: a first group of one to three digits without a leading
/// zero, and every other group of three.
fn ungrouped(t: &str) -> Option<String> {
    let mut groups = t.split('.');
    let first = groups.next().unwrap_or_default();
    if !t.contains('.') {
        return Some(t.to_string());
    }
    let grouped =
        (1..=3).contains(&first.len()) && !first.starts_with('0') && groups.all(|g| g.len() == 3);
    grouped.then(|| t.replace('.', ""))
}

/// What is wrong with an [`is_ambiguous_dutch`] number `written` unquoted,
/// which YAML reads as `yaml_reads`, and how to fix it: the end of a
/// message that names the value first, and a help text.
pub fn ambiguity(written: &str, yaml_reads: &str) -> (String, String) {
    let thousands = written.replace('.', "");
    (
        format!("is ambiguous: YAML reads it as the decimal number {yaml_reads}, a Dutch reader as {thousands}"),
        format!(
            "quote it to mean the Dutch thousands (`\"{written}\"` is {thousands}), or drop the dot (`{thousands}`); write `{}` for the decimal",
            yaml_reads.replace('.', ",")
        ),
    )
}

/// True when a number written with one dot and no comma reads one way to
/// YAML (and in English) and another in Dutch: `1.250` is the decimal 1.25
/// to YAML, but 1 250 to a Dutch reader. `2.5` and `0.125` are not.
pub fn is_ambiguous_dutch(written: &str) -> bool {
    written.matches('.').count() == 1
        && written.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && ungrouped(written).is_some()
}

fn format_plain(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// Groups the digits of a whole number with dots: 1250000 -> "1.250.000".
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Formats cents as Dutch euros: "€ 1.250.000", "€ 2.500,50", "-€ 56.000".
pub fn format_euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs() as i64;
    let whole = abs / CENTS;
    let rest = abs % CENTS;
    if rest == 0 {
        format!("{sign}€\u{a0}{}", group_thousands(whole))
    } else {
        format!("{sign}€\u{a0}{},{rest:02}", group_thousands(whole))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Money::Amount(c) => f.write_str(&format_euros(*c)),
            Money::Pm => f.write_str("PM"),
        }
    }
}

/// How a site's text writes amounts (site.yaml `money_notation`), so that
/// one site does not mix "€ 2.317k", "€ 2,450 mln" and "€ 2.315.000".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Notation {
    /// "€ 2.317.000" (the default, and how koers writes amounts).
    #[default]
    Full,
    /// "€ 2.317k".
    Thousands,
    /// "€ 2,317 mln".
    Millions,
}

impl Notation {
    /// Reads the names site.yaml accepts.
    pub fn parse(text: &str) -> Option<Notation> {
        match text.trim().to_lowercase().as_str() {
            "volledig" | "full" | "euro" => Some(Notation::Full),
            "duizenden" | "thousands" | "k" => Some(Notation::Thousands),
            "miljoenen" | "millions" | "mln" => Some(Notation::Millions),
            _ => None,
        }
    }

    /// The name site.yaml uses.
    pub fn name(self) -> &'static str {
        match self {
            Notation::Full => "volledig",
            Notation::Thousands => "duizenden",
            Notation::Millions => "miljoenen",
        }
    }

    /// The notation an amount is written in: by its suffix.
    pub fn of_written(amount: &str) -> Notation {
        let t = amount.trim_end().to_lowercase();
        if t.ends_with('k') {
            Notation::Thousands
        } else if t.ends_with("mln") || t.ends_with("miljoen") {
            Notation::Millions
        } else {
            Notation::Full
        }
    }

    /// `cents` in this notation: "€ 2.317.000", "€ 2.317k", "€ 2,317 mln".
    pub fn write(self, cents: i64) -> String {
        let (divisor, suffix) = match self {
            Notation::Full => return format_euros(cents),
            Notation::Thousands => (CENTS * 1_000, "k"),
            Notation::Millions => (CENTS * 1_000_000, "\u{a0}mln"),
        };
        let sign = if cents < 0 { "-" } else { "" };
        let abs = cents.unsigned_abs() as i64;
        let whole = group_thousands(abs / divisor);
        let fraction = format!(
            "{:0width$}",
            abs % divisor,
            width = divisor.ilog10() as usize
        );
        let fraction = fraction.trim_end_matches('0');
        let comma = if fraction.is_empty() { "" } else { "," };
        format!("{sign}€\u{a0}{whole}{comma}{fraction}{suffix}")
    }
}

/// The sum of a set of money cells. Known amounts are added; PM parts are
/// counted, never added as zero, so a total can say "bekende bedragen".
/// A part that gives no amount but refers to a note (a table cell such as
/// "(4)") is not PM, but counts as one here: its amount is not known from
/// the table, so the total is of the known amounts only.
/// Sums are checked: a sum beyond the range of money is marked
/// `overflow`, which validation reports, instead of wrapping around.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Total {
    pub known_cents: i64,
    /// Parts whose amount is not known: PM, and parts with only a note.
    pub pm_parts: usize,
    /// Of `pm_parts`, those with only a note (no amount, not PM).
    pub noted_parts: usize,
    pub parts: usize,
    /// The known amounts add up to more than [`MAX_CENTS`] times a
    /// thousand; `known_cents` is then meaningless.
    pub overflow: bool,
}

impl Total {
    pub fn add(&mut self, money: Option<Money>) {
        match money {
            Some(Money::Amount(c)) => {
                self.add_cents(c);
                self.parts += 1;
            }
            Some(Money::Pm) => {
                self.pm_parts += 1;
                self.parts += 1;
            }
            None => {}
        }
    }

    /// Adds a part that gives no amount, only a reference to a note: not
    /// PM, not zero, but a part whose amount is not known.
    pub fn add_noted(&mut self) {
        self.pm_parts += 1;
        self.noted_parts += 1;
        self.parts += 1;
    }

    /// Adds another total (the parts of a total of totals).
    pub fn add_total(&mut self, other: &Total) {
        self.add_cents(other.known_cents);
        self.overflow |= other.overflow;
        self.pm_parts += other.pm_parts;
        self.noted_parts += other.noted_parts;
        self.parts += other.parts;
    }

    fn add_cents(&mut self, cents: i64) {
        match self.known_cents.checked_add(cents) {
            Some(sum) if sum <= MAX_CENTS * 1_000 => self.known_cents = sum,
            _ => self.overflow = true,
        }
    }

    pub fn of(values: impl IntoIterator<Item = Option<Money>>) -> Total {
        let mut t = Total::default();
        for v in values {
            t.add(v);
        }
        t
    }

    /// True when every part is PM (or there are none): nothing is known.
    pub fn all_pm(&self) -> bool {
        self.pm_parts > 0 && self.pm_parts == self.parts
    }

    pub fn has_pm(&self) -> bool {
        self.pm_parts > 0
    }
}

impl fmt::Display for Total {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.all_pm() {
            f.write_str("PM")
        } else if self.has_pm() {
            write!(f, "{} + PM", format_euros(self.known_cents))
        } else {
            f.write_str(&format_euros(self.known_cents))
        }
    }
}

/// A money value as templates and datasets see it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MoneyView {
    /// Dutch display text: "€ 250.000", "PM", "€ 1.675.000 + PM", or "" for empty.
    pub text: String,
    /// Euros as a number; absent for PM and empty cells.
    pub euros: Option<f64>,
    /// True when the value is PM or a total that leaves PM parts out.
    pub pm: bool,
    /// True when the cell is empty (no value given).
    pub empty: bool,
}

impl MoneyView {
    pub fn of(money: Option<Money>) -> MoneyView {
        match money {
            None => MoneyView {
                text: String::new(),
                euros: None,
                pm: false,
                empty: true,
            },
            Some(m) => MoneyView {
                text: m.to_string(),
                euros: m.euros(),
                pm: m.is_pm(),
                empty: false,
            },
        }
    }

    pub fn of_total(total: &Total) -> MoneyView {
        MoneyView {
            text: total.to_string(),
            euros: if total.all_pm() {
                None
            } else {
                Some(total.known_cents as f64 / CENTS as f64)
            },
            pm: total.has_pm(),
            empty: total.parts == 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_amounts_in_each_notation() {
        let c = 231_700_000; // € 2.317.000
        assert_eq!(Notation::Full.write(c), "€\u{a0}2.317.000");
        assert_eq!(Notation::Thousands.write(c), "€\u{a0}2.317k");
        assert_eq!(Notation::Millions.write(c), "€\u{a0}2,317\u{a0}mln");
        assert_eq!(
            Notation::Millions.write(245_000_000),
            "€\u{a0}2,45\u{a0}mln"
        );
        assert_eq!(Notation::Thousands.write(2_550_000), "€\u{a0}25,5k");
        assert_eq!(Notation::of_written("€ 2,450 mln"), Notation::Millions);
        assert_eq!(Notation::of_written("€ 35k"), Notation::Thousands);
        assert_eq!(Notation::of_written("€ 2.315.000"), Notation::Full);
        assert_eq!(Notation::parse("Duizenden"), Some(Notation::Thousands));
    }

    fn k(n: i64) -> Money {
        Money::Amount(n * 1000 * CENTS)
    }

    #[test]
    fn parses_the_notations_of_the_sources() {
        let u = MoneyUnit::Euro;
        assert_eq!(Money::parse("€250k", u), Ok(k(250)));
        assert_eq!(Money::parse("€ 31k", u), Ok(k(31)));
        assert_eq!(Money::parse("€2,5 k", u), Ok(Money::Amount(2_500 * CENTS)));
        assert_eq!(Money::parse("0€k", u), Ok(k(0)));
        assert_eq!(Money::parse("100€k", u), Ok(k(100)));
        assert_eq!(Money::parse("€ 1.250.000", u), Ok(k(1250)));
        assert_eq!(Money::parse("€ 2,5 miljoen", u), Ok(k(2500)));
        assert_eq!(Money::parse("1.075", MoneyUnit::Thousand), Ok(k(1075)));
        assert_eq!(
            Money::parse("2.5", MoneyUnit::Thousand),
            Ok(Money::Amount(2_500 * CENTS))
        );
        assert_eq!(Money::parse("PM", u), Ok(Money::Pm));
        assert_eq!(Money::parse("p.m.", u), Ok(Money::Pm));
    }

    #[test]
    fn an_amount_that_names_its_unit_is_absolute() {
        let k = MoneyUnit::Thousand;
        assert_eq!(
            Money::parse("€ 250.000", k),
            Ok(Money::Amount(250_000 * CENTS))
        );
        assert_eq!(
            Money::parse("€ 1.250.000,50", k),
            Ok(Money::Amount(125_000_050))
        );
        assert_eq!(
            Money::parse("€ 1.250.000,50", MoneyUnit::Million),
            Ok(Money::Amount(125_000_050))
        );
        assert_eq!(Money::parse("EUR 75", k), Ok(Money::Amount(75 * CENTS)));
        assert_eq!(Money::parse("75 euro", k), Ok(Money::Amount(75 * CENTS)));
        assert_eq!(
            Money::parse("250k", MoneyUnit::Million),
            Ok(Money::Amount(250_000 * CENTS))
        );
        // A bare number stays in the unit.
        assert_eq!(Money::parse("250", k), Ok(Money::Amount(250_000 * CENTS)));
    }

    #[test]
    fn amounts_are_exact_to_the_cent_and_bounded() {
        assert_eq!(
            Money::parse("€ 123.456.789.012,34", MoneyUnit::Euro),
            Ok(Money::Amount(12_345_678_901_234))
        );
        assert_eq!(Money::parse("0,005", MoneyUnit::Euro), Ok(Money::Amount(1)));
        assert!(matches!(
            Money::parse("€ 99.999.999.999.999", MoneyUnit::Euro),
            Err(MoneyError::TooLarge(_))
        ));
        assert!(matches!(
            Money::parse("5000000", MoneyUnit::Million),
            Err(MoneyError::TooLarge(_))
        ));
        assert!(Money::from_number(f64::NAN, MoneyUnit::Euro).is_err());
        assert!(Money::from_number(f64::INFINITY, MoneyUnit::Euro).is_err());
        assert!(Money::from_number(1e13, MoneyUnit::Euro).is_err());
    }

    #[test]
    fn sums_beyond_the_range_are_marked_not_wrapped() {
        let max = Some(Money::Amount(MAX_CENTS));
        let t = Total::of(std::iter::repeat_n(max, 2_000));
        assert!(t.overflow);
        let fine = Total::of(std::iter::repeat_n(max, 3));
        assert!(!fine.overflow);
        assert_eq!(fine.known_cents, 3 * MAX_CENTS);
    }

    #[test]
    fn a_bare_whole_number_is_in_the_unit() {
        assert_eq!(
            Money::parse("50", MoneyUnit::Euro),
            Ok(Money::Amount(5_000))
        );
        assert_eq!(Money::parse(" 45 ", MoneyUnit::Thousand), Ok(k(45)));
        assert_eq!(Money::parse("0", MoneyUnit::Thousand), Ok(k(0)));
        assert_eq!(Money::parse("007", MoneyUnit::Thousand), Ok(k(7)));
        assert_eq!(
            Money::parse("13", MoneyUnit::Million),
            Ok(Money::Amount(1_300_000_000))
        );
        // A million million euros is the largest amount; one more is not.
        assert_eq!(
            Money::parse("1000000000000", MoneyUnit::Euro),
            Ok(Money::Amount(MAX_CENTS))
        );
        assert!(matches!(
            Money::parse("1000000000001", MoneyUnit::Euro),
            Err(MoneyError::TooLarge(_))
        ));
        // Beyond any integer, or longer than 40 digits: not an amount, as
        // in the other notations.
        for digits in [39, 40, 41] {
            assert!(matches!(
                Money::parse(&"9".repeat(digits), MoneyUnit::Euro),
                Err(MoneyError::NotAnAmount(_))
            ));
        }
    }

    #[test]
    fn dots_group_thousands_only_as_dutch_writes_them() {
        let k = MoneyUnit::Thousand;
        // Thousands: a first group of one to three digits, then threes.
        assert_eq!(Money::parse("1.075", k), Ok(euros(1_075_000)));
        assert_eq!(Money::parse("12.000", k), Ok(euros(12_000_000)));
        // A leading zero or a longer first group makes the dot a decimal
        // point: 0.125 k€ is € 125, 1250.000 k€ is € 1.250.000.
        assert_eq!(Money::parse("0.125", k), Ok(euros(125)));
        assert_eq!(Money::parse("1250.000", k), Ok(euros(1_250_000)));
        // Before a decimal comma the dots must group thousands.
        assert_eq!(
            Money::parse("1.250,5", MoneyUnit::Euro),
            Ok(Money::Amount(125_050))
        );
        assert!(matches!(
            Money::parse("12.50,5", MoneyUnit::Euro),
            Err(MoneyError::NotAnAmount(_))
        ));
        assert!(is_ambiguous_dutch("1.250"));
        assert!(is_ambiguous_dutch("12.000"));
        assert!(!is_ambiguous_dutch("0.125"));
        assert!(!is_ambiguous_dutch("2.5"));
        assert!(!is_ambiguous_dutch("1.250.000"));
        assert!(!is_ambiguous_dutch("1250"));
    }

    /// Euros as cents.
    fn euros(euros: i64) -> Money {
        Money::Amount(euros * CENTS)
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        assert!(matches!(
            Money::parse("veel", MoneyUnit::Euro),
            Err(MoneyError::NotAnAmount(_))
        ));
        assert!(matches!(
            Money::parse("-5k", MoneyUnit::Euro),
            Err(MoneyError::Negative(_))
        ));
        assert!(Money::from_number(-1.0, MoneyUnit::Euro).is_err());
    }

    #[test]
    fn formats_in_dutch() {
        assert_eq!(k(1250).to_string(), "€\u{a0}1.250.000");
        assert_eq!(Money::Amount(250_050).to_string(), "€\u{a0}2.500,50");
        assert_eq!(Money::Pm.to_string(), "PM");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1.000");
    }

    #[test]
    fn totals_never_count_pm_as_zero() {
        let t = Total::of([Some(k(600)), Some(k(1075)), Some(Money::Pm), None]);
        assert_eq!(t.known_cents, 1675 * 1000 * CENTS);
        assert!(t.has_pm());
        assert!(!t.all_pm());
        assert_eq!(t.to_string(), "€\u{a0}1.675.000 + PM");
        let all = Total::of([Some(Money::Pm), Some(Money::Pm)]);
        assert_eq!(all.to_string(), "PM");
        assert_eq!(MoneyView::of_total(&all).euros, None);
    }

    #[test]
    fn a_part_with_only_a_note_is_unknown_never_zero() {
        // Annex 1, scenario Niets, one-off: "(1)", "135 (2)", 0, "(4)".
        let mut t = Total::of([Some(k(135)), Some(k(0))]);
        t.add_noted();
        t.add_noted();
        assert_eq!((t.parts, t.pm_parts, t.noted_parts), (4, 2, 2));
        assert!(t.has_pm() && !t.all_pm());
        assert_eq!(t.to_string(), "€\u{a0}135.000 + PM");
        let mut grand = Total::default();
        grand.add_total(&t);
        assert_eq!(grand.noted_parts, 2);
    }
}
