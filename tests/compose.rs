//! `iotplan export-compose`: the self-hosted lab as a Docker Compose file that parses, names its
//! settings, pins its images and holds no credential (those are in the `.env` beside it).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{iotplan, stderr, stdout};
use serde_yaml_ng::Value;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iotplan-compose-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Exports `preset` into a fresh folder: the parsed YAML, its text and the `.env` text.
fn export(preset: &str, dir: &Path) -> (Value, String, String) {
    let out = dir.join("docker-compose.yml");
    let run = iotplan(&["export-compose", preset, "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stdout(&run).contains("docker-compose.yml"),
        "{}",
        stdout(&run)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let env = std::fs::read_to_string(dir.join(".env")).unwrap();
    (serde_yaml_ng::from_str(&text).unwrap(), text, env)
}

fn get<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(v, |v, k| {
        v.get(*k).unwrap_or_else(|| panic!("no {k} in {path:?}"))
    })
}

fn text<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    get(v, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path:?} is not text"))
}

fn check_images(y: &Value) {
    // Pinned images, from the lab sheet.
    let sheets = iotplan::core::Sheets::embedded();
    let lab = iotplan::core::platforms::self_hosted_lab::sheet(&sheets);
    for (service, image) in [
        ("mosquitto", &lab.mosquitto_image),
        ("influxdb", &lab.influxdb_image),
        ("telegraf", &lab.telegraf_image),
        ("grafana", &lab.grafana_image),
    ] {
        let got = text(y, &["services", service, "image"]);
        assert_eq!(got, image.as_ref());
        let tag = got.rsplit(':').next().unwrap();
        assert!(
            tag.chars().next().unwrap().is_ascii_digit(),
            "{got} is pinned"
        );
    }
}

fn check_broker_and_bucket(y: &Value, retention: &str) {
    // The broker's listener, no anonymous clients, the password file made at start.
    let conf = text(y, &["configs", "mosquitto_conf", "content"]);
    assert!(conf.contains("listener 1883") && conf.contains("allow_anonymous false"));
    assert_eq!(
        get(y, &["services", "mosquitto", "ports"])[0].as_str(),
        Some("1883:1883")
    );
    let start = get(y, &["services", "mosquitto", "command"])[2]
        .as_str()
        .unwrap();
    assert!(start.contains("mosquitto_passwd") && start.contains("$$MQTT_PASSWORD"));
    // InfluxDB: the bucket and its retention from the preset's retention_days.
    let env = |key: &str| text(y, &["services", "influxdb", "environment", key]).to_owned();
    assert_eq!(env("DOCKER_INFLUXDB_INIT_RETENTION"), retention);
    assert_eq!(env("DOCKER_INFLUXDB_INIT_BUCKET"), "telemetry");
    assert_eq!(env("DOCKER_INFLUXDB_INIT_MODE"), "setup");
}

fn check_grafana_and_telegraf(y: &Value) {
    // Grafana provisioned with the InfluxDB data source.
    let source = text(y, &["configs", "grafana_datasource", "content"]);
    let source: Value = serde_yaml_ng::from_str(source).unwrap();
    let ds = &get(&source, &["datasources"])[0];
    assert_eq!(text(ds, &["type"]), "influxdb");
    assert_eq!(text(ds, &["url"]), "http://influxdb:8086");
    assert_eq!(text(ds, &["jsonData", "defaultBucket"]), "telemetry");
    let mount = &get(y, &["services", "grafana", "configs"])[0];
    assert_eq!(text(mount, &["source"]), "grafana_datasource");
    assert!(text(mount, &["target"]).starts_with("/etc/grafana/provisioning/datasources/"));
    // Telegraf carries MQTT into the bucket.
    let telegraf = text(y, &["configs", "telegraf_conf", "content"]);
    assert!(
        telegraf.contains("tcp://mosquitto:1883") && telegraf.contains("bucket = \"telemetry\"")
    );
}

fn check_volumes(y: &Value, services: &[&str]) {
    // Named volumes, and every service mounts only declared ones.
    let volumes: Vec<&str> = get(y, &["volumes"])
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert_eq!(
        volumes,
        [
            "grafana-data",
            "influxdb-config",
            "influxdb-data",
            "mosquitto-data"
        ]
    );
    for service in services {
        if let Some(mounts) = get(y, &["services", service]).get("volumes") {
            for m in mounts.as_sequence().unwrap() {
                let name = m.as_str().unwrap().split(':').next().unwrap();
                assert!(volumes.contains(&name), "{service} mounts {name}");
            }
        }
    }
}

#[test]
fn every_service_volume_and_setting_is_there_for_two_presets() {
    for (preset, retention) in [
        ("presets/starter.ron", "30d"),
        ("presets/water-utility.ron", "1825d"),
    ] {
        let dir = scratch(
            preset
                .trim_start_matches("presets/")
                .trim_end_matches(".ron"),
        );
        let (y, _, _) = export(preset, &dir);
        let services: Vec<&str> = get(&y, &["services"])
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert_eq!(services, ["grafana", "influxdb", "mosquitto", "telegraf"]);
        check_images(&y);
        check_broker_and_bucket(&y, retention);
        check_grafana_and_telegraf(&y);
        check_volumes(&y, &services);
    }
}

