//! The retry strategies a rejected client may follow (domain §7).

use serde::Serialize;

/// How a rejected client waits before it tries again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, strum::EnumIter, strum::EnumCount)]
#[serde(rename_all = "kebab-case")]
pub enum Backoff {
    /// Retry at once (one bucket later: the rejection's round trip).
    None,
    /// `min(cap, base · 2^attempt)`, no jitter: synchronized waves.
    Exponential,
    /// `uniform(0, t)`.
    FullJitter,
    /// `t/2 + uniform(0, t/2)`.
    EqualJitter,
    /// `min(cap, uniform(base, previous sleep · 3))`, starting from base.
    DecorrelatedJitter,
}

impl Backoff {
    pub fn id(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Exponential => "exponential",
            Self::FullJitter => "full-jitter",
            Self::EqualJitter => "equal-jitter",
            Self::DecorrelatedJitter => "decorrelated-jitter",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::None => "No backoff",
            Self::Exponential => "Exponential, no jitter",
            Self::FullJitter => "Full jitter",
            Self::EqualJitter => "Equal jitter",
            Self::DecorrelatedJitter => "Decorrelated jitter",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        <Self as strum::IntoEnumIterator>::iter().find(|b| b.id() == text)
    }
}
