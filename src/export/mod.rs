//! The report as JSON (the public interface), Markdown (for people) and CSV (for spreadsheets),
//! shared by `iotplan report` and the window's File ▸ Export. All three carry the same unrounded
//! figures; Markdown rounds only for display.

pub mod compose;

use std::fmt::Write as _;

use crate::core::format::{Money, availability, count, duration, percent};
use crate::core::report::{ItemStatus, LineItem, PlatformId, Report};

pub fn json(report: &Report) -> Result<String, String> {
    serde_json::to_string_pretty(report)
        .map(|text| text + "\n")
        .map_err(|e| format!("cannot write JSON: {e}"))
}

/// An output format of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Markdown,
    Csv,
}

impl Format {
    pub const ALL: [Self; 3] = [Self::Markdown, Self::Csv, Self::Json];

    /// The file extension exports use.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Markdown => "md",
            Self::Csv => "csv",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Json => "JSON",
            Self::Markdown => "Markdown",
            Self::Csv => "CSV",
        }
    }
}

/// The report in `format`; an error says what could not be written.
pub fn render(report: &Report, format: Format) -> Result<String, String> {
    match format {
        Format::Json => json(report),
        Format::Markdown => Ok(markdown(report)),
        Format::Csv => csv(report),
    }
}

fn items_table(out: &mut String, items: &[LineItem], m: Money) {
    out.push_str("| Item | Quantity | Unit | Unit price | Monthly | Formula |\n|---|---:|---|---:|---:|---|\n");
    for i in items {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            i.name,
            count(i.quantity),
            i.unit,
            m.unit_price(i.unit_usd),
            m.amount(i.monthly_usd),
            i.formula.text().replace('|', "\\|")
        );
    }
}

/// The currency figures are shown in, with its rate and date unless it is USD.
pub fn currency_text(r: &Report) -> String {
    let c = &r.currency;
    match c.as_of {
        Some(as_of) if !c.is_usd() => format!(
            "{} ({}), {} per USD as of {as_of} (ECB reference rate in the currency sheet); computed in USD",
            c.code,
            c.symbol,
            crate::core::format::Num(c.rate)
        ),
        _ => "USD ($)".to_owned(),
    }
}

pub fn markdown(r: &Report) -> String {
    let mut out = format!(
        "# iotplan report\n\n**Region:** {}\n\n**Currency:** {}\n\n",
        r.region.title(),
        currency_text(r)
    );
    for section in [
        md_comparison,
        md_platforms,
        md_azure_and_stack,
        md_throttling,
        md_storage,
        md_availability,
        md_projection,
        md_readiness,
    ] {
        section(&mut out, r);
    }
    out
}

/// A Δ as text: `+$12.34 (+5.20 %)`, or what happened when a side has no figure.
pub fn delta_text(d: &crate::core::compare::Delta, m: Money) -> String {
    match (d.delta_usd, d.baseline_monthly_usd, d.monthly_usd) {
        (Some(delta), ..) => {
            let sign = if delta > 0.0 { "+" } else { "" };
            let fraction = d.delta_fraction.map_or_else(String::new, |f| {
                format!(" ({}{})", if f > 0.0 { "+" } else { "" }, percent(f))
            });
            format!("{sign}{}{fraction}", m.amount(delta))
        }
        (None, Some(_), None) => "now infeasible".to_owned(),
        (None, None, Some(_)) => "now feasible".to_owned(),
        _ => "infeasible in both".to_owned(),
    }
}

/// Against the baseline, when the report has one: each platform and the stack.
fn md_comparison(out: &mut String, r: &Report) {
    let Some(c) = &r.comparison else { return };
    let m = r.money();
    let _ = writeln!(
        out,
        "## Compared with {}

| | Baseline | Now | Change |
|---|---:|---:|---:|",
        c.baseline.replace('|', "\\|")
    );
    let rows = c
        .platforms
        .iter()
        .map(|p| (p.id.title(), &p.delta))
        .chain(std::iter::once(("Reference AWS stack", &c.stack)));
    for (name, d) in rows {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} |",
            m.optional(d.baseline_monthly_usd),
            m.optional(d.monthly_usd),
            delta_text(d, m)
        );
    }
    out.push('\n');
}

