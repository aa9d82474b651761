//! The self-hosted lab as a Docker Compose file: Mosquitto with a password, InfluxDB with its
//! bucket's retention set from the workload, Telegraf carrying MQTT into InfluxDB, Grafana with
//! the InfluxDB data source provisioned. Images are pinned (from the lab sheet), data lives in
//! named volumes, and no credential is written here: every one is a `${VARIABLE}` read from the
//! `.env` file written beside it (see [`env_file`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::core::platforms::self_hosted_lab::SelfHostedLabSheet;
use crate::core::workload::Workload;

/// The InfluxDB organisation and bucket the lab writes to.
pub const ORG: &str = "iotplan";
pub const BUCKET: &str = "telemetry";
/// The MQTT topics Telegraf subscribes to: devices publish under `devices/<id>/...`.
pub const TOPICS: &str = "devices/#";

/// The variables the Compose file reads from `.env`: every credential, nothing else.
pub const SECRETS: [&str; 7] = [
    "MQTT_USERNAME",
    "MQTT_PASSWORD",
    "INFLUXDB_USERNAME",
    "INFLUXDB_PASSWORD",
    "INFLUXDB_TOKEN",
    "GRAFANA_ADMIN_USER",
    "GRAFANA_ADMIN_PASSWORD",
];

#[derive(Serialize)]
struct Compose {
    name: &'static str,
    services: BTreeMap<&'static str, Service>,
    /// Named volumes with the default driver: each an empty mapping.
    volumes: BTreeMap<&'static str, BTreeMap<String, String>>,
    configs: BTreeMap<&'static str, Config>,
}

#[derive(Serialize)]
struct Config {
    content: String,
}

#[derive(Serialize)]
struct ConfigRef {
    source: &'static str,
    target: &'static str,
}

#[derive(Serialize)]
struct Service {
    image: String,
    restart: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    command: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ports: Vec<&'static str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    environment: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    volumes: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    configs: Vec<ConfigRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<&'static str>,
}

/// `${NAME}`: a value Compose reads from `.env`.
fn var(name: &str) -> String {
    format!("${{{name}}}")
}

