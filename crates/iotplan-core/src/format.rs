//! Number formatting shared by the report texts, the CLI and the UI: thousands separators, cents.

use std::fmt::Write as _;

/// `1234567.891` → `"1,234,567.89"`.
///
/// Rounds in integer arithmetic: exact float formatting (`{:.2}`) falls back to a slow
/// big-number algorithm often enough to dominate a report's cost.
pub fn grouped(value: f64, decimals: usize) -> String {
    let mut out = String::with_capacity(24);
    grouped_into(&mut out, value, decimals);
    out
}

/// [`grouped`], appended to `out` (one allocation for `$` and the digits).
fn grouped_into(out: &mut String, value: f64, decimals: usize) {
    let decimals = decimals.min(12);
    let scale = 10u128.pow(decimals as u32);
    let scaled = value.abs() * scale as f64;
    // No output ever shows NaN or inf: a figure that is not a number shows as absent. Figures
    // beyond a quintillion are shown in scientific notation rather than as twenty digits.
    if !value.is_finite() {
        out.push('—');
        return;
    }
    if value.abs() >= 1e18 || scaled >= 1e36 {
        let _ = write!(out, "{value:.3e}");
        return;
    }
    let scaled = scaled.round();
    if value < 0.0 && scaled > 0.0 {
        out.push('-');
    }
    // u64 arithmetic is several times faster than u128 (a division is a library call); most
    // figures fit it.
    if scaled < 1.8e19 {
        let (n, scale) = (scaled as u64, scale as u64);
        push_grouped(out, n / scale, n % scale, decimals);
    } else {
        let n = scaled as u128;
        // The integer part of a figure below 10^18 fits u64 after the division.
        push_grouped(out, (n / scale) as u64, (n % scale) as u64, decimals);
    }
}

/// Writes `int` with thousands separators, then `decimals` digits of `frac`, in one push.
fn push_grouped(out: &mut String, int: u64, frac: u64, decimals: usize) {
    // 20 digits, 6 separators, a point and 12 decimals.
    let mut buf = [0u8; 40];
    let mut at = buf.len();
    let mut f = frac;
    for _ in 0..decimals {
        at -= 1;
        buf[at] = b'0' + (f % 10) as u8;
        f /= 10;
    }
    if decimals > 0 {
        at -= 1;
        buf[at] = b'.';
    }
    let mut n = int;
    let mut digits = 0;
    loop {
        if digits > 0 && digits % 3 == 0 {
            at -= 1;
            buf[at] = b',';
        }
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        digits += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[at..]).unwrap_or_default());
}

/// Money with cents: `$12,345.67`.
pub fn usd(value: f64) -> String {
    Money::USD.amount(value)
}

/// A number in a formula text or a message, written as `{}` writes an `f64` (`5120`, `0.08`),
/// but through integer or Ryū formatting (the standard float formatting was a fifth of a
/// report's cost); zero is `0` whatever its sign, and a magnitude outside 1e-5 to 1e16 is
/// written with an exponent (`1e-310`, not three hundred digits).
#[derive(Clone, Copy, Debug)]
pub struct Num(pub f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let x = self.0;
        if x == 0.0 {
            f.write_str("0")
        } else if x.fract() == 0.0 && x.abs() < 1e15 {
            write!(f, "{}", x as i64)
        } else if x.is_finite() && (1e-5..1e16).contains(&x.abs()) {
            f.write_str(ryu::Buffer::new().format_finite(x))
        } else if x.is_finite() {
            write!(f, "{x:e}")
        } else {
            write!(f, "{x}")
        }
    }
}

/// A money figure, or a dash for "no figure" (an infeasible option).
pub fn money(value: Option<f64>) -> String {
    Money::USD.optional(value)
}

/// A per-device figure in USD (see [`Money::per_device`]).
pub fn per_device(value: Option<f64>) -> String {
    Money::USD.per_device(value)
}

/// A unit price in USD (see [`Money::unit_price`]).
pub fn unit_price(value: f64) -> String {
    Money::USD.unit_price(value)
}