/// Volume, the platforms' totals and their line items.
fn md_platforms(out: &mut String, r: &Report) {
    let v = &r.volume;
    let _ = writeln!(
        out,
        "**Volume:** {} messages/month, {} GB/month, {} msg/s average, {} msg/s peak, {} B per message\n",
        count(v.messages_per_month),
        count(v.gb_per_month),
        count(v.average_messages_per_second),
        count(v.peak_messages_per_second),
        count(v.bytes_per_message)
    );
    let ranges = r.ranges.as_ref();
    out.push_str("## Platforms (per month)\n\n| Platform | Monthly | Per device |");
    if ranges.is_some() {
        out.push_str(" P10 | P50 | P90 | Cheapest in |");
    }
    out.push_str(" Note |\n|---|---:|---:|");
    if ranges.is_some() {
        out.push_str("---:|---:|---:|---:|");
    }
    out.push_str("---|\n");
    for p in &r.platforms {
        let note = p.reason.clone().unwrap_or_else(|| {
            if r.cheapest == Some(p.id) {
                "cheapest".to_owned()
            } else {
                String::new()
            }
        });
        let _ = write!(
            out,
            "| {} | {} | {} |",
            p.id.title(),
            r.money().optional(p.monthly_usd),
            r.money().per_device(p.per_device_monthly_usd),
        );
        if let Some(pr) = ranges.and_then(|g| g.platforms.iter().find(|x| x.id == p.id)) {
            let _ = write!(
                out,
                " {} | {} |",
                md_spread(&pr.spread, r.money()),
                crate::core::format::percent(pr.probability_cheapest)
            );
        }
        let _ = writeln!(out, " {note} |");
    }
    if let Some(g) = ranges {
        md_ranges(out, g, r.money());
    }
    for p in &r.platforms {
        if p.feasible {
            let _ = writeln!(out, "\n### {}\n", p.id.title());
            items_table(out, &p.line_items, r.money());
        }
    }
}

/// P10, P50 and P90 as three table cells (the middle one without its bars).
fn md_spread(s: &crate::core::ranges::Spread, m: Money) -> String {
    format!(
        "{} | {} | {}",
        m.optional(s.p10),
        m.optional(s.p50),
        m.optional(s.p90)
    )
}

/// What was sampled, the throttling probabilities and the drivers.
fn md_ranges(out: &mut String, g: &crate::core::ranges::Ranges, m: Money) {
    use crate::core::format::{count, percent};
    let _ = writeln!(
        out,
        "\n### Ranges\n\n{} samples (seed {}), each ranged field drawn from a triangular distribution (low, typical, high); percentiles over the samples in which a platform is feasible.{}\n\n| Field | Low | Typical | High |\n|---|---:|---:|---:|",
        count(g.samples as f64),
        g.seed,
        if g.rejected_samples > 0 {
            format!(
                " {} samples broke a rule between fields and were left out.",
                count(g.rejected_samples as f64)
            )
        } else {
            String::new()
        }
    );
    for f in &g.fields {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            f.name,
            count(f.low),
            count(f.typical),
            count(f.high)
        );
    }
    for p in g.platforms.iter().filter(|p| p.spread.feasible_share < 1.0) {
        let _ = writeln!(
            out,
            "\n{} is feasible in {} of samples.",
            p.id.title(),
            percent(p.spread.feasible_share)
        );
    }
    let hit: Vec<_> = g
        .limits
        .iter()
        .filter(|l| l.probability_throttled > 0.0)
        .collect();
    if hit.is_empty() {
        out.push_str("\nNo fleet-wide limit is exceeded in any sample.\n");
    } else {
        out.push_str("\n| Limit | Platform | Exceeded in |\n|---|---|---:|\n");
        for l in hit {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                l.name,
                l.platform.title(),
                percent(l.probability_throttled)
            );
        }
    }
    if let Some(id) = g.drivers_of {
        let _ = writeln!(
            out,
            "\nWhat drives {}'s total (P10 to P90 with only that field varying):\n\n| Field | P10 | P90 | Width |\n|---|---:|---:|---:|",
            id.title()
        );
        for d in &g.drivers {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                d.name,
                m.optional(d.p10),
                m.optional(d.p90),
                m.amount(d.width())
            );
        }
    }
}