fn env(pairs: &[(&'static str, String)]) -> BTreeMap<&'static str, String> {
    pairs.iter().cloned().collect()
}

const MOSQUITTO_CONF: &str = "\
# Written by iotplan: one listener, no anonymous clients, the password file made at start-up.
listener 1883
allow_anonymous false
password_file /mosquitto/data/passwd
persistence true
persistence_location /mosquitto/data/
";

// `$$` is a literal `$` for Compose: Telegraf and Grafana read these from their own environment.
const TELEGRAF_CONF: &str = "\
# Written by iotplan: MQTT in, InfluxDB out.
[agent]
  interval = \"10s\"
[[inputs.mqtt_consumer]]
  servers = [\"tcp://mosquitto:1883\"]
  topics = [\"devices/#\"]
  username = \"$${MQTT_USERNAME}\"
  password = \"$${MQTT_PASSWORD}\"
  data_format = \"json\"
[[outputs.influxdb_v2]]
  urls = [\"http://influxdb:8086\"]
  token = \"$${INFLUXDB_TOKEN}\"
  organization = \"iotplan\"
  bucket = \"telemetry\"
";

const GRAFANA_DATASOURCE: &str = "\
apiVersion: 1
datasources:
  - name: InfluxDB
    type: influxdb
    access: proxy
    url: http://influxdb:8086
    isDefault: true
    jsonData:
      version: Flux
      organization: iotplan
      defaultBucket: telemetry
    secureJsonData:
      token: $${INFLUXDB_TOKEN}
";

fn mosquitto(image: &str) -> Service {
    // The password file is made from `.env` at every start, owned by the broker's user.
    let start = "mosquitto_passwd -b -c /mosquitto/data/passwd \"$$MQTT_USERNAME\" \"$$MQTT_PASSWORD\" \
                 && chown mosquitto:mosquitto /mosquitto/data/passwd \
                 && chmod 0700 /mosquitto/data/passwd \
                 && exec mosquitto -c /mosquitto/config/mosquitto.conf";
    Service {
        image: image.to_owned(),
        restart: "unless-stopped",
        command: Some(vec!["sh".to_owned(), "-c".to_owned(), start.to_owned()]),
        ports: vec!["1883:1883"],
        environment: env(&[
            ("MQTT_USERNAME", var("MQTT_USERNAME")),
            ("MQTT_PASSWORD", var("MQTT_PASSWORD")),
        ]),
        volumes: vec!["mosquitto-data:/mosquitto/data"],
        configs: vec![ConfigRef {
            source: "mosquitto_conf",
            target: "/mosquitto/config/mosquitto.conf",
        }],
        depends_on: Vec::new(),
    }
}

fn influxdb(image: &str, retention_days: f64) -> Service {
    Service {
        image: image.to_owned(),
        restart: "unless-stopped",
        command: None,
        ports: vec!["8086:8086"],
        environment: env(&[
            ("DOCKER_INFLUXDB_INIT_MODE", "setup".to_owned()),
            ("DOCKER_INFLUXDB_INIT_USERNAME", var("INFLUXDB_USERNAME")),
            ("DOCKER_INFLUXDB_INIT_PASSWORD", var("INFLUXDB_PASSWORD")),
            ("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN", var("INFLUXDB_TOKEN")),
            ("DOCKER_INFLUXDB_INIT_ORG", ORG.to_owned()),
            ("DOCKER_INFLUXDB_INIT_BUCKET", BUCKET.to_owned()),
            ("DOCKER_INFLUXDB_INIT_RETENTION", retention(retention_days)),
        ]),
        volumes: vec![
            "influxdb-data:/var/lib/influxdb2",
            "influxdb-config:/etc/influxdb2",
        ],
        configs: Vec::new(),
        depends_on: Vec::new(),
    }
}

/// The bucket's retention in whole days (`30d`), at least one.
pub fn retention(days: f64) -> String {
    format!("{}d", days.ceil().max(1.0) as u64)
}

fn telegraf(image: &str) -> Service {
    Service {
        image: image.to_owned(),
        restart: "unless-stopped",
        command: None,
        ports: Vec::new(),
        environment: env(&[
            ("MQTT_USERNAME", var("MQTT_USERNAME")),
            ("MQTT_PASSWORD", var("MQTT_PASSWORD")),
            ("INFLUXDB_TOKEN", var("INFLUXDB_TOKEN")),
        ]),
        volumes: Vec::new(),
        configs: vec![ConfigRef {
            source: "telegraf_conf",
            target: "/etc/telegraf/telegraf.conf",
        }],
        depends_on: vec!["influxdb", "mosquitto"],
    }
}

fn grafana(image: &str) -> Service {
    Service {
        image: image.to_owned(),
        restart: "unless-stopped",
        command: None,
        ports: vec!["3000:3000"],
        environment: env(&[
            ("GF_SECURITY_ADMIN_USER", var("GRAFANA_ADMIN_USER")),
            ("GF_SECURITY_ADMIN_PASSWORD", var("GRAFANA_ADMIN_PASSWORD")),
            ("GF_USERS_ALLOW_SIGN_UP", "false".to_owned()),
            ("INFLUXDB_TOKEN", var("INFLUXDB_TOKEN")),
        ]),
        volumes: vec!["grafana-data:/var/lib/grafana"],
        configs: vec![ConfigRef {
            source: "grafana_datasource",
            target: "/etc/grafana/provisioning/datasources/influxdb.yaml",
        }],
        depends_on: vec!["influxdb"],
    }
}

/// The `docker-compose.yml` of the lab for `w` (its retention) with the sheet's pinned images.
pub fn compose_file(
    title: &str,
    w: &Workload,
    lab: &SelfHostedLabSheet,
) -> Result<String, super::ExportError> {
    let compose = Compose {
        name: "iotplan-lab",
        services: BTreeMap::from([
            ("mosquitto", mosquitto(&lab.mosquitto_image)),
            ("influxdb", influxdb(&lab.influxdb_image, w.retention_days)),
            ("telegraf", telegraf(&lab.telegraf_image)),
            ("grafana", grafana(&lab.grafana_image)),
        ]),
        volumes: BTreeMap::from([
            ("mosquitto-data", BTreeMap::new()),
            ("influxdb-data", BTreeMap::new()),
            ("influxdb-config", BTreeMap::new()),
            ("grafana-data", BTreeMap::new()),
        ]),
        configs: BTreeMap::from([
            (
                "mosquitto_conf",
                Config {
                    content: MOSQUITTO_CONF.to_owned(),
                },
            ),
            (
                "telegraf_conf",
                Config {
                    content: TELEGRAF_CONF.to_owned(),
                },
            ),
            (
                "grafana_datasource",
                Config {
                    content: GRAFANA_DATASOURCE.to_owned(),
                },
            ),
        ]),
    };
    let yaml = serde_yaml_ng::to_string(&compose)?;
    // The title goes into a comment: anything YAML reads as a line break (NEL, U+2028,
    // U+2029 as well as CR and LF) would end the comment and put the rest into the file as YAML.
    let title: String = title
        .chars()
        .map(|c| {
            if crate::core::sheets::is_line_unsafe(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    Ok(format!(
        "# The self-hosted lab for \"{title}\", written by iotplan export-compose.\n\
         # Mosquitto (MQTT on 1883), Telegraf, InfluxDB (8086; bucket \"{BUCKET}\" keeps {} of data)\n\
         # and Grafana (3000). Credentials come from the .env file beside this one; start with\n\
         # `docker compose up -d` (Docker Compose 2.23 or later, for inline configs).\n{yaml}",
        retention(w.retention_days)
    ))
}

/// The `.env` beside the Compose file: every credential, each value from `secret` (random, from
/// the caller), the user names fixed.
pub fn env_file(mut secret: impl FnMut() -> String) -> String {
    let mut out = String::from(
        "# Credentials for docker-compose.yml, written by iotplan export-compose with random\n\
         # values. Keep this file private and out of version control.\n",
    );
    for name in SECRETS {
        let value = match name {
            "MQTT_USERNAME" => "iotplan".to_owned(),
            "INFLUXDB_USERNAME" | "GRAFANA_ADMIN_USER" => "admin".to_owned(),
            _ => secret(),
        };
        let _ = writeln!(out, "{name}={value}");
    }
    out
}
