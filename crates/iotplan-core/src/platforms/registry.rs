//! The registry: every platform once, in the order every table, chart and output lists them.

use crate::prices::sheets::{self, Region, SheetSpec, Sheets};
use crate::report::PlatformId;

use super::platform::Platform;
use super::{
    aws_iot_core, azure_event_grid, azure_iot_hub, emqx_dedicated, emqx_serverless, self_hosted,
    self_hosted_lab,
};

/// Every platform, in the order every table, chart and output lists them.
pub static REGISTRY: [&dyn Platform; 7] = [
    &aws_iot_core::AwsIotCore,
    &azure_iot_hub::AzureIotHub,
    &azure_event_grid::AzureEventGrid,
    &emqx_serverless::EmqxServerless,
    &emqx_dedicated::EmqxDedicated,
    &self_hosted::SelfHosted,
    &self_hosted_lab::SelfHostedLab,
];

/// The platforms' ids in registry order.
pub fn ids() -> impl Iterator<Item = PlatformId> {
    REGISTRY.iter().map(|p| p.id())
}

/// The platform of an id as typed (`aws-iot-core`).
pub fn find(text: &str) -> Option<PlatformId> {
    ids().find(|p| p.id() == text.trim())
}

/// The ids in words, for messages: `aws-iot-core, azure-iot-hub, … or self-hosted-lab`.
pub fn id_list() -> String {
    let ids: Vec<&str> = ids().map(PlatformId::id).collect();
    match ids.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => ids.join(", "),
    }
}

/// A platform's place in the registry.
pub fn index(id: PlatformId) -> Option<usize> {
    ids().position(|p| p == id)
}

/// The platform behind an id.
pub fn get(id: PlatformId) -> &'static dyn Platform {
    let i = index(id).unwrap_or_default();
    REGISTRY[i]
}

/// Every sheet a report needs: each platform's, then the shared ones.
pub fn sheet_specs() -> impl Iterator<Item = &'static SheetSpec> {
    REGISTRY
        .iter()
        .map(|p| p.sheet())
        .chain(sheets::SHARED.iter())
}

/// The spec of the sheet file `name` (without `.ron`).
pub fn sheet_spec(name: &str) -> Option<&'static SheetSpec> {
    sheet_specs().find(|s| s.name == name)
}

impl Sheets {
    /// The sheets shipped with iotplan (us-east-1).
    pub fn embedded() -> Self {
        Self::embedded_for(Region::UsEast1)
    }

    /// The sheets shipped for `region`.
    pub fn embedded_for(region: Region) -> Self {
        Self::from_entries(sheet_specs().map(|s| s.embedded_sheet(region)).collect())
    }
}

impl<'de> serde::Deserialize<'de> for PlatformId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        find(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("unknown platform `{text}`, expected {}", id_list()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_sheet_names_are_unique() {
        let mut ids: Vec<&str> = ids().map(PlatformId::id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), REGISTRY.len());
        let mut names: Vec<&str> = sheet_specs().map(|s| s.name).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
        assert_eq!(
            find("azure-iot-hub").map(PlatformId::title),
            Some("Azure IoT Hub")
        );
        assert_eq!(find("nope"), None);
    }
}