/// Every Azure tier with why it was (not) chosen, and the reference stack.
fn md_azure_and_stack(out: &mut String, r: &Report) {
    out.push_str(
        "\n### Azure IoT Hub tiers\n\n| Tier | Units | Monthly | Why |\n|---|---:|---:|---|\n",
    );
    for t in &r.azure_tiers {
        let _ = writeln!(
            out,
            "| {}{} | {} | {} | {} |",
            t.tier,
            if t.chosen { " (chosen)" } else { "" },
            t.units.map_or_else(|| "—".to_owned(), count),
            r.money().optional(t.monthly_usd),
            t.reason
        );
    }
    let _ = writeln!(
        out,
        "\n## Reference AWS stack: {}\n",
        r.money().optional(r.stack.monthly_usd)
    );
    if let Some(g) = &r.ranges {
        let s = &g.stack;
        let _ = writeln!(
            out,
            "Over the ranges: P10 {} · P50 {} · P90 {} (feasible in {} of samples)\n",
            r.money().optional(s.p10),
            r.money().optional(s.p50),
            r.money().optional(s.p90),
            crate::core::format::percent(s.feasible_share)
        );
    }
    match &r.stack.reason {
        Some(reason) => {
            let _ = writeln!(out, "Infeasible: {reason}");
        }
        None => items_table(out, &r.stack.line_items, r.money()),
    }
}

/// Every limit, the quota to request, fleet reconnect and registration.
fn md_throttling(out: &mut String, r: &Report) {
    out.push_str("\n## Throttling\n\n| Platform | Limit | Value | Peak demand | Utilisation | Throttled at × safety | Onset (devices) |\n|---|---|---:|---:|---:|---|---:|\n");
    for l in &r.throttle.limits {
        let _ = writeln!(
            out,
            "| {} | {} | {} {} | {} | {} | {} | {} |",
            l.platform.title(),
            l.name,
            count(l.limit_per_second),
            l.unit,
            count(l.demand_per_second),
            percent(l.utilization),
            if l.throttled { "**yes**" } else { "no" },
            l.onset_devices.map_or_else(|| "—".to_owned(), count)
        );
    }
    let t = &r.throttle;
    let _ = writeln!(
        out,
        "\nQuota to request: {} inbound publishes/s (carries {} devices){}\n",
        count(t.quota_to_request_per_second),
        count(t.quota_carries_devices),
        t.quota_request_by
            .map(|d| format!(", request by {d}"))
            .unwrap_or_default()
    );
    for x in &t.reconnect {
        let _ = writeln!(
            out,
            "- Fleet reconnect on {}: {} at {}/s",
            x.platform.title(),
            duration(x.seconds),
            count(x.connects_per_second)
        );
    }
    for x in &t.registration {
        let _ = writeln!(
            out,
            "- Fleet registration on {}: {} at {}/s",
            x.platform.title(),
            duration(x.seconds),
            count(x.per_second)
        );
    }
}

/// Storage tiers, extra items and warnings.
fn md_storage(out: &mut String, r: &Report) {
    let s = &r.storage;
    let _ = writeln!(
        out,
        "\n## Storage\n\n{} GiB/day; tiered {} per month against {} all hot ({} saved)\n",
        count(s.gib_per_day),
        r.money().amount(s.tiered_monthly_usd),
        r.money().amount(s.all_hot_monthly_usd),
        percent(s.savings_fraction)
    );
    out.push_str(
        "| Tier | Class | Days | GiB | Per GiB-month | Monthly |\n|---|---|---|---:|---:|---:|\n",
    );
    for tier in &s.tiers {
        let _ = writeln!(
            out,
            "| {}{} | {} | {}–{} | {} | {} | {} |",
            tier.name,
            if tier.below_minimum {
                " (below minimum)"
            } else {
                ""
            },
            tier.class,
            tier.from_day,
            tier.to_day,
            count(tier.gb),
            r.money().unit_price(tier.usd_per_gb_month),
            r.money().amount(tier.monthly_usd)
        );
    }
    if !s.extra_items.is_empty() {
        out.push('\n');
        items_table(out, &s.extra_items, r.money());
    }
    for w in &s.warnings {
        let _ = writeln!(out, "\n> {w}");
    }
}

