//! The report as CSV, for spreadsheets: typed rows, absent figures as empty cells, the same
//! unrounded figures as JSON.

use crate::core::format::Money;
use crate::core::report::{LineItem, Report};

use super::markdown::{currency_text, delta_text};

/// A number as plain text: shortest exact form, scientific beyond 10^15.
fn plain(x: f64) -> String {
    if x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// One CSV row. Absent figures are `None` and become empty cells; numbers are written in their
/// shortest exact form (`1e30`, never thirty digits).
struct CsvRow<'a> {
    section: &'a str,
    platform: &'a str,
    name: std::borrow::Cow<'a, str>,
    quantity: Option<f64>,
    unit: &'a str,
    unit_usd: Option<f64>,
    monthly_usd: Option<f64>,
    formula: std::borrow::Cow<'a, str>,
}

/// The spread over the ranges beside a CSV row: platform and stack totals carry one.
fn spread_for<'r>(row: &CsvRow<'_>, r: &'r Report) -> Option<&'r crate::core::ranges::Spread> {
    let g = r.ranges.as_ref()?;
    match row.section {
        "platform total" => g
            .platforms
            .iter()
            .find(|p| p.id.id() == row.platform)
            .map(|p| &p.spread),
        "stack total" => Some(&g.stack),
        _ => None,
    }
}

impl<'a> CsvRow<'a> {
    fn item(section: &'a str, platform: &'a str, i: &'a LineItem) -> Self {
        Self {
            section,
            platform,
            name: (&*i.name).into(),
            quantity: Some(i.quantity),
            unit: &i.unit,
            unit_usd: Some(i.unit_usd),
            monthly_usd: Some(i.monthly_usd),
            formula: i.formula.text().into(),
        }
    }

    fn total(
        section: &'a str,
        platform: &'a str,
        name: &'a str,
        monthly: Option<f64>,
        note: &'a str,
    ) -> Self {
        Self {
            section,
            platform,
            name: name.into(),
            quantity: Some(1.0),
            unit: "month",
            unit_usd: monthly,
            monthly_usd: monthly,
            formula: note.into(),
        }
    }
}

/// A row as written: the USD figures, then the same in the report's currency (money rows only;
/// limits use the figure columns for rates and utilisation).
#[derive(serde::Serialize)]
struct CsvLine<'a> {
    section: &'a str,
    platform: &'a str,
    name: std::borrow::Cow<'a, str>,
    quantity: Option<f64>,
    unit: &'a str,
    unit_usd: Option<f64>,
    monthly_usd: Option<f64>,
    p10_usd: Option<f64>,
    p50_usd: Option<f64>,
    p90_usd: Option<f64>,
    currency: &'a str,
    unit_price: Option<f64>,
    monthly: Option<f64>,
    formula: std::borrow::Cow<'a, str>,
    /// The percentiles in `currency`, as `unit_price` and `monthly` are.
    p10: Option<f64>,
    p50: Option<f64>,
    p90: Option<f64>,
}

impl<'a> CsvLine<'a> {
    fn new(row: CsvRow<'a>, r: &'a Report) -> Self {
        let money = !matches!(row.section, "limit" | "region" | "currency" | "sheet_set");
        let m = r.money();
        let spread = spread_for(&row, r);
        Self {
            p10_usd: spread.and_then(|s| s.p10),
            p50_usd: spread.and_then(|s| s.p50),
            p90_usd: spread.and_then(|s| s.p90),
            section: row.section,
            platform: row.platform,
            name: row.name,
            quantity: row.quantity,
            unit: row.unit,
            unit_usd: row.unit_usd,
            monthly_usd: row.monthly_usd,
            currency: if money { r.currency.code } else { "" },
            unit_price: row.unit_usd.filter(|_| money).map(|v| m.convert(v)),
            monthly: row.monthly_usd.filter(|_| money).map(|v| m.convert(v)),
            formula: row.formula,
            p10: spread.and_then(|s| s.p10).map(|v| m.convert(v)),
            p50: spread.and_then(|s| s.p50).map(|v| m.convert(v)),
            p90: spread.and_then(|s| s.p90).map(|v| m.convert(v)),
        }
    }
}

pub fn csv(r: &Report) -> Result<String, super::ExportError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let currency = CsvRow {
        section: "currency",
        platform: "",
        name: r.currency.code.into(),
        quantity: Some(r.currency.rate),
        unit: "per USD",
        unit_usd: None,
        monthly_usd: None,
        formula: currency_text(r).into(),
    };
    let region = CsvRow {
        section: "region",
        platform: "",
        name: r.region.id().into(),
        quantity: None,
        unit: "",
        unit_usd: None,
        monthly_usd: None,
        formula: r.region.title().into(),
    };
    let sheet_set = CsvRow {
        section: "sheet_set",
        platform: "",
        name: r.sheet_set.as_ref().into(),
        quantity: None,
        unit: "",
        unit_usd: None,
        monthly_usd: None,
        formula: "the price sheets the figures come from".into(),
    };
    for row in [region, currency, sheet_set]
        .into_iter()
        .chain(comparison_rows(r))
        .chain(platform_rows(r))
        .chain(storage_rows(r))
        .chain(limit_rows(r))
        .chain(projection_rows(r))
    {
        w.serialize(CsvLine::new(row, r))?;
    }
    super::csv_text(w)
}

