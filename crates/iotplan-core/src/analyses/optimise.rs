//! Optimisation strategies (domain §8): what each saves on its own, the waterfall of the
//! enabled ones, cost against batch size, and which input moves the cost most (tornado).

use serde::Serialize;
use strum::EnumCount as _;
use strum::IntoEnumIterator as _;

use super::sweep::totals;
use crate::evaluate::{Context, EvaluateError, evaluate};
use crate::inputs::fields::{FIELDS, Group, Kind};
use crate::inputs::workload::Workload;
use crate::platforms::{self, REGISTRY};
use crate::prices::sheets::Sheets;
use crate::report::{PlatformId, Report};

/// Monthly totals of every platform in registry order, then the reference stack (`None`:
/// infeasible).
pub type Totals = Vec<Option<f64>>;

/// The total the waterfall follows: a platform or the reference stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Platform(PlatformId),
    Stack,
}

impl Default for Target {
    fn default() -> Self {
        Self::Platform(REGISTRY[0].id())
    }
}

impl Target {
    /// Every platform, then the stack.
    pub fn all() -> impl Iterator<Item = Self> {
        platforms::ids().map(Self::Platform).chain([Self::Stack])
    }

    /// Index into [`Totals`].
    pub fn index(self) -> usize {
        match self {
            Self::Platform(id) => platforms::index(id).unwrap_or_default(),
            Self::Stack => REGISTRY.len(),
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Platform(id) => id.title(),
            Self::Stack => "Reference stack",
        }
    }

    /// The platform whose total the tornado varies: the target's, AWS IoT Core for the
    /// reference stack (its ingestion).
    pub fn platform(self) -> PlatformId {
        match self {
            Self::Platform(id) => id,
            Self::Stack => platforms::aws_iot_core::ID,
        }
    }

    /// The platform's id, or `stack`: how preferences save it.
    pub fn id(self) -> &'static str {
        match self {
            Self::Platform(id) => id.id(),
            Self::Stack => "stack",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        if text == "stack" {
            Some(Self::Stack)
        } else {
            platforms::find(text).map(Self::Platform)
        }
    }
}

impl Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown target `{text}`, expected stack or {}",
                platforms::id_list()
            ))
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, strum::EnumIter, strum::EnumCount)]
pub enum Strategy {
    SendOnChange,
    Batching,
    CompactEncoding,
    Compression,
    EdgeFiltering,
    Commitments,
    AutoScaling,
    Tiering,
}

impl Strategy {
    pub fn title(self) -> &'static str {
        match self {
            Self::SendOnChange => "Send on change",
            Self::Batching => "Batching",
            Self::CompactEncoding => "Compact encoding",
            Self::Compression => "Compression",
            Self::EdgeFiltering => "Edge filtering",
            Self::Commitments => "Compute commitments",
            Self::AutoScaling => "Auto-scaling",
            Self::Tiering => "Lifecycle tiering",
        }
    }

    pub fn enabled(self, w: &Workload) -> bool {
        match self {
            Self::SendOnChange => w.send_on_change,
            Self::Batching => w.batch_size > 1.0,
            Self::CompactEncoding => w.compact_encoding,
            Self::Compression => w.compression,
            Self::EdgeFiltering => w.edge_filtering,
            Self::Commitments => w.commitment_years > 0.0,
            Self::AutoScaling => w.autoscaling,
            Self::Tiering => w.tiering,
        }
    }

    /// The strategy's setting in `w`, in words: what a saving computed with `w` assumes.
    pub fn setting(self, w: &Workload) -> String {
        use crate::format::{count, percent};
        match self {
            Self::SendOnChange => {
                format!(
                    "{} of readings unchanged",
                    percent(w.send_on_change_suppressed)
                )
            }
            Self::Batching => format!("batches of {} readings", count(w.batch_size)),
            Self::CompactEncoding => format!("{} smaller", percent(w.compact_encoding_saving)),
            Self::Compression => format!("{} smaller", percent(w.compression_saving)),
            Self::EdgeFiltering => {
                format!(
                    "{} of readings dropped",
                    percent(w.edge_filtering_reduction)
                )
            }
            Self::Commitments => format!(
                "{}-year commitment, {} off compute",
                count(w.commitment_years),
                percent(1.0 - w.commitment_factor())
            ),
            Self::AutoScaling => {
                format!(
                    "{} of app-server hours saved",
                    percent(w.autoscaling_hours_saved)
                )
            }
            Self::Tiering => "hot, warm, cold, archive by age".to_owned(),
        }
    }

    /// Switches the strategy off; `on` takes its settings from `from` (or the documented
    /// default when `from` has it off: batches of 10, a 1-year commitment).
    fn set(self, w: &mut Workload, on: bool, from: &Workload) {
        match self {
            Self::SendOnChange => w.send_on_change = on,
            Self::Batching => {
                w.batch_size = match (on, from.batch_size > 1.0) {
                    (false, _) => 1.0,
                    (true, true) => from.batch_size,
                    (true, false) => 10.0,
                }
            }
            Self::CompactEncoding => w.compact_encoding = on,
            Self::Compression => w.compression = on,
            Self::EdgeFiltering => w.edge_filtering = on,
            Self::Commitments => {
                w.commitment_years = match (on, from.commitment_years > 0.0) {
                    (false, _) => 0.0,
                    (true, true) => from.commitment_years,
                    (true, false) => 1.0,
                }
            }
            Self::AutoScaling => w.autoscaling = on,
            Self::Tiering => w.tiering = on,
        }
    }
}