/// How a report's money is shown: USD figures converted at `rate` and written with `symbol`
/// (domain §12). Formulas keep the sheets' USD; headline figures, items and charts use this.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Money {
    pub code: &'static str,
    pub symbol: &'static str,
    /// Units shown per US dollar.
    pub rate: f64,
}

impl Money {
    pub const USD: Self = Self {
        code: "USD",
        symbol: "$",
        rate: 1.0,
    };

    pub fn of(currency: &super::currency::CurrencyInfo) -> Self {
        Self {
            code: currency.code,
            symbol: currency.symbol,
            rate: currency.rate,
        }
    }

    /// A USD figure in this currency, unformatted (for charts).
    pub fn convert(self, usd: f64) -> f64 {
        usd * self.rate
    }

    /// With cents: `€12,345.67`; a dash for a figure that is not finite. A real cost under
    /// half a cent keeps its significant digits (`$0.0036`), never reading as `$0.00`.
    pub fn amount(self, usd: f64) -> String {
        let value = self.convert(usd);
        if value != 0.0 && value.abs() < 0.005 {
            return self.unit_price(usd);
        }
        self.label(value)
    }

    /// A figure already in this currency (a chart's axis, whose data was converted).
    pub fn label(self, value: f64) -> String {
        if !value.is_finite() {
            return "—".to_owned();
        }
        let mut out = String::with_capacity(24);
        if value < 0.0 && value.abs() >= 0.005 {
            out.push('-');
        }
        out.push_str(self.symbol);
        grouped_into(&mut out, value.abs(), 2);
        out
    }

    /// A money figure, or a dash for "no figure" (an infeasible option).
    pub fn optional(self, usd: Option<f64>) -> String {
        usd.map_or_else(|| "—".to_owned(), |v| self.amount(v))
    }

    /// A per-device figure: cents from one unit up, else three significant digits (`$0.00312`),
    /// so a fleet of millions does not read "$0.00 per device"; a dash for "no figure".
    pub fn per_device(self, usd: Option<f64>) -> String {
        usd.map_or_else(|| "—".to_owned(), |v| self.unit_price(v))
    }

    /// A unit price: cents from one unit up, else three significant digits (`$0.00000008`).
    pub fn unit_price(self, usd: f64) -> String {
        let value = self.convert(usd);
        if value == 0.0 || !value.is_finite() || value.abs() >= 1.0 {
            return self.amount(usd);
        }
        let digits = (2 - value.abs().log10().floor() as i32).clamp(2, 12) as usize;
        let text = grouped(value.abs(), digits);
        // Significant digits without trailing zeros, but never fewer than cents: $0.50, $0.193.
        let trimmed = text.trim_end_matches('0');
        let cents = text.find('.').map_or(text.len(), |dot| dot + 3);
        let text = &text[..trimmed.len().max(cents)];
        let sign = if value < 0.0 { "-" } else { "" };
        format!("{sign}{}{text}", self.symbol)
    }
}

impl Money {
    /// A unit price in the unit people quote it in: per unit from a cent up
    /// (`$0.09 per GB`), else per million (`$1.25 per million operations`, not
    /// `$0.00000125 per operation`).
    pub fn price_per(self, usd: f64, unit: &str) -> String {
        let value = self.convert(usd);
        let unit = unit_of_price(unit);
        if value != 0.0 && value.abs() < 0.01 && !unit.starts_with("million ") {
            let unit = if unit.starts_with("thousand ") {
                return format!("{} per {unit}", self.unit_price(usd));
            } else {
                plural_of(&unit)
            };
            return format!("{} per million {unit}", self.unit_price(usd * 1e6));
        }
        format!("{} per {unit}", self.unit_price(usd))
    }
}

