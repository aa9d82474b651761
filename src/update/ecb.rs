//! The ECB's euro foreign exchange reference rates (no key), for the exchange-rate sheet.
//!
//! Shape, as the ECB publishes it at `eurofxref-daily.xml`: an envelope holding
//! `<Cube><Cube time="YYYY-MM-DD"><Cube currency="USD" rate="1.0500"/>…</Cube></Cube>`, rates
//! per euro. A rate per US dollar is the currency's rate per euro divided by the dollar's.

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};

use crate::core::sheets::FetchedFigure;

/// The daily reference rates.
pub const PATH: &str = "/stats/eurofxref/eurofxref-daily.xml";
pub const HOST: &str = "https://www.ecb.europa.eu";

/// The day's rates per euro: the day and each currency's rate.
#[derive(Debug, Default, PartialEq)]
pub struct Rates {
    pub day: Option<NaiveDate>,
    pub per_eur: Vec<(String, f64)>,
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, String> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => std::str::from_utf8(&a.value)
            .map(|v| Some(v.to_owned()))
            .map_err(|_| format!("its {name} is not text")),
        Ok(None) => Ok(None),
        Err(err) => Err(err.to_string()),
    }
}

/// The rates in an `eurofxref-daily.xml` answer.
pub fn parse(text: &str) -> Result<Rates, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut rates = Rates::default();
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "not the ECB's reference-rate XML at byte {}: {e}",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Cube" => {
                if let Some(time) = attribute(&e, "time")? {
                    let day = NaiveDate::parse_from_str(&time, "%Y-%m-%d")
                        .map_err(|_| format!("its day `{time}` is not a date"))?;
                    rates.day = Some(day);
                }
                if let (Some(currency), Some(rate)) =
                    (attribute(&e, "currency")?, attribute(&e, "rate")?)
                {
                    let value = rate
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite() && *v > 0.0)
                        .ok_or_else(|| format!("the {currency} rate `{rate}` is not a rate"))?;
                    rates.per_eur.push((currency, value));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(rates)
}

/// The exchange-rate sheet's figures from the day's rates, dated that day.
pub fn figures(rates: &Rates, url: &str) -> Result<Vec<FetchedFigure>, String> {
    let day = rates.day.ok_or("it has no day (`Cube time`)")?;
    let rate = |code: &str| {
        rates
            .per_eur
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, r)| *r)
            .ok_or_else(|| format!("it has no {code} rate"))
    };
    let (usd, gbp) = (rate("USD")?, rate("GBP")?);
    let figure = |key: &str, value: f64, how: String| FetchedFigure {
        key: key.to_owned(),
        value: format!("{value:.5e}").parse().unwrap_or(value),
        source: url.to_owned(),
        note: format!("ECB euro reference rates of {day}: {how}"),
        as_of: Some(day),
    };
    Ok(vec![
        figure(
            "currency.eur_per_usd",
            1.0 / usd,
            format!("1 ÷ {usd} USD per EUR"),
        ),
        figure(
            "currency.gbp_per_usd",
            gbp / usd,
            format!("{gbp} GBP per EUR ÷ {usd} USD per EUR"),
        ),
    ])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_daily_file_gives_both_rates_per_dollar_dated_by_the_ecb() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/price-lists/ecb-eurofxref-daily.xml"
        ))
        .unwrap();
        let rates = parse(&text).unwrap();
        assert_eq!(rates.day, NaiveDate::from_ymd_opt(2026, 12, 2));
        let figures = figures(&rates, "u").unwrap();
        assert_eq!(figures[0].key, "currency.eur_per_usd");
        assert_eq!(figures[0].value, 0.851_716);
        assert_eq!(figures[1].value, 0.743_889);
        assert_eq!(figures[0].as_of, NaiveDate::from_ymd_opt(2026, 12, 2));
    }

    #[test]
    fn a_strange_file_is_refused_with_the_reason() {
        for (text, reason) in [
            ("<Cube><Cube currency='USD' rate='1.1'/></Cube>", "no day"),
            (
                "<Cube time='2026-12-02'><Cube currency='USD' rate='x'/></Cube>",
                "not a rate",
            ),
            (
                "<Cube time='2026-12-02'><Cube currency='USD' rate='1.1'/></Cube>",
                "no GBP rate",
            ),
            ("<Cube time='yesterday'/>", "not a date"),
            (
                "<Cube time='2026-12-02'><Cube currency='USD' rate='-1'/></Cube>",
                "not a rate",
            ),
        ] {
            let err = parse(text).and_then(|r| figures(&r, "u")).unwrap_err();
            assert!(err.contains(reason), "{text}: {err}");
        }
    }
}
