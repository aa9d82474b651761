//! A sheet figure and the kinds of range it can have: a figure out of its kind's range is
//! refused by the parser at its own line and column, and overrides go through the same check.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use crate::report::Grade;

/// The range a kind of sheet figure must lie in. Each figure's kind is part of its sheet's type,
/// so a figure out of range is refused by the parser at its own line and column, and an override
/// (which goes through the same parser) is refused with the same words.
pub trait Range: 'static {
    const LOW: f64;
    const HIGH: f64;
    /// What is expected, in words, for error messages and `iotplan fields`.
    const EXPECTED: &'static str;
}

/// Money per unit: 0 to 1,000,000 USD.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Price;
impl Range for Price {
    const LOW: f64 = 0.0;
    const HIGH: f64 = 1e6;
    const EXPECTED: &'static str = "a price from 0 to 1,000,000 USD";
}

/// An amount that may be zero: an allowance, a tier width, days, a floor.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Quantity;
impl Range for Quantity {
    const LOW: f64 = 0.0;
    const HIGH: f64 = 1e15;
    const EXPECTED: &'static str = "a quantity from 0 to 1e15";
}

/// Something the formulas divide by or size with — a meter, a capacity, a limit: at least 1.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Capacity;
impl Range for Capacity {
    const LOW: f64 = 1.0;
    const HIGH: f64 = 1e15;
    const EXPECTED: &'static str = "a capacity from 1 to 1e15";
}

/// A share such as an SLA: 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Fraction;
impl Range for Fraction {
    const LOW: f64 = 0.0;
    const HIGH: f64 = 1.0;
    const EXPECTED: &'static str = "a fraction from 0 to 1";
}

/// An exchange rate: units of a currency per US dollar, never zero.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Rate;
impl Range for Rate {
    const LOW: f64 = 1e-4;
    const HIGH: f64 = 1e4;
    const EXPECTED: &'static str = "an exchange rate from 0.0001 to 10,000 per USD";
}

/// Numbers closer to zero than this (but not zero) are not real figures: they are refused so
/// that nothing divides by a denormal.
pub const SMALLEST_FIGURE: f64 = 1e-9;

/// A figure out of its kind's range: what was expected, and what was found.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("expected {expected}, found {}", crate::format::Num(*.found))]
pub struct FigureError {
    pub expected: &'static str,
    pub found: f64,
}

/// Checks `value` against `R`, for parsing and for overrides.
pub fn check_figure<R: Range>(value: f64) -> Result<f64, FigureError> {
    if value.is_finite()
        && (R::LOW..=R::HIGH).contains(&value)
        && (value == 0.0 || value.abs() >= SMALLEST_FIGURE)
    {
        Ok(value)
    } else {
        Err(FigureError {
            expected: R::EXPECTED,
            found: value,
        })
    }
}

/// A figure from a sheet, within the range of its kind `R`.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64", bound = "")]
pub struct Amount<R: Range + Clone = Price>(f64, std::marker::PhantomData<R>);

impl<R: Range + Clone> Amount<R> {
    pub fn get(self) -> f64 {
        self.0
    }
}

impl<R: Range + Clone> TryFrom<f64> for Amount<R> {
    type Error = FigureError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        check_figure::<R>(value).map(|v| Self(v, std::marker::PhantomData))
    }
}

impl<R: Range + Clone> From<Amount<R>> for f64 {
    fn from(amount: Amount<R>) -> Self {
        amount.0
    }
}

/// A figure as written in a sheet, before its grade is checked against where it came from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound = "")]
struct FigureText<R: Range + Clone> {
    value: Amount<R>,
    unit: Arc<str>,
    source: Arc<str>,
    #[serde(default)]
    grade: Grade,
    #[serde(default)]
    copied_from: Option<Arc<str>>,
    #[serde(default)]
    note: String,
}

/// A figure copied from another region that claims more than `L`.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("a figure copied from {copied_from} is graded at most L, found {}", grade.letter())]
pub struct CopiedGradeError {
    pub copied_from: Arc<str>,
    pub grade: Grade,
}

impl<R: Range + Clone> TryFrom<FigureText<R>> for Figure<R> {
    type Error = CopiedGradeError;
    fn try_from(f: FigureText<R>) -> Result<Self, Self::Error> {
        if let Some(copied_from) = &f.copied_from
            && f.grade > Grade::L
        {
            return Err(CopiedGradeError {
                copied_from: copied_from.clone(),
                grade: f.grade,
            });
        }
        Ok(Self {
            value: f.value,
            unit: f.unit,
            source: f.source,
            grade: f.grade,
            copied_from: f.copied_from,
            note: f.note,
        })
    }
}

/// One sourced, graded figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "FigureText<R>", bound = "")]
pub struct Figure<R: Range + Clone = Price> {
    pub value: Amount<R>,
    pub unit: Arc<str>,
    pub source: Arc<str>,
    pub grade: Grade,
    /// The region whose figure this is, when this region's was not found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copied_from: Option<Arc<str>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl<R: Range + Clone> Figure<R> {
    pub fn v(&self) -> f64 {
        self.value.0
    }
}