/// Availability, serverless and break-even points.
fn md_availability(out: &mut String, r: &Report) {
    let a = &r.availability;
    let _ = writeln!(
        out,
        "\n## Availability\n\nTarget {} allows {:.1} min/month, {:.2} h/year of downtime. Stack in series {}, active-active {}. The self-hosted lab is one VM: {}{}.",
        availability(a.target),
        a.downtime_minutes_per_month,
        a.downtime_hours_per_year,
        availability(a.stack_serial),
        availability(a.stack_active_active),
        availability(a.lab),
        if a.lab_meets_target {
            ""
        } else {
            ", below the target"
        }
    );
    let sv = &r.serverless;
    let _ = writeln!(
        out,
        "Lambda: peak concurrency {} against {} database connections{}; break-even with one app server at {} invocations/month.",
        count(sv.concurrency),
        count(sv.database_max_connections),
        if sv.connections_exhausted {
            " — **connections run out**"
        } else {
            ""
        },
        count(sv.break_even_invocations_per_month)
    );
    if !r.break_even.is_empty() {
        out.push_str("\n## Break-even\n\n");
        for b in &r.break_even {
            let _ = writeln!(
                out,
                "- {} and {} cross at {} devices",
                b.a.title(),
                b.b.title(),
                count(b.devices)
            );
        }
    }
}

/// The checklist, the sheets' ages and the assumptions.
/// The months of the growth projection, its crossings and Azure tier changes.
fn md_projection(out: &mut String, r: &Report) {
    let Some(p) = &r.projection else {
        return;
    };
    let m = r.money();
    out.push_str("\n## Projection (month by month)\n\n| Month | Date | Devices |");
    for id in PlatformId::ALL {
        let _ = write!(out, " {} |", id.title());
    }
    out.push_str(" Reference stack | Storage held |\n|---:|---|---:|");
    out.push_str(&"---:|".repeat(PlatformId::ALL.len() + 2));
    out.push('\n');
    for month in &p.months {
        let _ = write!(
            out,
            "| {} | {} | {} |",
            month.month,
            month.date,
            count(month.devices)
        );
        for mp in &month.platforms {
            let _ = write!(out, " {} |", m.optional(mp.monthly_usd));
        }
        let _ = writeln!(
            out,
            " {} | {} |",
            m.optional(month.stack_monthly_usd),
            m.amount(month.storage_monthly_usd)
        );
    }
    if let Some(last) = p.months.last() {
        let spent: Vec<String> = last
            .platforms
            .iter()
            .map(|mp| format!("{} {}", mp.id.title(), m.optional(mp.cumulative_usd)))
            .collect();
        let _ = writeln!(
            out,
            "\nSpent over {} months: {}.",
            last.month,
            spent.join(", ")
        );
    }
    md_crossings(out, p);
}

/// The projection's limit crossings and Azure tier changes.
fn md_crossings(out: &mut String, p: &crate::core::projection::Projection) {
    if p.crossings.is_empty() {
        out.push_str("\nNo fleet-wide limit is crossed within the projection.\n");
    } else {
        out.push_str("\n| Limit | Platform | Crossed in | Request by | Limit | Needed at the full fleet |\n|---|---|---|---|---:|---:|\n");
        for c in &p.crossings {
            let _ = writeln!(
                out,
                "| {} | {} | month {} ({}) | {} | {} | {} |",
                c.limit,
                c.platform.title(),
                c.month,
                c.date,
                c.request_by,
                c.amount(c.limit_per_second),
                c.amount(c.needed_per_second)
            );
        }
    }
    for t in &p.tier_changes {
        let _ = writeln!(
            out,
            "\nAzure IoT Hub: month {} moves from {} to {}{}.",
            t.month,
            t.from,
            t.to,
            if t.possible {
                ""
            } else {
                " (not possible in place: a new hub and a migration)"
            }
        );
    }
}

fn md_readiness(out: &mut String, r: &Report) {
    let rd = &r.readiness;
    let _ = writeln!(
        out,
        "\n## Readiness: {} of {} passed\n\n| Status | Group | Item | Detail |\n|---|---|---|---|",
        rd.passed, rd.applicable
    );
    for i in &rd.items {
        let status = match i.status {
            ItemStatus::Pass => "pass",
            ItemStatus::Fail => "**FAIL**",
            ItemStatus::Manual if i.overdue => "**overdue**",
            ItemStatus::Manual => "manual",
            ItemStatus::NotApplicable => "n/a",
        };
        let due = i.do_by.map(|d| format!(" (do by {d})")).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {status} | {} | {}{due} | {} |",
            i.item.group, i.item.title, i.reason
        );
    }
    out.push_str("\n## Sheets\n\n");
    for sh in &r.sheets {
        let _ = writeln!(
            out,
            "- {} ({}): as of {}, {} days old",
            sh.title, sh.name, sh.as_of, sh.age_days
        );
    }
    out.push_str("\n## Assumptions\n\n");
    for a in &r.assumptions {
        let _ = writeln!(out, "- {a}");
    }
}

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

