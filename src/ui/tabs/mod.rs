//! The tabs of the central panel. Each is a struct that owns its selections and caches and
//! draws the report through one trait; tabs change the document only by pushing `Edit`s.

pub mod costs;
pub mod optimise;
pub mod projection;
pub mod readiness;
pub mod spread;
pub mod storage;
pub mod storm_chart;
pub mod throttling;

use super::state::{Selections, Tab};
pub use super::tab::TabView;

/// Every tab, by [`Tab`].
pub struct Tabs {
    pub costs: costs::CostsTab,
    pub throttling: throttling::ThrottlingTab,
    pub storage: storage::StorageTab,
    pub readiness: readiness::ReadinessTab,
    pub optimise: optimise::OptimiseTab,
    pub projection: projection::ProjectionTab,
}

impl Tabs {
    pub fn new(selections: Selections) -> Self {
        Self {
            costs: costs::CostsTab {
                platform: selections.costs_platform,
            },
            throttling: throttling::ThrottlingTab::new(selections.throttling_platform),
            storage: storage::StorageTab,
            readiness: readiness::ReadinessTab,
            optimise: optimise::OptimiseTab::new(selections.optimise_target),
            projection: projection::ProjectionTab,
        }
    }

    pub fn get(&mut self, tab: Tab) -> &mut dyn TabView {
        match tab {
            Tab::Costs => &mut self.costs,
            Tab::Throttling => &mut self.throttling,
            Tab::Storage => &mut self.storage,
            Tab::Readiness => &mut self.readiness,
            Tab::Optimise => &mut self.optimise,
            Tab::Projection => &mut self.projection,
        }
    }

    /// What the tabs have selected, for the preferences.
    pub fn selections(&self) -> Selections {
        Selections {
            costs_platform: self.costs.platform,
            throttling_platform: self.throttling.platform,
            optimise_target: self.optimise.target,
        }
    }

    pub fn busy(&self) -> bool {
        self.throttling.busy()
    }
}
