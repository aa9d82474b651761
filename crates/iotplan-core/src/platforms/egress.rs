//! Data sent out to the internet — the share of ingested bytes passed on and the firmware
//! devices download — priced at AWS's transfer tiers. Computed once here for every option that
//! runs on AWS (domain §9, §11).

use crate::format::Num;
use crate::inputs::volume::{BYTES_PER_GB, tiered};
use crate::inputs::workload::Workload;
use crate::prices::sheets::AwsStackSheet;
use crate::report::grade::GradedFigure;
use crate::report::{Category, Formula, Grade, LineItem, Volume};

/// Firmware sent out over the air, in GB per month.
pub fn ota_gb(w: &Workload) -> f64 {
    w.devices * w.firmware_updates_per_year / 12.0 * w.firmware_bytes / BYTES_PER_GB
}

/// Ingested bytes sent out plus firmware downloads, in GB per month.
pub fn egress_gb(w: &Workload, v: &Volume) -> f64 {
    v.bytes_per_month * w.egress_fraction / BYTES_PER_GB + ota_gb(w)
}

/// The lowest grade of the transfer figures `gb` a month is priced with: the free allowance and
/// each tier it reaches.
pub fn transfer_grade(gb: f64, s: &AwsStackSheet) -> GradedFigure {
    let [tier1, tier2, tier3, tier4] = crate::graded_by![
        s.transfer_tier1_per_gb,
        s.transfer_tier2_per_gb,
        s.transfer_tier3_per_gb,
        s.transfer_tier4_per_gb
    ];
    let starts = [
        (0.0, tier1),
        (s.transfer_tier1_up_to_gb.v(), tier2),
        (s.transfer_tier2_up_to_gb.v(), tier3),
        (s.transfer_tier3_up_to_gb.v(), tier4),
    ];
    let free = s.transfer_free_gb.v();
    crate::graded_by![s.transfer_free_gb]
        .into_iter()
        .chain(
            starts
                .into_iter()
                .filter(|(from, _)| gb > free + from)
                .map(|(_, price)| price),
        )
        .min_by_key(|f| f.0)
        .unwrap_or((Grade::H, ""))
}

/// Data transfer out to the internet: the first 100 GB free, then the volume tiers.
pub fn transfer_usd(gb: f64, s: &AwsStackSheet) -> f64 {
    let t1 = s.transfer_tier1_up_to_gb.v();
    let t2 = s.transfer_tier2_up_to_gb.v();
    let t3 = s.transfer_tier3_up_to_gb.v();
    tiered(
        gb,
        &[
            (s.transfer_free_gb.v(), 0.0),
            (t1, s.transfer_tier1_per_gb.v()),
            ((t2 - t1).max(0.0), s.transfer_tier2_per_gb.v()),
            ((t3 - t2).max(0.0), s.transfer_tier3_per_gb.v()),
            (f64::INFINITY, s.transfer_tier4_per_gb.v()),
        ],
    )
}

/// The "Data transfer out" line item: [`egress_gb`] at [`transfer_usd`].
pub fn transfer_item(w: &Workload, v: &Volume, s: &AwsStackSheet) -> LineItem {
    let gb = egress_gb(w, v);
    let firmware = if ota_gb(w) > 0.0 {
        " + firmware (OTA) downloads"
    } else {
        ""
    };
    let share = w.egress_fraction;
    let free = s.transfer_free_gb.v();
    let tiers = [
        s.transfer_tier1_per_gb.v(),
        s.transfer_tier2_per_gb.v(),
        s.transfer_tier3_per_gb.v(),
        s.transfer_tier4_per_gb.v(),
    ];
    LineItem::averaged(
        Category::DataTransfer,
        "Data transfer out",
        gb,
        "GB",
        transfer_usd(gb, s),
        Formula::new(move || {
            let [t1, t2, t3, t4] = tiers.map(Num);
            format!(
                "ingested GB × {} egress share{firmware}; {} GB free, ${t1}/GB to 10 TB, ${t2} next 40 TB, ${t3} next 100 TB, ${t4} beyond",
                Num(share),
                Num(free)
            )
        }),
    )
        .graded([transfer_grade(gb, s)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prices::sheets::Sheets;

    #[test]
    fn transfer_tiers() {
        let sheets = Sheets::embedded();
        let s = sheets.aws_stack();
        assert_eq!(transfer_usd(50.0, s), 0.0);
        assert!((transfer_usd(1100.0, s) - 90.0).abs() < 1e-9);
        // 100 free + 10,240 at 0.09 + 40,960 at 0.085.
        let full = 10_240.0 * 0.09 + 40_960.0 * 0.085;
        assert!((transfer_usd(100.0 + 51_200.0, s) - full).abs() < 1e-6);
    }
}