/// P10, P50 and P90 of a total over the ranges (empty without ranges or on other rows).
#[derive(Clone, Copy, Default)]
struct Percentiles {
    p10: Option<f64>,
    p50: Option<f64>,
    p90: Option<f64>,
}

impl Percentiles {
    fn of(s: &crate::core::ranges::Spread) -> Self {
        Self {
            p10: s.p10,
            p50: s.p50,
            p90: s.p90,
        }
    }

    /// The percentiles beside a CSV row: platform and stack totals carry them.
    fn for_row(row: &CsvRow<'_>, r: &Report) -> Self {
        let Some(g) = &r.ranges else {
            return Self::default();
        };
        match row.section {
            "platform total" => g
                .platforms
                .iter()
                .find(|p| p.id.id() == row.platform)
                .map(|p| Self::of(&p.spread))
                .unwrap_or_default(),
            "stack total" => Self::of(&g.stack),
            _ => Self::default(),
        }
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
}

impl<'a> CsvLine<'a> {
    fn new(row: CsvRow<'a>, r: &'a Report) -> Self {
        let money = !matches!(row.section, "limit" | "region" | "currency");
        let m = r.money();
        let spread = Percentiles::for_row(&row, r);
        Self {
            p10_usd: spread.p10,
            p50_usd: spread.p50,
            p90_usd: spread.p90,
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
        }
    }
}

pub fn csv(r: &Report) -> Result<String, String> {
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
    for row in [region, currency]
        .into_iter()
        .chain(comparison_rows(r))
        .chain(platform_rows(r))
        .chain(storage_rows(r))
        .chain(limit_rows(r))
        .chain(projection_rows(r))
    {
        w.serialize(CsvLine::new(row, r))
            .map_err(|e| format!("cannot write CSV: {e}"))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| format!("cannot write CSV: {e}"))?;
    String::from_utf8(bytes).map_err(|e| format!("cannot write CSV: {e}"))
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
    for t in &r.azure_tiers {
        rows.push(CsvRow {
            quantity: t.units,
            unit: "units",
            ..CsvRow::total(
                "azure tier",
                "azure-iot-hub",
                &t.tier,
                t.monthly_usd,
                &t.reason,
            )
        });
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
                "throttled={} onset_devices={}",
                l.throttled,
                l.onset_devices.map(plain).unwrap_or_default()
            )
            .into(),
        })
        .collect()
}

/// `iotplan diff` in `format`: the comparison, the line items that moved, volume, storage, and
/// the limits and checklist items whose status changed.
pub fn render_diff(d: &crate::core::compare::Diff, format: Format) -> Result<String, String> {
    match format {
        Format::Json => serde_json::to_string_pretty(d)
            .map(|t| t + "\n")
            .map_err(|e| format!("cannot write JSON: {e}")),
        Format::Markdown => Ok(diff_markdown(d)),
        Format::Csv => diff_csv(d),
    }
}

/// The line items that moved, added or gone.
fn diff_md_items(out: &mut String, d: &crate::core::compare::Diff, m: Money) {
    out.push_str("\n## Line items that changed\n\n");
    if d.line_items.is_empty() {
        out.push_str("None.\n");
    } else {
        out.push_str("| Platform | Item | Baseline | Now | Change |\n|---|---|---:|---:|---:|\n");
        for i in &d.line_items {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                i.platform,
                i.name,
                m.optional(i.delta.baseline_monthly_usd),
                m.optional(i.delta.monthly_usd),
                match (i.delta.baseline_monthly_usd, i.delta.monthly_usd) {
                    (None, Some(_)) => "new item".to_owned(),
                    (Some(_), None) => "gone".to_owned(),
                    _ => delta_text(&i.delta, m),
                }
            );
        }
    }
}

