//! What an update says it did: each figure old → new, each kept one and why.

use std::fmt::Write as _;

use super::lists::Found;
use crate::core::Sheets;
use crate::core::format::Num;

/// The update's account: the set, each figure old → new, each kept one and why, and how many
/// figures no list holds (listed by name in the set's `update.txt`).
pub fn account(set: &str, base: &Sheets, new: &Sheets, found: &Found, verbose: bool) -> String {
    let old: std::collections::BTreeMap<String, f64> = base
        .figures()
        .into_iter()
        .map(|(k, v, ..)| (k, v))
        .collect();
    let mut out = format!(
        "Sheet set {set}: {} figures from the vendors' price lists\n",
        found.figures.len()
    );
    for url in &found.read {
        let _ = writeln!(out, "  read {url}");
    }
    let new_figures = new.figures();
    for f in &found.figures {
        let was = old.get(&f.key).copied().unwrap_or(f64::NAN);
        let unit = new_figures
            .iter()
            .find(|(k, ..)| *k == f.key)
            .map_or("", |(_, _, u, _)| u.as_str());
        let change = if was == f.value {
            "unchanged".to_owned()
        } else if was == 0.0 {
            "new".to_owned()
        } else {
            format!("{:+.1} %", (f.value - was) / was * 100.0)
        };
        let _ = writeln!(
            out,
            "{} {} → {} {unit} ({change}), grade H",
            f.key,
            Num(was),
            Num(f.value)
        );
    }
    for k in &found.kept {
        // The reason quotes the vendor's names: one line each, whatever they hold.
        let _ = writeln!(
            out,
            "kept {}: {}",
            k.key,
            crate::core::sheets::escape_controls(&k.reason)
        );
    }
    let touched: Vec<&str> = found
        .figures
        .iter()
        .map(|f| f.key.as_str())
        .chain(found.kept.iter().map(|k| k.key.as_str()))
        .collect();
    let others: Vec<&String> = old
        .keys()
        .filter(|k| !touched.contains(&k.as_str()))
        .collect();
    if verbose {
        let _ = writeln!(
            out,
            "\nNot in these lists, kept with their value and grade ({}):",
            others.len()
        );
        for key in &others {
            let _ = writeln!(out, "  {key}");
        }
    } else {
        let _ = writeln!(
            out,
            "{} other figures are in no list read here and keep their value and grade (listed in {})",
            others.len(),
            crate::io::sets::LOG
        );
    }
    out
}
