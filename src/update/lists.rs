//! Reading each list of an update and finding the sheet figures in it.

use super::origin::Origin;
use super::{Kept, Row, Rule, apply, aws, azure, ecb};
use crate::core::sheets::{FetchedFigure, Region};

/// Azure pages are followed at most this far (a region's IoT Hub rows fit in one).
const MAX_PAGES: usize = 50;

/// The file names a `--from` folder holds, as the README's curl commands save them.
pub fn saved_names(region: Region) -> [String; 5] {
    let arm = azure::arm_region(region);
    [
        "ecb-eurofxref-daily.xml".to_owned(),
        format!("aws-AWSIoT-{}.json", region.id()),
        format!("aws-IoTDeviceManagement-{}.json", region.id()),
        format!("azure-iot-hub-{arm}.json"),
        format!("azure-event-grid-{arm}.json"),
    ]
}

/// What one update found: the figures, the ones kept and the URLs read.
#[derive(Debug, Default)]
pub struct Found {
    pub figures: Vec<FetchedFigure>,
    pub kept: Vec<Kept>,
    pub read: Vec<String>,
}

impl Found {
    /// The figures `rules` find in the rows of the list at `url`, and the ones they do not.
    fn take<R: Row>(&mut self, rules: &[Rule<R>], rows: &[R], list: &str, url: String) {
        apply(rules, rows, list, &url, &mut self.figures, &mut self.kept);
        self.read.push(url);
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str, url: &str) -> Result<T, String> {
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text)).map_err(|e| {
        let inner = e.inner();
        format!(
            "{url}: not the expected price list at line {}, column {}: {} (at {})",
            inner.line(),
            inner.column(),
            inner,
            e.path()
        )
    })
}

fn read_aws(
    origin: &Origin,
    offer: &str,
    saved: &str,
    region: Region,
) -> Result<(String, Vec<aws::Price>), String> {
    let url = format!(
        "{}/offers/v1.0/aws/{offer}/current/{}/index.json",
        origin.aws_base(),
        region.id()
    );
    let text = origin.get(&url, saved)?;
    let file: aws::OfferFile = parse_json(&text, &url)?;
    if file.offer_code != offer {
        return Err(format!(
            "{url}: the file is offer {}, not {offer}",
            file.offer_code
        ));
    }
    let prices = aws::prices(&file, region.id()).map_err(|e| format!("{url}: {e}"))?;
    Ok((url, prices))
}

/// Percent-encodes an `OData` filter for a query string.
fn encode(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ' ' => "%20".to_owned(),
            '\'' => "%27".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

fn read_azure(
    origin: &Origin,
    service: &str,
    saved: &str,
    region: Region,
) -> Result<(String, Vec<azure::Item>), String> {
    let arm = azure::arm_region(region);
    let base = origin.azure_base();
    let filter = encode(&format!(
        "serviceName eq '{service}' and armRegionName eq '{arm}'"
    ));
    let first = format!("{base}/api/retail/prices?$filter={filter}");
    let mut url = first.clone();
    let mut items = Vec::new();
    for page in 1..=MAX_PAGES {
        let file = match page {
            1 => saved.to_owned(),
            n => saved.replace(".json", &format!(".{n}.json")),
        };
        let text = origin.get(&url, &file)?;
        let body: azure::Page = parse_json(&text, &url)?;
        if let Some(other) = body
            .items
            .iter()
            .find(|i| i.arm_region_name != arm || i.service_name != service)
        {
            return Err(format!(
                "{url}: a row is for {} in {}, not {service} in {arm}",
                other.service_name, other.arm_region_name
            ));
        }
        items.extend(body.items);
        match body.next_page_link.filter(|l| !l.is_empty()) {
            None => return Ok((first, items)),
            // Only the same host's pages are followed: a list cannot send the update elsewhere.
            Some(next)
                if next.starts_with(&format!("{base}/")) || matches!(origin, Origin::Saved(_)) =>
            {
                url = next;
            }
            Some(next) => return Err(format!("{url}: its next page is on another host ({next})")),
        }
    }
    Err(format!("{first}: more than {MAX_PAGES} pages"))
}

/// Reads every list for `region` and finds the sheet figures in them. Any list that cannot be
/// read or is not in its expected shape fails the whole update: no set is half from today.
pub fn fetch(origin: &Origin, region: Region) -> Result<Found, String> {
    let [rates, iot, device_management, hub, grid] = saved_names(region);
    let mut found = Found::default();
    let url = format!("{}{}", origin.ecb_base(), ecb::PATH);
    let text = origin.get(&url, &rates)?;
    let figures = ecb::parse(&text)
        .and_then(|r| ecb::figures(&r, &url))
        .map_err(|e| format!("{url}: {e}"))?;
    found.figures.extend(figures);
    found.read.push(url);
    let (url, prices) = read_aws(origin, "AWSIoT", &iot, region)?;
    found.take(aws::IOT_RULES, &prices, "AWSIoT", url);
    let (url, prices) = read_aws(origin, "IoTDeviceManagement", &device_management, region)?;
    found.take(
        aws::DEVICE_MANAGEMENT_RULES,
        &prices,
        "IoTDeviceManagement",
        url,
    );
    let (url, items) = read_azure(origin, "IoT Hub", &hub, region)?;
    found.take(azure::IOT_HUB_RULES, &items, "Azure IoT Hub", url);
    let (url, items) = read_azure(origin, "Event Grid", &grid, region)?;
    found.take(azure::EVENT_GRID_RULES, &items, "Azure Event Grid", url);
    Ok(found)
}
