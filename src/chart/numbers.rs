//! Numbers in Dutch notation, for labels, tables and file sizes.

use crate::model::money::group_thousands;

/// "1,2 kB", "640 bytes": a file size in Dutch.
pub fn file_size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1024 * 1024 {
        format!("{} kB", dutch_decimal(bytes as f64 / 1024.0, 1))
    } else {
        format!("{} MB", dutch_decimal(bytes as f64 / (1024.0 * 1024.0), 1))
    }
}

/// A number with a Dutch decimal comma and the given decimals, trailing
/// zeros removed: 2.50 -> "2,5".
pub fn dutch_decimal(n: f64, decimals: usize) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        // Whole numbers (most amounts and ticks) have no decimals to round.
        return group_thousands(n as i64);
    }
    let s = format!("{n:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let int: i64 = int.parse().unwrap_or(0);
    let grouped = group_thousands(int);
    let grouped = if n < 0.0 && int == 0 {
        format!("-{grouped}")
    } else {
        grouped
    };
    if frac.is_empty() {
        grouped
    } else {
        format!("{grouped},{frac}")
    }
}

/// A plain number in Dutch notation: 1250 -> "1.250", 2.5 -> "2,5".
pub fn dutch_number(n: f64) -> String {
    dutch_decimal(n, 2)
}

/// Euros for labels: "€ 475.000" below a million, "€ 2,3 mln" above.
pub fn euro_text(n: f64) -> String {
    if n.abs() >= 1_000_000.0 {
        format!("€\u{a0}{}\u{a0}mln", dutch_decimal(n / 1_000_000.0, 2))
    } else {
        format!("€\u{a0}{}", dutch_decimal(n, 0))
    }
}
