//! The currency figures are shown in (domain §12). Every computation stays in USD, the sheets'
//! currency; a report carries the rate, and only what is shown is converted.

use chrono::NaiveDate;
use serde::Serialize;

use super::sheets::CurrencySheet;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, strum::EnumIter, strum::EnumCount)]
pub enum Currency {
    #[default]
    Usd,
    Eur,
    Gbp,
}

impl Currency {
    /// The ISO 4217 code, as `--set currency=EUR` and presets spell it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Usd => "USD",
            Self::Eur => "EUR",
            Self::Gbp => "GBP",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Self::Usd => "$",
            Self::Eur => "€",
            Self::Gbp => "£",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Usd => "USD ($)",
            Self::Eur => "EUR (€)",
            Self::Gbp => "GBP (£)",
        }
    }

    /// The code in any case (`eur`, `EUR`).
    pub fn parse(text: &str) -> Option<Self> {
        <Self as strum::IntoEnumIterator>::iter()
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(text.trim()))
    }

    /// Units of this currency per US dollar, from the sheet (1 for USD).
    pub fn per_usd(self, sheet: &CurrencySheet) -> f64 {
        match self {
            Self::Usd => 1.0,
            Self::Eur => sheet.eur_per_usd.v(),
            Self::Gbp => sheet.gbp_per_usd.v(),
        }
    }
}

/// The currency a report is shown in: JSON `currency {code, symbol, rate, as_of}`. USD needs
/// no rate, so its `as_of` is null.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CurrencyInfo {
    pub code: &'static str,
    pub symbol: &'static str,
    /// Units of `code` per US dollar.
    pub rate: f64,
    pub as_of: Option<NaiveDate>,
}

impl CurrencyInfo {
    pub const USD: Self = Self {
        code: "USD",
        symbol: "$",
        rate: 1.0,
        as_of: None,
    };

    pub fn new(currency: Currency, sheet: &CurrencySheet) -> Self {
        if currency == Currency::Usd {
            return Self::USD;
        }
        Self {
            code: currency.code(),
            symbol: currency.symbol(),
            rate: currency.per_usd(sheet),
            as_of: Some(sheet.as_of),
        }
    }

    pub fn is_usd(&self) -> bool {
        self.code == "USD"
    }
}

impl Default for CurrencyInfo {
    fn default() -> Self {
        Self::USD
    }
}
