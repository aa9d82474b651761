//! Message volume and rates (domain §2), and the unit conventions every module shares (domain §1).

use super::workload::Workload;
use crate::report::Volume;

/// A usage month: 30 days, as the vendors' `IoT` pricing examples count.
pub const HOURS_PER_USAGE_MONTH: f64 = 720.0;
pub const MINUTES_PER_USAGE_MONTH: f64 = 43_200.0;
pub const DAYS_PER_USAGE_MONTH: f64 = 30.0;
/// Hourly-priced resources (EC2, RDS) use 730 h/month, as the public calculators do.
pub const HOURS_PER_BILLING_MONTH: f64 = 730.0;
pub const HOURS_PER_YEAR: f64 = 8_760.0;
pub const BYTES_PER_GB: f64 = 1e9;
pub const BYTES_PER_GIB: f64 = 1_073_741_824.0;

/// The assumptions the report states.
pub const ASSUMPTIONS: [&str; 6] = [
    "A usage month is 30 days = 720 h = 43,200 min (vendors' IoT pricing examples)",
    "Hourly resources (EC2, RDS) are billed 730 h/month; Azure IoT Hub units per whole month",
    "A year is 365 days (8,760 h); 1 TB of transfer = 1,024 GB",
    "Traffic volumes in decimal GB (10^9 bytes); storage in GiB (2^30 bytes), as AWS bills it",
    "Money in USD per month, unrounded; every total is the sum of its line items",
    "Prices us-east-1 unless a sheet says otherwise; each sheet carries its as_of date and sources",
];

/// Rounds up, ignoring floating-point dust just above a whole number (500.00000000000006 → 500).
/// Dust is a few units in the last place: any real fraction (.1 of 100,000,000) still rounds up.
pub fn ceil_whole(x: f64) -> f64 {
    let r = x.round();
    if (x - r).abs() <= 4.0 * f64::EPSILON * r.abs().max(1.0) {
        r
    } else {
        x.ceil()
    }
}

/// Published messages per device per hour after send-on-change, edge filtering and batching.
pub fn messages_per_device_per_hour(w: &Workload) -> f64 {
    w.effective_readings_per_hour() / w.batch_size
}

pub fn volume(w: &Workload) -> Volume {
    let readings_per_hour = w.effective_readings_per_hour();
    let reading_bytes = w.effective_reading_bytes();
    let readings_per_month = w.devices * readings_per_hour * HOURS_PER_USAGE_MONTH;
    let messages_per_month = readings_per_month / w.batch_size;
    let bytes_per_month = readings_per_month * reading_bytes;
    let average = w.devices * messages_per_device_per_hour(w) / 3600.0;
    Volume {
        readings_per_month,
        messages_per_month,
        bytes_per_message: reading_bytes * w.batch_size,
        bytes_per_month,
        gb_per_month: bytes_per_month / BYTES_PER_GB,
        average_messages_per_second: average,
        peak_messages_per_second: average * w.peak_factor,
    }
}

/// Metered units of `bytes` at a meter of `meter` bytes: never fewer than one.
pub fn blocks(bytes: f64, meter: f64) -> f64 {
    ceil_whole(bytes / meter).max(1.0)
}

/// Cost of `quantity` priced in consecutive tiers of `(width, unit price)`; the last width may be
/// infinite.
pub fn tiered(quantity: f64, tiers: &[(f64, f64)]) -> f64 {
    let mut left = quantity.max(0.0);
    let mut cost = 0.0;
    for &(width, price) in tiers {
        let here = left.min(width);
        cost += here * price;
        left -= here;
        if left <= 0.0 {
            break;
        }
    }
    cost
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_volume_example() {
        // Domain §2: 1,000 devices × 12/h × 200 B → 8,640,000 messages/month and 1.728 GB/month.
        let v = volume(&Workload::default());
        assert_eq!(v.messages_per_month, 8_640_000.0);
        assert!((v.gb_per_month - 1.728).abs() < 1e-12);
        assert!((v.average_messages_per_second - 1000.0 * 12.0 / 3600.0).abs() < 1e-12);
    }

    #[test]
    fn batching_divides_messages_and_multiplies_size() {
        let w = Workload {
            batch_size: 40.0,
            ..Workload::default()
        };
        let v = volume(&w);
        assert_eq!(v.messages_per_month, 216_000.0);
        assert_eq!(v.bytes_per_message, 8_000.0);
        assert!((v.gb_per_month - 1.728).abs() < 1e-12);
    }

    #[test]
    fn ceil_whole_ignores_dust() {
        assert_eq!(ceil_whole(500.000_000_000_000_06), 500.0);
        assert_eq!(ceil_whole(500.1), 501.0);
        assert_eq!(ceil_whole(100_000_000.1), 100_000_001.0);
        assert_eq!(ceil_whole(280_000_000.27), 280_000_001.0);
        assert_eq!(ceil_whole(1_800_000.0 * 3.0 / 3600.0), 1_500.0);
        assert_eq!(blocks(2048.0, 5120.0), 1.0);
        assert_eq!(blocks(5121.0, 5120.0), 2.0);
        assert_eq!(blocks(8192.0, 5120.0), 2.0);
    }

    #[test]
    fn tiered_prices_each_tier() {
        let t = [(1000.0, 1.0), (4000.0, 0.8), (f64::INFINITY, 0.7)];
        assert_eq!(tiered(2000.0, &t), 1800.0);
        assert_eq!(tiered(6000.0, &t), 4900.0);
        assert_eq!(tiered(0.0, &t), 0.0);
    }
}