/// The thing a quantity's unit counts, singular: "operations" → "operation", "GiB leaving per
/// month" → "GiB"; "thousand requests" stays.
fn unit_of_price(unit: &str) -> String {
    if unit.starts_with("thousand ") || unit.starts_with("million ") {
        return unit.to_owned();
    }
    let first = unit.split(" per ").next().unwrap_or(unit);
    let first = if unit.contains(" per ") {
        first.split(' ').next().unwrap_or(first)
    } else {
        first
    };
    match first.strip_suffix('s') {
        Some(single) if !first.ends_with("ss") && first != "GB" => single.to_owned(),
        _ => first.to_owned(),
    }
}

/// The plural of a unit's name, for "per million …": units of measure (GB, GiB) stay.
fn plural_of(unit: &str) -> String {
    if unit.ends_with('s') || unit.chars().all(|c| c.is_ascii_uppercase() || c == 'i') {
        unit.to_owned()
    } else {
        format!("{unit}s")
    }
}

/// A line item's quantity: whole from 100 up (counts of messages, actions, operations are
/// whole), else as [`count`] writes it (`1.61 GiB`).
pub fn quantity(value: f64) -> String {
    if value.abs() >= 100.0 {
        grouped(value.round(), 0)
    } else {
        count(value)
    }
}

