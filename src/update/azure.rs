//! The Azure Retail Prices API (`https://prices.azure.com/api/retail/prices`, no key) and which
//! sheet figure each meter is.
//!
//! Shape, as Microsoft documents it ("Azure Retail Prices REST API"): `Items` (each with
//! `serviceName`, `armRegionName`, `skuName`, `meterName`, `unitOfMeasure`, `retailPrice`,
//! `tierMinimumUnits`, `type`), `NextPageLink` (the next page's URL, or null) and `Count`.

use serde::Deserialize;

use super::{Kind, Row, Rule, Scale};

#[derive(Debug, Deserialize)]
pub struct Page {
    #[serde(rename = "Items")]
    pub items: Vec<Item>,
    #[serde(rename = "NextPageLink", default)]
    pub next_page_link: Option<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    #[serde(default)]
    pub service_name: String,
    #[serde(default)]
    pub arm_region_name: String,
    #[serde(default)]
    pub sku_name: String,
    #[serde(default)]
    pub meter_name: String,
    #[serde(default)]
    pub product_name: String,
    #[serde(default)]
    pub unit_of_measure: String,
    pub retail_price: f64,
    #[serde(default)]
    pub tier_minimum_units: f64,
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub meter_id: String,
}

impl Row for Item {
    fn group(&self) -> String {
        format!("{} / {}", self.sku_name, self.meter_name)
    }
    fn begin(&self) -> f64 {
        self.tier_minimum_units
    }
    fn end(&self) -> Option<f64> {
        None
    }
    fn price(&self) -> f64 {
        self.retail_price
    }
    fn identity(&self) -> String {
        format!(
            "{} {} \"{}\", {}, meter {}",
            self.service_name, self.sku_name, self.meter_name, self.unit_of_measure, self.meter_id
        )
    }
}

/// The Azure region whose prices stand for iotplan's region (the sheets' nearest region).
pub fn arm_region(region: crate::core::sheets::Region) -> &'static str {
    match region {
        crate::core::sheets::Region::UsEast1 => "eastus",
        crate::core::sheets::Region::EuWest1 => "northeurope",
    }
}

/// Pay-as-you-go rows only (not reservations or dev/test prices).
fn consumption(i: &Item) -> bool {
    i.kind.is_empty() || i.kind == "Consumption"
}

fn hub_unit(i: &Item, sku: &str) -> bool {
    consumption(i)
        && i.sku_name.eq_ignore_ascii_case(sku)
        && i.meter_name.ends_with("Unit")
        && i.unit_of_measure == "1/Month"
}

macro_rules! hub_tiers {
    ($($tier:literal => $sku:literal),+) => {
        &[$(Rule::new(Kind::Price,
            concat!("azure_iot_hub.", $tier, ".unit_usd_per_month"),
            |i: &Item| hub_unit(i, $sku),
            0,
            Scale::One,
        )),+]
    };
}

/// IoT Hub's unit prices: `<SKU> Unit` per month for each paid edition.
pub const IOT_HUB_RULES: &[Rule<Item>] = hub_tiers!(
    "b1" => "B1", "b2" => "B2", "b3" => "B3", "s1" => "S1", "s2" => "S2", "s3" => "S3"
);

fn throughput_unit(i: &Item) -> bool {
    consumption(i) && i.meter_name == "Standard Throughput Unit" && i.unit_of_measure == "1 Hour"
}

fn mqtt_operations(i: &Item) -> bool {
    consumption(i) && i.meter_name == "Standard MQTT Operations" && i.unit_of_measure == "1M"
}

/// Event Grid's MQTT broker: the throughput unit, and MQTT operations after the free first
/// tier (its lower bound, in millions, is the free grant).
pub const EVENT_GRID_RULES: &[Rule<Item>] = &[
    Rule::new(
        Kind::Price,
        "azure_event_grid.tu_usd_per_hour",
        throughput_unit,
        0,
        Scale::One,
    ),
    Rule::new(
        Kind::Price,
        "azure_event_grid.mqtt_operations_usd_per_million",
        mqtt_operations,
        1,
        Scale::One,
    ),
    Rule::new(
        Kind::Lower,
        "azure_event_grid.free_mqtt_operations_per_month",
        mqtt_operations,
        1,
        Scale::PerMillion,
    ),
];
