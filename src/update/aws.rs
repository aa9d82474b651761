//! The AWS Price List bulk files (offer files) and which sheet figure each price is.
//!
//! Shape: `products` (SKU → family and attributes, among them `usagetype` such as
//! `USE1-Messages`) and `terms.OnDemand` (SKU → term → `priceDimensions`, each with a range
//! `beginRange`–`endRange` in the usage's unit and `pricePerUnit.USD`), as AWS documents it in
//! "Reading the service price list file for an AWS service".

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Kind, Rule, Scale};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferFile {
    pub offer_code: String,
    #[serde(default)]
    pub publication_date: String,
    pub products: BTreeMap<String, Product>,
    pub terms: Terms,
}

#[derive(Debug, Deserialize)]
pub struct Product {
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub struct Terms {
    #[serde(rename = "OnDemand", default)]
    pub on_demand: BTreeMap<String, BTreeMap<String, Term>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Term {
    pub price_dimensions: BTreeMap<String, Dimension>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dimension {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub unit: String,
    #[serde(alias = "startingRange", default)]
    pub begin_range: String,
    #[serde(alias = "endingRange", default)]
    pub end_range: String,
    pub price_per_unit: BTreeMap<String, String>,
}

/// One on-demand price: its usage type, range and USD price per unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Price {
    pub sku: String,
    pub usage_type: String,
    pub unit: String,
    pub description: String,
    pub begin: f64,
    pub end: f64,
    pub usd: f64,
}

impl Price {
    /// The usage type without its region prefix (`USE1-Messages` → `Messages`).
    pub fn usage(&self) -> &str {
        self.usage_type
            .split_once('-')
            .map_or(self.usage_type.as_str(), |(_, rest)| rest)
    }
}

fn number(text: &str, what: &str) -> Result<f64, String> {
    match text.trim() {
        "Inf" | "inf" | "" => Ok(f64::INFINITY),
        t => t
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| format!("{what} `{t}` is not a number")),
    }
}

/// Every on-demand USD price of the file for `region` (a product whose `regionCode` names
/// another region is refused: the file is not the one asked for).
pub fn prices(file: &OfferFile, region: &str) -> Result<Vec<Price>, String> {
    let mut out = Vec::new();
    for (sku, terms) in &file.terms.on_demand {
        let Some(product) = file.products.get(sku) else {
            continue;
        };
        if let Some(code) = product.attributes.get("regionCode")
            && code != region
        {
            return Err(format!(
                "its product {sku} is priced for {code}, not {region}"
            ));
        }
        let usage_type = product
            .attributes
            .get("usagetype")
            .cloned()
            .unwrap_or_default();
        for dim in terms.values().flat_map(|t| t.price_dimensions.values()) {
            let Some(usd) = dim.price_per_unit.get("USD") else {
                continue;
            };
            let begin = number(&dim.begin_range, "beginRange")?;
            out.push(Price {
                sku: sku.clone(),
                usage_type: usage_type.clone(),
                unit: dim.unit.clone(),
                description: dim.description.clone(),
                begin: if begin.is_infinite() { 0.0 } else { begin },
                end: number(&dim.end_range, "endRange")?,
                usd: number(usd, "pricePerUnit.USD")?,
            });
        }
    }
    Ok(out)
}

fn has(text: &str, word: &str) -> bool {
    text.to_ascii_lowercase().contains(word)
}

/// Usage types of other products that share words with the ones priced here.
fn other_product(usage: &str) -> bool {
    ["lorawan", "sidewalk", "location", "fleetwise", "greengrass"]
        .iter()
        .any(|w| has(usage, w))
}

fn messages(p: &Price) -> bool {
    // The one usage type seen in a published file (`SAE1-Messages`, sa-east-1, 2026-09-11).
    p.usage() == "Messages"
}

fn connectivity(p: &Price) -> bool {
    let u = p.usage();
    has(u, "connect") && (has(u, "minute") || has(&p.unit, "minute")) && !other_product(u)
}

fn rules(p: &Price) -> bool {
    let u = p.usage();
    has(u, "rule") && !has(u, "action") && !other_product(u)
}

fn actions(p: &Price) -> bool {
    let u = p.usage();
    has(u, "action") && !has(u, "job") && !other_product(u)
}

fn shadow(p: &Price) -> bool {
    let u = p.usage();
    has(u, "shadow") && !other_product(u)
}

fn jobs(p: &Price) -> bool {
    let u = p.usage();
    (has(u, "job") || has(&p.description, "remote action")) && !other_product(u)
}

/// The AWS IoT Core figures in the `AWSIoT` offer file.
pub const IOT_RULES: &[Rule<Price>] = &[
    Rule::new(
        Kind::Price,
        "aws_iot_core.connectivity_per_million_minutes",
        connectivity,
        0,
        Scale::PerMillion,
    ),
    Rule::new(
        Kind::Price,
        "aws_iot_core.messaging_tier1_per_million",
        messages,
        0,
        Scale::PerMillion,
    ),
    Rule::new(
        Kind::Price,
        "aws_iot_core.messaging_tier2_per_million",
        messages,
        1,
        Scale::PerMillion,
    ),
    Rule::new(
        Kind::Price,
        "aws_iot_core.messaging_tier3_per_million",
        messages,
        2,
        Scale::PerMillion,
    ),
    Rule::new(
        Kind::Upper,
        "aws_iot_core.messaging_tier1_up_to_millions",
        messages,
        0,
        Scale::PerMillion,
    ),
    Rule::new(
        Kind::Upper,
        "aws_iot_core.messaging_tier2_up_to_millions",
        messages,
        1,
        Scale::PerMillion,
    ),
    Rule::new(
        Kind::Price,
        "aws_iot_core.rules_per_million",
        rules,
        0,
        Scale::PerMillion,
    ),
    Rule::new(
        Kind::Price,
        "aws_iot_core.actions_per_million",
        actions,
        0,
        Scale::PerMillion,
    ),
    Rule::new(
        Kind::Price,
        "aws_iot_core.shadow_ops_per_million",
        shadow,
        0,
        Scale::PerMillion,
    ),
];

/// AWS IoT Jobs (remote actions) in the `IoTDeviceManagement` offer file.
pub const DEVICE_MANAGEMENT_RULES: &[Rule<Price>] = &[
    Rule::new(
        Kind::Price,
        "aws_iot_core.jobs_per_remote_action",
        jobs,
        0,
        Scale::One,
    ),
    Rule::new(
        Kind::Upper,
        "aws_iot_core.jobs_tier1_remote_actions",
        jobs,
        0,
        Scale::One,
    ),
    Rule::new(
        Kind::Price,
        "aws_iot_core.jobs_beyond_tier1_per_remote_action",
        jobs,
        1,
        Scale::One,
    ),
];