/// A count with thousands separators and no more decimals than it needs (at most two).
pub fn count(value: f64) -> String {
    if value.fract() == 0.0 || value.abs() >= 1e6 {
        grouped(value, 0)
    } else if value.abs() >= 100.0 {
        grouped(value, 1)
    } else {
        let text = grouped(value, 2);
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A figure of a limit in its unit: `50,000/s`, `3,000,000 connections`, `0.13 GB` (counts of
/// whole things rounded up).
pub fn amount(v: f64, unit: &str) -> String {
    measure(if v >= 100.0 { v.ceil() } else { v }, unit)
}

/// A measured figure in a limit's unit, as [`count`] shows it (a demand: `333.3/s`).
pub fn measure(v: f64, unit: &str) -> String {
    let v = count(v);
    if unit == "per second" {
        format!("{v}/s")
    } else {
        format!("{v} {unit}")
    }
}

/// A count of things in words: `1 blocker`, `3 blockers`, `0 warnings`.
pub fn plural(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// A fraction as a percentage: `0.945` → `94.5 %`.
pub fn percent(fraction: f64) -> String {
    // The same decimals for every figure of a size, whole or not, so a column reads "9.00 %",
    // "5.63 %", "0.03 %" rather than "9 %" beside "5.63 %"; a tiny share is not shown as zero.
    let p = fraction * 100.0;
    if p == 0.0 {
        return "0 %".to_owned();
    }
    if p.abs() < 0.005 {
        return "< 0.01 %".to_owned();
    }
    let decimals = if p.abs() >= 10.0 { 1 } else { 2 };
    format!("{} %", grouped(p, decimals))
}

/// An availability as a percentage with the digits that matter: `0.9995` → `99.95 %`.
pub fn availability(fraction: f64) -> String {
    let text = grouped(fraction * 100.0, 4);
    format!("{} %", text.trim_end_matches('0').trim_end_matches('.'))
}

/// Seconds as a short duration: `1,000 s (16.7 min)`.
pub fn duration(seconds: f64) -> String {
    if seconds < 60.0 {
        format!("{} s", count(seconds))
    } else if seconds < 3600.0 {
        format!(
            "{} s ({} min)",
            grouped(seconds, 0),
            grouped(seconds / 60.0, 1)
        )
    } else if seconds < 86_400.0 * 2.0 {
        format!(
            "{} s ({} h)",
            grouped(seconds, 0),
            grouped(seconds / 3600.0, 1)
        )
    } else {
        format!(
            "{} s ({} days)",
            grouped(seconds, 0),
            grouped(seconds / 86_400.0, 1)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn num_writes_what_display_writes() {
        for x in [
            0.0,
            1.0,
            5120.0,
            0.08,
            0.15,
            1.25,
            0.000_016_666_7,
            123_456.789,
            -2.5,
        ] {
            assert_eq!(Num(x).to_string(), x.to_string(), "{x}");
        }
        // Where Display writes hundreds of digits or a signed zero, Num does not.
        assert_eq!(Num(-0.0).to_string(), "0");
        assert_eq!(Num(1e-7).to_string(), "1e-7");
        assert_eq!(Num(3.0e20).to_string(), "3e20");
        assert_eq!(Num(5e-324).to_string(), "5e-324");
        assert_eq!(Num(f64::INFINITY).to_string(), "inf");
    }

    /// One way to write each kind of number (issue 19): a real cost never reads $0.00, unit
    /// prices in the unit people quote, counts whole.
    #[test]
    fn money_prices_and_quantities_read_as_people_write_them() {
        let m = Money::USD;
        assert_eq!(m.amount(0.0036), "$0.0036");
        assert_eq!(m.amount(0.0), "$0.00");
        assert_eq!(m.amount(12.5), "$12.50");
        assert_eq!(
            m.price_per(0.000_001_25, "operations"),
            "$1.25 per million operations"
        );
        assert_eq!(
            m.price_per(0.000_000_08, "connection-minutes"),
            "$0.08 per million connection-minutes"
        );
        assert_eq!(m.price_per(0.09, "GB"), "$0.09 per GB");
        assert_eq!(m.price_per(29.2, "TUs"), "$29.20 per TU");
        assert_eq!(
            m.price_per(0.005, "thousand requests"),
            "$0.005 per thousand requests"
        );
        assert_eq!(m.price_per(0.02, "GiB leaving per month"), "$0.02 per GiB");
        assert_eq!(quantity(33_333.33), "33,333");
        assert_eq!(quantity(1.609), "1.61");
        assert_eq!(plural(1, "blocker"), "1 blocker");
        assert_eq!(plural(3, "blocker"), "3 blockers");
    }

    #[test]
    fn money_and_counts() {
        assert_eq!(usd(12_345.678), "$12,345.68");
        assert_eq!(usd(0.0), "$0.00");
        assert_eq!(usd(-1_250.0), "-$1,250.00");
        assert_eq!(usd(596.16), "$596.16");
        assert_eq!(count(28_800_000.0), "28,800,000");
        assert_eq!(count(166.666), "166.7");
        assert_eq!(count(0.5), "0.5");
        assert_eq!(percent(0.945), "94.5 %");
        assert_eq!(percent(1.0), "100.0 %");
        // One column, one style: decimals by size, whole or not; a tiny share is not zero.
        assert_eq!(percent(0.09), "9.00 %");
        assert_eq!(percent(0.0563), "5.63 %");
        assert_eq!(percent(0.000_01), "< 0.01 %");
        assert_eq!(percent(0.0), "0 %");
        assert_eq!(duration(1000.0), "1,000 s (16.7 min)");
        assert_eq!(availability(0.9995), "99.95 %");
        assert_eq!(availability(0.996_906), "99.6906 %");
        assert_eq!(grouped(999.999, 2), "1,000.00");
        assert_eq!(grouped(0.05, 2), "0.05");
        assert_eq!(grouped(-0.001, 2), "0.00");
        assert_eq!(grouped(6.794_772_48e17, 0), "679,477,248,000,000,000");
        assert_eq!(grouped(6.794_772_48e19, 0), "6.795e19");
        assert_eq!(grouped(f64::NAN, 2), "—");
        assert_eq!(usd(f64::INFINITY), "—");
        assert_eq!(grouped(1234.5, 0), "1,235");
        assert_eq!(unit_price(0.000_000_08), "$0.00000008");
        assert_eq!(unit_price(0.0832), "$0.0832");
        // Never fewer than cents: $0.50, not $0.5.
        assert_eq!(unit_price(0.5), "$0.50");
        assert_eq!(unit_price(0.193), "$0.193");
        assert_eq!(unit_price(0.000_016_666_7), "$0.0000167");
        assert_eq!(unit_price(14.687_999_999_999_997), "$14.69");
    }
}