#[test]
fn no_credential_is_in_the_compose_file_and_the_env_is_kept() {
    let dir = scratch("secrets");
    let (y, yaml, env) = export("presets/starter.ron", &dir);
    let secrets: Vec<(&str, &str)> = env
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split_once('=').unwrap())
        .collect();
    let names: Vec<&str> = secrets.iter().map(|(k, _)| *k).collect();
    assert_eq!(names, iotplan::export::compose::SECRETS);
    for (name, value) in &secrets {
        if name.contains("PASSWORD") || name.contains("TOKEN") {
            assert_eq!(value.len(), 32, "{name} is a long random value");
            assert!(
                !yaml.contains(value),
                "{name}'s value is not in the Compose file"
            );
        }
    }
    // Every credential setting is a ${VARIABLE}, never a literal.
    for service in y["services"].as_mapping().unwrap().values() {
        if let Some(environment) = service.get("environment") {
            for (key, value) in environment.as_mapping().unwrap() {
                let key = key.as_str().unwrap();
                let credential = key.contains("PASSWORD")
                    || key.contains("TOKEN")
                    || key.ends_with("_USER")
                    || key.ends_with("USERNAME");
                if credential {
                    let value = value.as_str().unwrap();
                    assert!(
                        value.starts_with("${") && value.ends_with('}'),
                        "{key}: {value}"
                    );
                }
            }
        }
    }
    // Every line that mentions a password or token only refers to a variable.
    for line in yaml.lines().filter(|l| {
        let l = l.to_lowercase();
        (l.contains("password") || l.contains("token"))
            && !l.trim_start().starts_with('#')
            && !l.contains("password_file")
    }) {
        assert!(
            line.contains("${") || line.contains("$$"),
            "a literal credential? {line}"
        );
    }
    check_env_kept(&dir, &env);
}

/// The `.env` is private, and a second export keeps it.
fn check_env_kept(dir: &Path, env: &str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.join(".env"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, ".env is private");
    }
    // A second export keeps the .env (volumes made with its credentials still need them).
    let out = dir.join("docker-compose.yml");
    let again = iotplan(&[
        "export-compose",
        "presets/starter.ron",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        stdout(&again).contains("kept the existing"),
        "{}",
        stdout(&again)
    );
    assert_eq!(std::fs::read_to_string(dir.join(".env")).unwrap(), env);
    // Two exports elsewhere get different secrets.
    let (_, _, other) = export("presets/starter.ron", &scratch("secrets-2"));
    assert_ne!(other, env);
}

#[test]
fn docker_compose_accepts_the_file_where_it_is_installed() {
    let available = std::process::Command::new("docker")
        .args(["compose", "version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        // .ci/smoke says so in CI's log; the test passes where there is nothing to ask.
        return;
    }
    let dir = scratch("docker");
    export("presets/water-utility.ron", &dir);
    let check = std::process::Command::new("docker")
        .args(["compose", "-f"])
        .arg(dir.join("docker-compose.yml"))
        .args(["config", "--quiet"])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// A title full of line and paragraph separators stays inside its comment: the file parses to
/// exactly the keys of a plain title (no `include:` smuggled in).
#[test]
fn a_title_cannot_add_yaml() {
    let dir = scratch("title");
    let (plain, _, _) = export("presets/starter.ron", &scratch("title-plain"));
    for title in [
        "Lab\u{85}include: evil.yml",
        "Lab\u{2029}include:\u{2029}  - evil.yml",
        "Lab\u{2028}x: [",
        "Lab\r\ninclude: evil.yml\u{1}\u{7f}\u{9b}",
        "\u{202e}lmy.live",
    ] {
        let preset = dir.join("titled.ron");
        let original = std::fs::read_to_string("presets/starter.ron").unwrap();
        let text = original.replace("title: \"Starter fleet\"", &format!("title: {title:?}"));
        assert_ne!(text, original, "the starter preset's title is replaced");
        std::fs::write(&preset, text).unwrap();
        let (y, yaml, _) = export(preset.to_str().unwrap(), &dir);
        assert_eq!(y, plain, "{title:?}");
        let first = yaml.lines().next().unwrap();
        assert!(first.starts_with("# The self-hosted lab for"), "{first}");
        for line in yaml.lines().filter(|l| l.contains("include")) {
            assert!(line.starts_with("# The self-hosted lab for"), "{line}");
        }
    }
}

/// The Compose file never lands on the credentials, and an `.env` that cannot be kept is an
/// error, not "kept".
#[test]
fn the_env_is_never_overwritten_or_misreported() {
    let dir = scratch("env-guard");
    let (_, _, env) = export("presets/starter.ron", &dir);
    let run = |out: &Path| {
        iotplan(&[
            "export-compose",
            "presets/starter.ron",
            "-o",
            out.to_str().unwrap(),
        ])
    };
    // Output onto the .env itself: refused, the credentials untouched.
    let onto = run(&dir.join(".env"));
    assert_eq!(onto.status.code(), Some(1), "{}", stderr(&onto));
    assert!(
        stderr(&onto).contains("where the credentials go"),
        "{}",
        stderr(&onto)
    );
    assert_eq!(std::fs::read_to_string(dir.join(".env")).unwrap(), env);
    // A folder where the .env should be.
    let folder = scratch("env-folder");
    std::fs::create_dir(folder.join(".env")).unwrap();
    let out = run(&folder.join("docker-compose.yml"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is a folder"), "{}", stderr(&out));
    assert!(
        !folder.join("docker-compose.yml").exists(),
        "nothing written"
    );
    // A link to nothing.
    #[cfg(unix)]
    {
        let dangling = scratch("env-dangling");
        std::os::unix::fs::symlink(dangling.join("gone"), dangling.join(".env")).unwrap();
        let out = run(&dangling.join("docker-compose.yml"));
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("link to nothing"), "{}", stderr(&out));
        assert!(!stdout(&out).contains("kept"));
    }
}
