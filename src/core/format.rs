//! Number formatting shared by the report texts, the CLI and the UI: thousands separators, cents.

/// `1234567.891` → `"1,234,567.89"`.
pub fn grouped(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(text.len() + int.len() / 3 + 1);
    if value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Money with cents: `$12,345.67`.
pub fn usd(value: f64) -> String {
    let text = grouped(value, 2);
    match text.strip_prefix('-') {
        Some(rest) => format!("-${rest}"),
        None => format!("${text}"),
    }
}

/// A unit price: cents from a dollar up, else three significant digits (`$0.00000008`).
pub fn unit_price(value: f64) -> String {
    if value == 0.0 || !value.is_finite() || value.abs() >= 1.0 {
        return usd(value);
    }
    let digits = (2 - value.abs().log10().floor() as i32).clamp(2, 12) as usize;
    let text = format!("{:.*}", digits, value.abs());
    let text = text.trim_end_matches('0');
    let sign = if value < 0.0 { "-" } else { "" };
    format!("{sign}${text}")
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

/// A fraction as a percentage: `0.945` → `94.5 %`.
pub fn percent(fraction: f64) -> String {
    let p = fraction * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0} %")
    } else if p.abs() >= 10.0 {
        format!("{p:.1} %")
    } else {
        format!("{p:.2} %")
    }
}

/// An availability as a percentage with the digits that matter: `0.9995` → `99.95 %`.
pub fn availability(fraction: f64) -> String {
    let text = format!("{:.4}", fraction * 100.0);
    format!("{} %", text.trim_end_matches('0').trim_end_matches('.'))
}

/// Seconds as a short duration: `1,000 s (16.7 min)`.
pub fn duration(seconds: f64) -> String {
    if seconds < 60.0 {
        format!("{} s", count(seconds))
    } else if seconds < 3600.0 {
        format!("{} s ({:.1} min)", grouped(seconds, 0), seconds / 60.0)
    } else if seconds < 86_400.0 * 2.0 {
        format!("{} s ({:.1} h)", grouped(seconds, 0), seconds / 3600.0)
    } else {
        format!("{} s ({:.1} days)", grouped(seconds, 0), seconds / 86_400.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(percent(1.0), "100 %");
        assert_eq!(duration(1000.0), "1,000 s (16.7 min)");
        assert_eq!(availability(0.9995), "99.95 %");
        assert_eq!(availability(0.996_906), "99.6906 %");
        assert_eq!(grouped(999.999, 2), "1,000.00");
        assert_eq!(unit_price(0.000_000_08), "$0.00000008");
        assert_eq!(unit_price(0.0832), "$0.0832");
        assert_eq!(unit_price(0.000_016_666_7), "$0.0000167");
        assert_eq!(unit_price(14.687_999_999_999_997), "$14.69");
    }
}
