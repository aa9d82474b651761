//! `iotplan sheets update`: current prices from the vendors' public, keyless price lists,
//! written as a new dated sheet set (domain §18).
//!
//! Lists read: the ECB's daily euro reference rates (the exchange-rate sheet), the AWS Price
//! List bulk files `AWSIoT` (AWS IoT Core) and `IoTDeviceManagement`
//! (IoT Jobs) for the region, and the Azure Retail Prices API for IoT Hub and Event Grid in the
//! nearest Azure region. Not read: the EC2, EBS, RDS and S3 files behind the reference stack
//! and storage sheets (hundreds of megabytes to gigabytes for EC2; their figures are kept), and
//! EMQX, which publishes no price list.

mod account;
pub mod aws;
pub mod azure;
pub mod ecb;
mod lists;
mod origin;

pub use account::account;
pub use lists::{Found, fetch, saved_names};
pub use origin::Origin;

use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;

use crate::core::Sheets;
use crate::core::format::Num;
use crate::core::sheets::{FetchedFigure, Region};

/// The vendors' list hosts (tests point these at a local server).
pub const AWS_PRICING: &str = "https://pricing.us-east-1.amazonaws.com";
pub const AZURE_PRICES: &str = "https://prices.azure.com";
/// A response larger than this is refused: the files read here are well under a megabyte.
pub const MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
/// How long one request may take, connect to last byte.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// How a list row gives a figure.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// The tier's price × the scale (USD per message → per million messages).
    Price,
    /// Where the tier ends ÷ the scale (messages → millions of messages).
    Upper,
    /// Where the tier begins × the scale (millions of operations → operations).
    Lower,
}

#[derive(Clone, Copy, Debug)]
pub enum Scale {
    One,
    PerMillion,
}

impl Scale {
    fn factor(self) -> f64 {
        match self {
            Self::One => 1.0,
            Self::PerMillion => 1e6,
        }
    }
}

/// One sheet figure and the rows of a list that hold it: which rows (`matches`), which tier
/// of them (0 = the first, by where each begins) and how the row gives the value.
pub struct Rule<R: 'static> {
    pub key: &'static str,
    pub matches: fn(&R) -> bool,
    pub tier: usize,
    pub kind: Kind,
    pub scale: Scale,
}

impl<R> Rule<R> {
    pub const fn new(
        kind: Kind,
        key: &'static str,
        matches: fn(&R) -> bool,
        tier: usize,
        scale: Scale,
    ) -> Self {
        Self {
            key,
            matches,
            tier,
            kind,
            scale,
        }
    }
}

/// A price row of either vendor's list.
pub trait Row {
    /// What the vendor calls the priced thing (usage type, SKU and meter).
    fn group(&self) -> String;
    fn begin(&self) -> f64;
    /// Where its range ends, when the list says (else where the next tier begins).
    fn end(&self) -> Option<f64>;
    fn price(&self) -> f64;
    /// The row as the vendor names it, for the figure's note.
    fn identity(&self) -> String;
}

impl Row for aws::Price {
    fn group(&self) -> String {
        self.usage_type.clone()
    }
    fn begin(&self) -> f64 {
        self.begin
    }
    fn end(&self) -> Option<f64> {
        Some(self.end)
    }
    fn price(&self) -> f64 {
        self.usd
    }
    fn identity(&self) -> String {
        format!(
            "usage type {}, SKU {}, \"{}\"",
            self.usage_type, self.sku, self.description
        )
    }
}

/// A figure the lists did not give, and why: it keeps its value and grade.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    pub key: String,
    pub reason: String,
}

/// Finds each rule's figure in `rows` of the list at `url`. A figure that several priced
/// things match (or two prices for one tier) is not guessed: it is kept, with the reason.
pub fn apply<R: Row>(
    rules: &[Rule<R>],
    rows: &[R],
    list: &str,
    url: &str,
    out: &mut Vec<FetchedFigure>,
    kept: &mut Vec<Kept>,
) {
    for rule in rules {
        match find(rule, rows) {
            Ok((value, row, begin, end)) => out.push(FetchedFigure {
                key: rule.key.to_owned(),
                value,
                source: url.to_owned(),
                note: format!(
                    "{list}: {}, from {} to {}",
                    row.identity(),
                    Num(begin),
                    Num(end)
                ),
                as_of: None,
            }),
            Err(reason) => kept.push(Kept {
                key: rule.key.to_owned(),
                reason: format!("{list}: {reason}"),
            }),
        }
    }
}