/// One strategy on its own: all strategies off, then this one on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Effect {
    pub strategy: Strategy,
    pub enabled: bool,
    /// The setting `after` is computed with, in words (e.g. "batches of 10 readings").
    pub setting: String,
    pub before: Totals,
    pub after: Totals,
}

/// The enabled strategies applied one after another, from all off to the current workload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Waterfall {
    pub baseline: Totals,
    pub steps: Vec<(Strategy, Totals)>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Optimisation {
    pub effects: Vec<Effect>,
    pub waterfall: Waterfall,
}

fn all_totals(w: &Workload, s: &Sheets, ctx: &Context) -> Result<Totals, EvaluateError> {
    let r: Report = evaluate(w, s, ctx)?;
    Ok(r.platforms
        .iter()
        .map(|p| p.monthly_usd)
        .chain([r.stack.monthly_usd])
        .collect())
}

pub fn optimise(w: &Workload, s: &Sheets, ctx: &Context) -> Result<Optimisation, EvaluateError> {
    let mut baseline_w = w.clone();
    for strategy in Strategy::iter() {
        strategy.set(&mut baseline_w, false, w);
    }
    let baseline = all_totals(&baseline_w, s, ctx)?;
    let mut effects = Vec::with_capacity(Strategy::COUNT);
    for strategy in Strategy::iter() {
        let mut alone = baseline_w.clone();
        strategy.set(&mut alone, true, w);
        effects.push(Effect {
            strategy,
            enabled: strategy.enabled(w),
            setting: strategy.setting(&alone),
            before: baseline.clone(),
            after: all_totals(&alone, s, ctx)?,
        });
    }
    let mut steps = Vec::new();
    let mut cumulative = baseline_w;
    for strategy in Strategy::iter().filter(|st| st.enabled(w)) {
        strategy.set(&mut cumulative, true, w);
        steps.push((strategy, all_totals(&cumulative, s, ctx)?));
    }
    Ok(Optimisation {
        effects,
        waterfall: Waterfall { baseline, steps },
    })
}

/// Platform totals at each batch size, the rest of the workload unchanged: the 5 KB and 4 KB
/// meters make steps.
pub fn by_batch_size(w: &Workload, s: &Sheets, sizes: &[f64]) -> Vec<super::sweep::Totals> {
    super::sweep::sweep(w, s, sizes, |w, k| w.batch_size = k)
}

/// One input moved ±50 % (clamped to its range) and the platform total at each end.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Swing {
    pub field: &'static str,
    pub label: &'static str,
    pub low_value: f64,
    pub high_value: f64,
    pub low_usd: Option<f64>,
    pub high_usd: Option<f64>,
}

impl Swing {
    pub fn width(&self) -> f64 {
        match (self.low_usd, self.high_usd) {
            (Some(a), Some(b)) => (b - a).abs(),
            _ => f64::INFINITY,
        }
    }
}

/// Tornado: each numeric input of the fleet, messages and platform groups moved ±50 %,
/// sorted by how far it moves `platform`'s monthly total.
/// `sheets` must already carry the workload's overrides.
pub fn sensitivity(w: &Workload, s: &Sheets, platform: PlatformId) -> Vec<Swing> {
    let k = platforms::index(platform).unwrap_or_default();
    let mut out: Vec<Swing> = FIELDS
        .iter()
        .filter(|f| {
            f.is_rangeable() && matches!(f.group, Group::Fleet | Group::Messages | Group::Platforms)
        })
        .filter_map(|f| {
            let value = f.number(w).unwrap_or_default();
            let round = |v: f64| {
                if f.kind == Kind::Integer {
                    v.round()
                } else {
                    v
                }
            };
            let (low, high) = (
                round((value * 0.5).clamp(f.min, f.max)),
                round((value * 1.5).clamp(f.min, f.max)),
            );
            if low == high {
                return None;
            }
            let at = |v: f64| {
                let mut moved = w.clone();
                f.set_number(&mut moved, v);
                totals(&moved, s).get(k).copied().flatten()
            };
            Some(Swing {
                field: f.name,
                label: f.label,
                low_value: low,
                high_value: high,
                low_usd: at(low),
                high_usd: at(high),
            })
        })
        .filter(|sw| sw.width() > 0.0)
        .collect();
    out.sort_by(|a, b| b.width().total_cmp(&a.width()));
    out
}

