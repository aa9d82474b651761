//! One limit's verdict (domain §16): what the analysis decided, written as a sentence only when
//! it is shown. Every tab and output writes it from this one value, so they never disagree, and a
//! report read only for its figures (a sweep, the ranges' samples) makes no sentences.

use chrono::NaiveDate;
use serde::Serialize;

use super::items::Text;
use crate::format::{amount, count, measure, percent};

/// Where a limit stands against what is needed, best first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LimitStatus {
    /// Within 80 % of the limit.
    #[default]
    Ok,
    /// Over 80 % of the limit, within it.
    Near,
    /// Peak × safety exceeds the limit; peak alone does not.
    OverSafety,
    /// Peak alone exceeds the limit.
    OverPeak,
}

/// What to do about a limit that peak × safety exceeds.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Action {
    /// Nothing to do: the limit holds.
    #[default]
    None,
    /// Ask for `ask` (the unit's amount) by `by` (with no launch date: `lead_days` before it).
    Request {
        ask: f64,
        by: Option<NaiveDate>,
        overdue: bool,
        lead_days: u64,
    },
    /// Buy units or a larger tier; `carried_by` units of `tier` carry it, when known.
    Units {
        carried_by: Option<(f64, Text)>,
    },
    Capacity,
    Hard,
}

/// The figures a verdict states and what it advises, decided by `analyses::verdicts`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Verdict {
    pub limit: f64,
    pub unit: Text,
    /// Peak demand, and what is needed (peak × `safety`, or the stock as held).
    pub demand: f64,
    pub needed: f64,
    pub safety: f64,
    pub stock: bool,
    pub status: LimitStatus,
    pub action: Action,
    /// The projection's first month over the limit, when later than the first.
    pub from_month: Option<(u32, NaiveDate)>,
}

impl Verdict {
    /// What to do, in words: "request 500/s by 2027-02-08", "add capacity (…)".
    fn write_action(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.action {
            Action::None => Ok(()),
            Action::Request {
                ask,
                by,
                overdue,
                lead_days,
            } => {
                let ask = amount(*ask, &self.unit);
                match by {
                    Some(by) if *overdue => write!(f, "request {ask} by {by} (overdue)"),
                    Some(by) => write!(f, "request {ask} by {by}"),
                    None => write!(f, "request {ask} at least {lead_days} days before launch"),
                }
            }
            Action::Units {
                carried_by: Some((n, tier)),
            } => write!(
                f,
                "add units or a larger tier ({} {tier} units carry it)",
                count(*n)
            ),
            Action::Units { carried_by: None } => f.write_str("add units or a larger tier"),
            Action::Capacity => f.write_str("add capacity (more or larger machines)"),
            Action::Hard => f.write_str(
                "not adjustable: change the design (batch messages, spread connections)",
            ),
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let limit = amount(self.limit, &self.unit);
        let over = matches!(self.status, LimitStatus::OverSafety | LimitStatus::OverPeak);
        if over && self.from_month.is_some() {
            f.write_str("carries the launch fleet; ")?;
        }
        // A stock (GB held) is compared as it is; rates and counts at peak × safety.
        if self.stock {
            write!(f, "needs {}", amount(self.needed, &self.unit))?;
        } else {
            write!(
                f,
                "peak {} × {} = {}",
                measure(self.demand, &self.unit),
                count(self.safety),
                amount(self.needed, &self.unit)
            )?;
        }
        let share = percent(self.needed / self.limit.max(1.0));
        match (self.status, self.from_month) {
            (LimitStatus::Ok, _) => write!(f, " of {limit} ({share})"),
            (LimitStatus::Near, _) => write!(f, " of {limit} ({share}): over 80 % of it"),
            (_, Some((month, date))) => {
                write!(f, " against {limit} from month {month} ({date}): ")?;
                self.write_action(f)
            }
            (_, None) => {
                write!(f, " against {limit}: ")?;
                self.write_action(f)
            }
        }
    }
}

impl Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