fn find<'a, R: Row>(rule: &Rule<R>, rows: &'a [R]) -> Result<(f64, &'a R, f64, f64), String> {
    let mut matched: Vec<&R> = rows.iter().filter(|r| (rule.matches)(r)).collect();
    let mut groups: Vec<String> = matched.iter().map(|r| r.group()).collect();
    groups.sort();
    groups.dedup();
    match groups.len() {
        0 => return Err("no row matches".to_owned()),
        1 => {}
        _ => {
            return Err(format!(
                "several rows match ({}), none taken",
                groups.join(", ")
            ));
        }
    }
    matched.sort_by(|a, b| a.begin().total_cmp(&b.begin()));
    matched.dedup_by(|a, b| a.begin() == b.begin() && a.price() == b.price());
    if matched.windows(2).any(|w| w[0].begin() == w[1].begin()) {
        return Err(format!(
            "{} has two prices for one tier, none taken",
            groups[0]
        ));
    }
    let Some(row) = matched.get(rule.tier) else {
        return Err(format!(
            "{} has {} tier(s), not {}",
            groups[0],
            matched.len(),
            rule.tier + 1
        ));
    };
    let next = matched
        .get(rule.tier + 1)
        .map_or(f64::INFINITY, |r| r.begin());
    let end = row.end().unwrap_or(next);
    let f = rule.scale.factor();
    let value = match rule.kind {
        Kind::Price => row.price() * f,
        Kind::Upper if end.is_finite() => end / f,
        Kind::Upper => return Err(format!("{} tier {} has no end", groups[0], rule.tier + 1)),
        Kind::Lower => row.begin() * f,
    };
    // Twelve significant digits: a list's 0.0000008 per message is 0.8 per million, not
    // 0.7999999999999999.
    let value = format!("{value:.11e}").parse().unwrap_or(value);
    Ok((value, row, row.begin(), end))
}

/// Runs the update: reads the lists, puts their figures into the region's current sheets (the
/// newest set, else the built-in ones), writes the new set into `to` and returns the account.
pub fn run(origin: &Origin, region: Region, to: &Path, today: NaiveDate) -> Result<String, String> {
    // A newest set that cannot be read is no base: the built-in sheets are, and the update
    // says so (the broken set stays, a newer one goes beside it).
    let (base, warning) = match crate::io::sets::default_sheets(region) {
        Ok(base) => (base, String::new()),
        Err(err) => (
            Sheets::embedded_for(region),
            format!(
                "The newest set cannot be read, so figures not in the lists keep their built-in values: {err}\n"
            ),
        ),
    };
    let found = fetch(origin, region)?;
    let new = base
        .with_fetched(&found.figures, today)
        .map_err(|e| e.to_string())?;
    let log = account("(this set)", &base, &new, &found, true);
    let name = crate::io::sets::write(to, today, region, &new, &log).map_err(|e| e.to_string())?;
    Ok(warning
        + &account(&name, &base, &new, &found, false)
        + &format!("Written to {}\n", to.join(&name).display()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn price(usage: &str, begin: f64, end: f64, usd: f64) -> aws::Price {
        aws::Price {
            sku: "SKU".to_owned(),
            usage_type: format!("USE1-{usage}"),
            unit: "Messages".to_owned(),
            description: String::new(),
            begin,
            end,
            usd,
        }
    }

    #[test]
    fn requests_wait_ten_seconds_and_answers_are_capped() {
        assert_eq!(TIMEOUT, Duration::from_secs(10));
        assert_eq!(MAX_RESPONSE_BYTES, 32 << 20);
    }

    #[test]
    fn tiers_are_taken_in_order_of_where_they_begin() {
        let rows = [
            price("Messages", 5e9, f64::INFINITY, 0.000_000_7),
            price("Messages", 0.0, 1e9, 0.000_001),
            price("Messages", 1e9, 5e9, 0.000_000_8),
        ];
        let (mut out, mut kept) = (Vec::new(), Vec::new());
        apply(aws::IOT_RULES, &rows, "AWSIoT", "u", &mut out, &mut kept);
        let value = |key: &str| out.iter().find(|f| f.key.ends_with(key)).unwrap().value;
        assert_eq!(value("messaging_tier1_per_million"), 1.0);
        assert_eq!(value("messaging_tier2_per_million"), 0.8);
        assert_eq!(value("messaging_tier3_per_million"), 0.7);
        assert_eq!(value("messaging_tier1_up_to_millions"), 1000.0);
        assert_eq!(value("messaging_tier2_up_to_millions"), 5000.0);
        // The figures no row holds are kept, each with its reason.
        assert!(
            kept.iter()
                .any(|k| k.key.ends_with("rules_per_million")
                    && k.reason == "AWSIoT: no row matches")
        );
    }

    #[test]
    fn a_figure_two_products_match_is_not_guessed() {
        let rows = [
            price("RulesTriggered", 0.0, f64::INFINITY, 0.000_000_15),
            price("RulesEngine-Basic", 0.0, f64::INFINITY, 0.000_000_05),
            price("Messages", 0.0, f64::INFINITY, 0.000_001),
            price("Messages", 0.0, f64::INFINITY, 0.000_002),
        ];
        let (mut out, mut kept) = (Vec::new(), Vec::new());
        apply(aws::IOT_RULES, &rows, "AWSIoT", "u", &mut out, &mut kept);
        assert!(
            !out.iter()
                .any(|f| f.key.contains("rules") || f.key.contains("messaging"))
        );
        let reason = |key: &str| &kept.iter().find(|k| k.key.ends_with(key)).unwrap().reason;
        assert_eq!(
            reason("rules_per_million"),
            "AWSIoT: several rows match (USE1-RulesEngine-Basic, USE1-RulesTriggered), none taken"
        );
        assert_eq!(
            reason("messaging_tier1_per_million"),
            "AWSIoT: USE1-Messages has two prices for one tier, none taken"
        );
    }
}