/// Against the baseline: per platform and the stack, the baseline in `unit_usd`, the total now
/// in `monthly_usd`, the change as a fraction in `quantity`.
fn comparison_rows(r: &Report) -> Vec<CsvRow<'_>> {
    let Some(c) = &r.comparison else {
        return Vec::new();
    };
    c.platforms
        .iter()
        .map(|p| (p.id.id(), &p.delta))
        .chain(std::iter::once(("stack", &c.stack)))
        .map(|(platform, d)| CsvRow {
            section: "comparison",
            platform,
            name: c.baseline.as_str().into(),
            quantity: d.delta_fraction,
            unit: "change as a fraction",
            unit_usd: d.baseline_monthly_usd,
            monthly_usd: d.monthly_usd,
            formula: delta_text(d, Money::USD).into(),
        })
        .collect()
}

/// Each platform's items and total, every Azure tier, the stack's items and total.
fn platform_rows(r: &Report) -> Vec<CsvRow<'_>> {
    let mut rows: Vec<CsvRow<'_>> = Vec::new();
    for p in &r.platforms {
        rows.extend(
            p.line_items
                .iter()
                .map(|i| CsvRow::item("platform", p.id.id(), i)),
        );
        rows.push(CsvRow::total(
            "platform total",
            p.id.id(),
            "Total",
            p.monthly_usd,
            p.reason.as_deref().unwrap_or("sum of the line items"),
        ));
    }
    for p in &r.platforms {
        for t in p.tiers.iter() {
            rows.push(CsvRow {
                quantity: t.units,
                unit: "units",
                formula: t.reason.text().into(),
                ..CsvRow::total("tier", p.id.id(), &t.tier, t.monthly_usd, "")
            });
        }
    }
    rows.extend(
        r.stack
            .line_items
            .iter()
            .map(|i| CsvRow::item("stack", "aws-iot-core", i)),
    );
    rows.push(CsvRow::total(
        "stack total",
        "aws-iot-core",
        "Total",
        r.stack.monthly_usd,
        r.stack.reason.as_deref().unwrap_or("sum of the line items"),
    ));
    rows
}

/// Storage tiers, extra items, and the tiered and all-hot totals.
fn storage_rows(r: &Report) -> Vec<CsvRow<'_>> {
    let mut rows: Vec<CsvRow<'_>> = r
        .storage
        .tiers
        .iter()
        .map(|t| CsvRow {
            section: "storage tier",
            platform: "",
            name: t.name.into(),
            quantity: Some(t.gb),
            unit: "GiB-month",
            unit_usd: Some(t.usd_per_gb_month),
            monthly_usd: Some(t.monthly_usd),
            formula: format!(
                "{} days {}–{} in {}",
                t.span_days, t.from_day, t.to_day, t.class
            )
            .into(),
        })
        .collect();
    rows.extend(
        r.storage
            .extra_items
            .iter()
            .map(|i| CsvRow::item("storage extra", "", i)),
    );
    rows.push(CsvRow::total(
        "storage total",
        "",
        "Tiered",
        Some(r.storage.tiered_monthly_usd),
        "sum of the tiers",
    ));
    rows.push(CsvRow::total(
        "storage total",
        "",
        "All hot",
        Some(r.storage.all_hot_monthly_usd),
        "retention × GiB/day at the hot price",
    ));
    rows
}

/// The projection: per month and platform (and `stack`, `storage`) the month's figure in
/// `monthly_usd`, the cumulative spend in `unit_usd`, the fleet in `quantity`, the date in
/// `name`; each crossing with its month in `quantity` and its request-by date in `formula`.
fn projection_rows(r: &Report) -> Vec<CsvRow<'_>> {
    let Some(p) = &r.projection else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for month in &p.months {
        let date = month.date.to_string();
        for mp in &month.platforms {
            rows.push(CsvRow {
                section: "projection",
                platform: mp.id.id(),
                name: date.clone().into(),
                quantity: Some(month.devices),
                unit: "devices",
                unit_usd: mp.cumulative_usd,
                monthly_usd: mp.monthly_usd,
                formula: format!("month {}; unit_usd is the spend so far", month.month).into(),
            });
        }
        for (platform, monthly) in [
            ("stack", month.stack_monthly_usd),
            ("storage", Some(month.storage_monthly_usd)),
        ] {
            rows.push(CsvRow {
                section: "projection",
                platform,
                name: date.clone().into(),
                quantity: Some(month.devices),
                unit: "devices",
                unit_usd: None,
                monthly_usd: monthly,
                formula: format!("month {}", month.month).into(),
            });
        }
    }
    for c in &p.crossings {
        rows.push(CsvRow {
            section: "crossing",
            platform: c.platform.id(),
            name: (&*c.limit).into(),
            quantity: Some(f64::from(c.month)),
            unit: "month",
            unit_usd: None,
            monthly_usd: None,
            formula: format!("crossed {}; request by {}", c.date, c.request_by).into(),
        });
    }
    rows
}

/// Every limit: demand in `quantity`, the limit in `unit_usd`, utilisation in `monthly_usd`.
fn limit_rows(r: &Report) -> Vec<CsvRow<'_>> {
    r.throttle
        .limits
        .iter()
        .map(|l| CsvRow {
            section: "limit",
            platform: l.platform.id(),
            name: (&*l.name).into(),
            quantity: Some(l.demand_per_second),
            unit: &l.unit,
            unit_usd: Some(l.limit_per_second),
            monthly_usd: Some(l.utilization),
            formula: format!(
                "throttled={} remedy={} severity={} onset_devices={}: {}",
                l.throttled,
                l.remedy.id(),
                l.severity.map_or("", crate::core::report::Severity::title),
                l.onset_devices.map(plain).unwrap_or_default(),
                l.verdict
            )
            .into(),
        })
        .collect()
}
