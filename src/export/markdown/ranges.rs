//! The report's Markdown: the distribution over ranged fields (P10/P50/P90).

use std::fmt::Write as _;

use crate::core::format::Money;

/// P10, P50 and P90 as three table cells (the middle one without its bars).
pub(super) fn md_spread(s: &crate::core::ranges::Spread, m: Money) -> String {
    format!(
        "{} | {} | {}",
        m.optional(s.p10),
        m.optional(s.p50),
        m.optional(s.p90)
    )
}

/// What was sampled, the throttling probabilities and the drivers.
pub(super) fn md_ranges(out: &mut String, g: &crate::core::ranges::Ranges, m: Money) {
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
