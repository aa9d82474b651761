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

    /// Every figure of a sheet tree: its key and its JSON object.
    fn figure_objects<'a>(
        prefix: &str,
        node: &'a serde_json::Value,
        out: &mut Vec<(String, &'a serde_json::Map<String, serde_json::Value>)>,
    ) {
        let Some(map) = node.as_object() else { return };
        if map.contains_key("value") && map.contains_key("source") {
            out.push((prefix.to_owned(), map));
            return;
        }
        for (key, child) in map {
            figure_objects(&format!("{prefix}.{key}"), child, out);
        }
    }

    /// Figures the research found at the same value in Ireland, each with where: these are
    /// Ireland's own figures, not copies, though they equal us-east-1's.
    const SAME_IN_IRELAND: [&str; 11] = [
        // The vendor's Ireland example: $0.08 per million minutes, $1.00 per million messages.
        ".aws_iot_core.connectivity_per_million_minutes",
        ".aws_iot_core.messaging_tier1_per_million",
        // AWS IoT Core quotas are per account per Region, at the same default in each
        // (docs.aws.amazon.com/general/latest/gr/iot-core.html lists one value for all).
        ".aws_iot_core.inbound_publish_per_account",
        ".aws_iot_core.publish_per_connection",
        ".aws_iot_core.throughput_per_connection",
        ".aws_iot_core.connect_per_account",
        ".aws_iot_core.connect_per_client_id",
        ".aws_iot_core.max_connections",
        ".aws_iot_core.shadow_requests_per_account",
        ".aws_iot_core.rule_evaluations_per_account",
        ".aws_iot_core.create_thing",
    ];

    #[test]
    fn an_eu_west_1_figure_equal_to_its_us_east_1_twin_is_marked_as_copied() {
        let us = Sheets::embedded_for(Region::UsEast1).to_json().unwrap();
        let eu = Sheets::embedded_for(Region::EuWest1).to_json().unwrap();
        let (mut us_figures, mut eu_figures) = (Vec::new(), Vec::new());
        figure_objects("", &us, &mut us_figures);
        figure_objects("", &eu, &mut eu_figures);
        let twins: std::collections::HashMap<_, _> = us_figures.into_iter().collect();
        let mut silent = Vec::new();
        let mut copied = 0;
        // Sheets with no eu-west-1 file (Event Grid, EMQX, currency) are the same text.
        let shared: Vec<String> = sheet_specs()
            .filter(|spec| (spec.embedded)(Region::EuWest1) == (spec.embedded)(Region::UsEast1))
            .map(|spec| format!(".{}.", spec.name))
            .collect();
        assert!(shared.len() >= 4, "{shared:?}");
        for (key, figure) in &eu_figures {
            if shared.iter().any(|prefix| key.starts_with(prefix.as_str())) {
                continue;
            }
            if figure.contains_key("copied_from") {
                copied += 1;
                assert_eq!(
                    figure["grade"], "L",
                    "{key}: a copied figure is graded at most L"
                );
                continue;
            }
            if figure["value"] == twins[key]["value"] && !SAME_IN_IRELAND.contains(&key.as_str()) {
                silent.push(key.clone());
            }
        }
        assert!(
            silent.is_empty(),
            "equal to us-east-1 but not marked as copied: {silent:?}"
        );
        assert!(
            copied > 100,
            "the eu-west-1 sheets mark their copies ({copied})"
        );
        // The Ireland figures of domain §18 are Ireland's, not copies.
        let value = |key: &str| {
            eu_figures
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, f)| f["value"].as_f64().unwrap())
        };
        assert_eq!(value(".aws_stack.app_server_usd_per_hour"), Some(0.0912));
        assert_eq!(
            value(".self_hosted_lab.instance_usd_per_hour"),
            Some(0.0228)
        );
        assert_eq!(value(".self_hosted.disk_usd_per_gb_month"), Some(0.088));
        assert_eq!(value(".self_hosted_lab.disk_usd_per_gb_month"), Some(0.088));
        assert_eq!(value(".storage.hot.usd_per_gb_month"), Some(0.127));
    }

    #[test]
    fn a_copied_figure_claiming_more_than_l_is_refused_where_it_is_written() {
        let text = "(value: 0.5, unit: \"USD\", source: \"https://example.com\", grade: M, copied_from: \"us-east-1\")";
        let err =
            crate::prices::parse::parse_ron::<crate::prices::figure::Figure>("test.ron", text)
                .unwrap_err();
        assert!(
            err.to_string()
                .contains("a figure copied from us-east-1 is graded at most L, found M"),
            "{err}"
        );
        let ok = crate::prices::parse::parse_ron::<crate::prices::figure::Figure>(
            "test.ron",
            &text.replace("grade: M", "grade: L"),
        );
        assert_eq!(ok.unwrap().grade, crate::report::Grade::L);
        let ungraded = "(value: 0.5, unit: \"USD\", source: \"https://example.com\")";
        let figure =
            crate::prices::parse::parse_ron::<crate::prices::figure::Figure>("test.ron", ungraded)
                .unwrap();
        assert_eq!(
            figure.grade,
            crate::report::Grade::L,
            "a figure nobody graded counts as L"
        );
    }

    #[test]
    fn an_overridden_figure_is_the_users_own_graded_h() {
        let sheets = Sheets::embedded_for(Region::EuWest1);
        let set = sheets
            .with_overrides(&std::collections::BTreeMap::from([(
                "aws_stack.database_usd_per_hour".to_owned(),
                0.55,
            )]))
            .unwrap();
        let figure = &set.aws_stack().database_usd_per_hour;
        assert_eq!((figure.v(), figure.grade), (0.55, crate::report::Grade::H));
        assert_eq!(figure.copied_from, None);
        assert_eq!(
            sheets.aws_stack().database_usd_per_hour.grade,
            crate::report::Grade::L
        );
    }

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