/// Lambda against one always-on app server at `invocations` per month: (Lambda, instance).
pub fn serverless_costs(r: &Report, invocations: f64) -> (f64, f64) {
    (
        invocations * r.serverless.usd_per_million_invocations / 1e6,
        r.serverless.instance_monthly_usd,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn busy() -> Workload {
        Workload {
            devices: 50_000.0,
            messages_per_device_per_hour: 60.0,
            message_bytes: 300.0,
            retention_days: 730.0,
            ..Workload::default()
        }
    }

    #[test]
    fn no_strategy_saves_a_negative_amount() {
        let ctx = Context::new(crate::test_today());
        let s = Sheets::embedded();
        for w in [Workload::default(), busy()] {
            let o = optimise(&w, &s, &ctx).unwrap();
            for e in &o.effects {
                for (i, (before, after)) in e.before.iter().zip(&e.after).enumerate() {
                    // Tiering's stack figure adds lifecycle requests; its saving is judged on
                    // the storage figure (domain §6), checked below.
                    if e.strategy == Strategy::Tiering && i == REGISTRY.len() {
                        continue;
                    }
                    if let (Some(b), Some(a)) = (before, after) {
                        assert!(
                            *a <= b + 1e-9,
                            "{:?} on {}: {b} → {a}",
                            e.strategy,
                            Target::all().nth(i).unwrap().title()
                        );
                    }
                }
            }
            let r = evaluate(&w, &s, &ctx).unwrap();
            assert!(r.storage.savings_fraction >= 0.0);
        }
    }

    #[test]
    fn each_effect_names_the_setting_it_was_computed_with() {
        let ctx = Context::new(crate::test_today());
        let s = Sheets::embedded();
        // Off, batching and commitments are computed at their documented defaults.
        let o = optimise(&Workload::default(), &s, &ctx).unwrap();
        let setting = |o: &Optimisation, st: Strategy| {
            o.effects
                .iter()
                .find(|e| e.strategy == st)
                .unwrap()
                .setting
                .clone()
        };
        assert_eq!(setting(&o, Strategy::Batching), "batches of 10 readings");
        assert_eq!(
            setting(&o, Strategy::Commitments),
            "1-year commitment, 30.0 % off compute"
        );
        // On, with the workload's own values.
        let w = Workload {
            batch_size: 25.0,
            commitment_years: 3.0,
            ..Workload::default()
        };
        let o = optimise(&w, &s, &ctx).unwrap();
        assert_eq!(setting(&o, Strategy::Batching), "batches of 25 readings");
        assert_eq!(
            setting(&o, Strategy::Commitments),
            "3-year commitment, 60.0 % off compute"
        );
    }

    #[test]
    fn batching_reproduces_the_metered_counts() {
        // 12 readings/h of 200 B in batches of 25: 5,000 B per message, one 5 KB block, so
        // AWS meters 25× fewer messages; at 26 a message is 5,200 B and meters as two.
        let s = Sheets::embedded();
        let at = |k: f64| {
            let w = Workload {
                batch_size: k,
                ..Workload::default()
            };
            let v = crate::inputs::volume::volume(&w);
            crate::platforms::aws_iot_core::cost(&w, &v, s.get(), s.aws_stack()).metered_messages
        };
        assert_eq!(at(1.0), 8_640_000.0);
        assert_eq!(at(25.0), 8_640_000.0 / 25.0);
        assert_eq!(at(26.0), 8_640_000.0 / 26.0 * 2.0);
        let curve = by_batch_size(&Workload::default(), &s, &[1.0, 25.0, 26.0]);
        assert!(curve[1][0].unwrap() < curve[0][0].unwrap());
    }

    #[test]
    fn the_waterfall_ends_at_the_current_workload() {
        let w = Workload {
            compression: true,
            tiering: true,
            commitment_years: 3.0,
            ..busy()
        };
        let ctx = Context::new(crate::test_today());
        let s = Sheets::embedded();
        let o = optimise(&w, &s, &ctx).unwrap();
        assert_eq!(o.waterfall.steps.len(), 3);
        assert_eq!(
            o.waterfall.steps.last().unwrap().1,
            all_totals(&w, &s, &ctx).unwrap()
        );
    }

    #[test]
    fn the_tornado_puts_the_biggest_swing_first() {
        let swings = sensitivity(&busy(), &Sheets::embedded(), REGISTRY[0].id());
        assert!(swings.len() >= 4);
        assert!(swings.windows(2).all(|p| p[0].width() >= p[1].width()));
        assert!(
            ["devices", "messages_per_device_per_hour"].contains(&swings[0].field),
            "{}",
            swings[0].field
        );
    }
}
