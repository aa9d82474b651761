//! The self-hosted lab: one VM running Mosquitto, InfluxDB and Grafana (the chapter's Docker
//! Compose lab), with no high availability, the time series on the VM's own disk and a small
//! operations figure. It carries a fleet up to the first of three ceilings — the single-threaded
//! broker, InfluxDB's ingest rate, the disk for the retention — and is infeasible beyond.

use super::sheet::SelfHostedLabSheet;
use crate::format::{Num, count};
use crate::inputs::volume::{BYTES_PER_GB, DAYS_PER_USAGE_MONTH, HOURS_PER_BILLING_MONTH};
use crate::inputs::workload::Workload;
use crate::platforms::egress::{egress_gb, transfer_item, transfer_usd};
use crate::platforms::self_hosted::broker_messages_per_second;
use crate::prices::sheets::AwsStackSheet;
use crate::report::{Category, Formula, LineItem, Volume};

/// One of the lab's ceilings: what the workload asks of it, what it carries, and the fleet at
/// which the two meet (demand grows in proportion to the devices).
#[derive(Clone, Debug, PartialEq)]
pub struct Ceiling {
    pub name: &'static str,
    pub unit: &'static str,
    pub demand: f64,
    pub capacity: f64,
    pub source: std::sync::Arc<str>,
}