fn diff_markdown(d: &crate::core::compare::Diff) -> String {
    let m = Money::USD;
    let c = &d.comparison;
    let mut out = format!(
        "# iotplan diff against {}\n\n| | Baseline | Now | Change |\n|---|---:|---:|---:|\n",
        c.baseline
    );
    for (name, delta) in c
        .platforms
        .iter()
        .map(|p| (p.id.title(), &p.delta))
        .chain(std::iter::once(("Reference AWS stack", &c.stack)))
    {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} |",
            m.optional(delta.baseline_monthly_usd),
            m.optional(delta.monthly_usd),
            delta_text(delta, m)
        );
    }
    diff_md_items(&mut out, d, m);
    let v = &d.volume;
    let _ = writeln!(
        out,
        "\n## Volume and storage\n\n- Messages a month: {} -> {}\n- GB a month: {} -> {}\n- Peak messages/s: {} -> {}\n- Storage (tiered) a month: {} -> {}",
        count(v.messages_per_month.baseline),
        count(v.messages_per_month.now),
        count(v.gb_per_month.baseline),
        count(v.gb_per_month.now),
        count(v.peak_messages_per_second.baseline),
        count(v.peak_messages_per_second.now),
        m.amount(d.storage.tiered_monthly_usd.baseline),
        m.amount(d.storage.tiered_monthly_usd.now)
    );
    out.push_str("\n## Limits whose status changed\n\n");
    if d.limits.is_empty() {
        out.push_str("None.\n");
    }
    for l in &d.limits {
        let state = |t: bool| if t { "throttled" } else { "ok" };
        let _ = writeln!(
            out,
            "- {}: {} ({} -> {})",
            l.platform.title(),
            l.name,
            state(l.baseline_throttled),
            state(l.throttled)
        );
    }
    out.push_str("\n## Checklist items whose status changed\n\n");
    if d.readiness.is_empty() {
        out.push_str("None.\n");
    }
    for i in &d.readiness {
        let _ = writeln!(
            out,
            "- {}: {:?} -> {:?}",
            i.title, i.baseline_status, i.status
        );
    }
    out
}

/// One row of `iotplan diff --format csv`.
#[derive(serde::Serialize)]
struct DiffRow<'a> {
    section: &'a str,
    platform: &'a str,
    name: &'a str,
    baseline: Option<f64>,
    now: Option<f64>,
    delta_usd: Option<f64>,
    delta_fraction: Option<f64>,
    note: String,
}

fn diff_csv(d: &crate::core::compare::Diff) -> Result<String, String> {
    let c = &d.comparison;
    let mut rows = Vec::new();
    let total = |section, platform, name, delta: &crate::core::compare::Delta| DiffRow {
        section,
        platform,
        name,
        baseline: delta.baseline_monthly_usd,
        now: delta.monthly_usd,
        delta_usd: delta.delta_usd,
        delta_fraction: delta.delta_fraction,
        note: String::new(),
    };
    for p in &c.platforms {
        rows.push(total("platform", p.id.id(), "monthly_usd", &p.delta));
    }
    rows.push(total("stack", "stack", "monthly_usd", &c.stack));
    for i in &d.line_items {
        rows.push(total("line item", i.platform, &i.name, &i.delta));
    }
    let volume = &d.volume;
    for (name, ch) in [
        ("messages_per_month", volume.messages_per_month),
        ("gb_per_month", volume.gb_per_month),
        ("peak_messages_per_second", volume.peak_messages_per_second),
        ("storage tiered_monthly_usd", d.storage.tiered_monthly_usd),
    ] {
        rows.push(DiffRow {
            section: "volume",
            platform: "",
            name,
            baseline: Some(ch.baseline),
            now: Some(ch.now),
            delta_usd: None,
            delta_fraction: None,
            note: String::new(),
        });
    }
    for l in &d.limits {
        rows.push(DiffRow {
            section: "limit",
            platform: l.platform.id(),
            name: &l.name,
            baseline: None,
            now: None,
            delta_usd: None,
            delta_fraction: None,
            note: format!("throttled {} -> {}", l.baseline_throttled, l.throttled),
        });
    }
    for i in &d.readiness {
        rows.push(DiffRow {
            section: "readiness",
            platform: "",
            name: &i.id,
            baseline: None,
            now: None,
            delta_usd: None,
            delta_fraction: None,
            note: format!("{:?} -> {:?}", i.baseline_status, i.status).to_lowercase(),
        });
    }
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.serialize(row)
            .map_err(|e| format!("cannot write CSV: {e}"))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| format!("cannot write CSV: {e}"))?;
    String::from_utf8(bytes).map_err(|e| format!("cannot write CSV: {e}"))
}