impl Ceiling {
    /// The fleet size at which demand reaches capacity (`None` with no demand at all).
    pub fn onset_devices(&self, devices: f64) -> Option<f64> {
        // A whole device count; the tolerance keeps 374,999.99999 from becoming 374,999.
        (self.demand > 0.0).then(|| (devices * self.capacity / self.demand * (1.0 + 1e-12)).floor())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LabCost {
    pub ceilings: Vec<Ceiling>,
    /// The largest fleet the lab carries at this workload's per-device rates.
    pub carries_devices: Option<f64>,
    /// The first ceiling the workload is beyond (its reason is written only when asked for:
    /// a sweep prices the lab at hundreds of fleet sizes).
    pub beyond: Option<usize>,
    pub vm_usd: f64,
    pub disk_usd: f64,
    pub egress_gb: f64,
    pub egress_usd: f64,
    pub ops_hours: f64,
    pub ops_usd: f64,
}

/// Field values InfluxDB writes a second at peak: readings × fields per reading.
fn field_writes_per_second(w: &Workload, v: &Volume, s: &SelfHostedLabSheet) -> f64 {
    v.readings_per_month / (DAYS_PER_USAGE_MONTH * 86_400.0)
        * w.peak_factor
        * s.fields_per_reading.v()
}

/// GB the time series needs on disk for the whole retention: every reading's field values and
/// timestamp at InfluxDB's bytes per stored value.
fn stored_gb(w: &Workload, v: &Volume, s: &SelfHostedLabSheet) -> f64 {
    let readings = v.readings_per_month / DAYS_PER_USAGE_MONTH * w.retention_days;
    readings * (s.fields_per_reading.v() + 1.0) * s.bytes_per_stored_value.v() / BYTES_PER_GB
}

pub fn ceilings(w: &Workload, v: &Volume, s: &SelfHostedLabSheet) -> Vec<Ceiling> {
    vec![
        Ceiling {
            name: "Mosquitto messages per second, in + out (single-threaded)",
            unit: "per second",
            demand: broker_messages_per_second(w, v),
            capacity: s.broker_messages_per_second.v(),
            source: std::sync::Arc::clone(&s.broker_messages_per_second.source),
        },
        Ceiling {
            name: "InfluxDB field writes per second",
            unit: "per second",
            demand: field_writes_per_second(w, v, s),
            capacity: s.influx_field_writes_per_second.v(),
            source: std::sync::Arc::clone(&s.influx_field_writes_per_second.source),
        },
        Ceiling {
            name: "VM disk for the retention",
            unit: "GB",
            demand: stored_gb(w, v, s),
            capacity: (s.disk_gb.v() - s.disk_reserved_gb.v()).max(0.0),
            source: std::sync::Arc::clone(&s.disk_gb.source),
        },
    ]
}

pub fn cost(w: &Workload, v: &Volume, s: &SelfHostedLabSheet, stack: &AwsStackSheet) -> LabCost {
    let ceilings = ceilings(w, v, s);
    let carries_devices = ceilings
        .iter()
        .filter_map(|c| c.onset_devices(w.devices))
        .min_by(f64::total_cmp);
    let beyond = ceilings.iter().position(|c| c.demand > c.capacity);
    let egress_gb = egress_gb(w, v);
    let ops_hours = s.ops_hours_per_month.v();
    LabCost {
        ceilings,
        carries_devices,
        beyond,
        vm_usd: HOURS_PER_BILLING_MONTH * s.instance_usd_per_hour.v() * w.commitment_factor(),
        disk_usd: s.disk_gb.v() * s.disk_usd_per_gb_month.v(),
        egress_gb,
        egress_usd: transfer_usd(egress_gb, stack),
        ops_hours,
        ops_usd: ops_hours * w.ops_hourly_usd,
    }
}

impl LabCost {
    /// Why the lab cannot carry the workload, when it cannot.
    pub fn infeasible(&self) -> Option<String> {
        let c = &self.ceilings[self.beyond?];
        Some(format!(
            "the lab carries up to {} devices at this rate: {} needs {} against {}",
            self.carries_devices.map_or_else(|| "0".to_owned(), count),
            c.name,
            crate::format::amount(c.demand, c.unit),
            crate::format::amount(c.capacity, c.unit)
        ))
    }

    /// The monthly total, summed in line-item order; `None` beyond the lab's ceilings.
    pub fn total(&self) -> Option<f64> {
        if self.beyond.is_some() {
            return None;
        }
        Some(
            [self.vm_usd, self.disk_usd, self.egress_usd, self.ops_usd]
                .iter()
                .sum(),
        )
    }
}

pub fn line_items(
    c: &LabCost,
    w: &Workload,
    v: &Volume,
    s: &SelfHostedLabSheet,
    stack: &AwsStackSheet,
) -> Vec<LineItem> {
    let hours = HOURS_PER_BILLING_MONTH;
    let (instance, price, factor) = (
        s.instance.clone(),
        s.instance_usd_per_hour.v(),
        w.commitment_factor(),
    );
    let disk_gb = s.disk_gb.v();
    vec![
        LineItem::averaged(
            Category::Compute,
            "Lab VM",
            hours,
            "instance-hours",
            c.vm_usd,
            Formula::new(move || {
                format!(
                    "one {instance}, no HA: {hours} h × ${}/h × {} (commitment)",
                    Num(price),
                    crate::format::grouped(factor, 2)
                )
            }),
        )
        .graded(crate::graded_by![s.instance_usd_per_hour]),
        LineItem::flat(
            Category::Disks,
            "VM disk",
            disk_gb,
            "GB-month",
            s.disk_usd_per_gb_month.v(),
            Formula::new(move || {
                format!("{disk_gb} GB gp3 holding the OS, the images and the time series")
            }),
        )
        .graded(crate::graded_by![s.disk_usd_per_gb_month, s.disk_gb]),
        transfer_item(w, v, stack),
        LineItem::flat(
            Category::Operations,
            "Operations",
            c.ops_hours,
            "engineer-hours",
            w.ops_hourly_usd,
            "lab hours per month × hourly rate (updates, backups, the odd restart)",
        )
        .graded(crate::graded_by![s.ops_hours_per_month]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::volume::volume;
    use crate::prices::sheets::Sheets;

    fn lab(w: &Workload) -> LabCost {
        let s = Sheets::embedded();
        cost(w, &volume(w), s.get(), s.aws_stack())
    }

    #[test]
    fn the_chapters_thousand_devices_run_on_a_twenty_dollar_server() {
        // 1,000 devices, 12 readings/h of 200 B: one t3.small (730 h × $0.0208 = $15.18) and
        // 30 GB of gp3 ($2.40): the chapter's "~$20/mo (server)".
        let c = lab(&Workload::default());
        assert!(c.infeasible().is_none());
        assert!((c.vm_usd - 15.184).abs() < 1e-9, "{}", c.vm_usd);
        assert!((c.disk_usd - 2.40).abs() < 1e-9);
        assert!(c.vm_usd + c.disk_usd < 20.0);
        // Operations: 2 h × $100.
        assert!((c.ops_usd - 200.0).abs() < 1e-9);
    }

    #[test]
    fn the_lab_carries_fleets_up_to_influxdbs_ingest_rate() {
        // Per device at 12 readings/h, peak factor 1: 12 ÷ 3,600 × 4 fields = 0.01333 field
        // writes/s; InfluxDB's 5,000/s on 2–4 cores is reached at 375,000 devices. The broker
        // (in + out 2 × 12 ÷ 3,600 = 0.00667 msg/s per device, 74,600/s) would carry
        // 11,190,000; the 20 GB for 30 days (8,640 readings × 5 values × 3 B = 129.6 kB a
        // device) 154,320 devices. So the disk binds first: 154,320.
        let c = lab(&Workload::default());
        let onsets: Vec<f64> = c
            .ceilings
            .iter()
            .map(|x| x.onset_devices(1_000.0).unwrap())
            .collect();
        assert_eq!(onsets, [11_190_000.0, 375_000.0, 154_320.0]);
        assert_eq!(c.carries_devices, Some(154_320.0));
        // One device more is beyond the lab, and the reason says how far it goes.
        let beyond = lab(&Workload {
            devices: 154_321.0,
            ..Workload::default()
        });
        let reason = beyond.infeasible().unwrap();
        assert!(reason.contains("carries up to 154,320 devices"), "{reason}");
        assert!(reason.contains("VM disk for the retention"), "{reason}");
        assert!(
            lab(&Workload {
                devices: 154_320.0,
                ..Workload::default()
            })
            .infeasible()
            .is_none()
        );
    }
}
