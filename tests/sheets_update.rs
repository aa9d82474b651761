//! `iotplan sheets update` end to end: from responses saved in the vendors' shapes
//! (tests/fixtures/price-lists) and from a local HTTP server serving them, with pages, a 500, a
//! slow answer, a malformed body, an out-of-range price and a page on another host.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{command, stderr, stdout};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/price-lists");
/// An update from the saved responses, dated 2026-12-03.
const FROM_SAVED: [&str; 6] = [
    "sheets",
    "update",
    "--from",
    FIXTURES,
    "--today",
    "2026-12-03",
];

/// Runs the binary with its own data folder.
fn run(data: &Path, args: &[&str]) -> Output {
    command(args)
        .env("XDG_DATA_HOME", data)
        .output()
        .expect("the binary runs")
}

fn sets(data: &Path) -> Vec<String> {
    let dir = data.join("iotplan").join("sheets");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn report_json(data: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(data, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn aws_total(report: &serde_json::Value) -> f64 {
    report["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "aws-iot-core")
        .unwrap()["monthly_usd"]
        .as_f64()
        .unwrap()
}

#[test]
fn saved_responses_make_a_dated_graded_set_beside_earlier_ones() {
    let data = tempfile::tempdir().unwrap();
    let args = FROM_SAVED;
    let out = run(data.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("Sheet set 2026-12-03-us-east-1: 23 figures"),
        "{text}"
    );
    // The second page of IoT Hub rows was read (S3), the reservation row was not taken.
    assert!(
        text.contains("azure_iot_hub.s3.unit_usd_per_month 2500 → 2500"),
        "{text}"
    );
    assert!(
        text.contains("azure_iot_hub.s1.unit_usd_per_month 25 → 25"),
        "{text}"
    );
    // The LoRaWAN and fleet-indexing rows share words with the figures but are not taken.
    assert!(
        text.contains("aws_iot_core.messaging_tier1_per_million 1 → 1 "),
        "{text}"
    );
    assert!(text.contains("204 other figures are in no list"), "{text}");

    let set = data.path().join("iotplan/sheets/2026-12-03-us-east-1");
    let sheet = std::fs::read_to_string(set.join("aws_iot_core.ron")).unwrap();
    assert!(sheet.contains("as_of: \"2026-12-03\""), "{sheet}");
    assert!(sheet.contains(
        "source: \"https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AWSIoT/current/us-east-1/index.json\",\n        grade: H,\n        note: \"AWSIoT: usage type USE1-Messages"
    ));
    // The exchange rates carry the ECB's own day, not the fetch day.
    let rates = std::fs::read_to_string(set.join("currency.ron")).unwrap();
    assert!(rates.contains("as_of: \"2026-12-02\""), "{rates}");
    assert!(rates.contains("value: 0.851716,"), "{rates}");
    assert!(
        rates.contains("note: \"ECB euro reference rates of 2026-12-02: 1 ÷ 1.1741 USD per EUR\""),
        "{rates}"
    );
    let log = std::fs::read_to_string(set.join("update.txt")).unwrap();
    assert!(log.contains("Not in these lists, kept with their value and grade (204):"));
    assert!(
        log.contains("  aws_stack.app_server_usd_per_hour\n"),
        "{log}"
    );
    // The new set validates as any sheet does.
    let out = run(
        data.path(),
        &[
            "validate",
            set.join("azure_event_grid.ron").to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn reports_name_the_set_they_use_and_a_second_update_goes_beside_the_first() {
    let data = tempfile::tempdir().unwrap();
    let args = FROM_SAVED;
    assert!(run(data.path(), &args).status.success());
    let set = data.path().join("iotplan/sheets/2026-12-03-us-east-1");
    let sheet = std::fs::read_to_string(set.join("aws_iot_core.ron")).unwrap();

    // Reports now use it and say so; `--sheets built-in` selects the shipped sheets.
    let on_set = report_json(data.path(), &[]);
    assert_eq!(on_set["sheet_set"], "2026-12-03-us-east-1");
    let built_in = report_json(data.path(), &["--sheets", "built-in"]);
    assert_eq!(built_in["sheet_set"], "built-in");
    let by_name = report_json(data.path(), &["--sheets", "2026-12-03-us-east-1"]);
    assert_eq!(by_name["sheet_set"], "2026-12-03-us-east-1");
    let markdown = stdout(&run(data.path(), &["report"]));
    assert!(
        markdown.contains("Sheet set: 2026-12-03-us-east-1"),
        "{markdown}"
    );

    // A second update the same day is written beside the first, never over it.
    let first = sheet;
    let out = run(data.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        sets(data.path()),
        ["2026-12-03-us-east-1", "2026-12-03-us-east-1-2"]
    );
    assert_eq!(
        std::fs::read_to_string(set.join("aws_iot_core.ron")).unwrap(),
        first
    );
    let listed = stdout(&run(data.path(), &["sheets", "list"]));
    assert!(
        listed.contains("us-east-1 uses 2026-12-03-us-east-1-2\neu-west-1 uses built-in"),
        "{listed}"
    );
    assert_eq!(
        report_json(data.path(), &[])["sheet_set"],
        "2026-12-03-us-east-1-2"
    );
}

#[test]
fn a_missing_saved_response_writes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let out = run(
        data.path(),
        &[
            "sheets",
            "update",
            "--from",
            FIXTURES,
            "--region",
            "eu-west-1",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("aws-AWSIoT-eu-west-1.json"), "{err}");
    assert!(sets(data.path()).is_empty());
}

/// What the local server does to one request.
#[derive(Clone)]
enum Twist {
    /// Serve the fixtures (with `from` → `to` replaced in every body).
    Serve {
        from: &'static str,
        to: &'static str,
    },
    /// Answer requests whose path holds `needle` with HTTP 500.
    Fail(&'static str),
    /// Wait 3 s before answering those requests.
    Slow(&'static str),
    /// Send half of those bodies.
    Cut(&'static str),
}

/// A server on 127.0.0.1 serving the fixtures as the vendors' hosts do; returns its base URL.
fn serve(twist: Twist) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let own = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let twist = twist.clone();
            let own = own.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                reader.read_line(&mut request).unwrap();
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap() > 2 {
                    line.clear();
                }
                let path = request.split(' ').nth(1).unwrap_or_default().to_owned();
                let file = if path == "/stats/eurofxref/eurofxref-daily.xml" {
                    "ecb-eurofxref-daily.xml"
                } else if path.contains("/AWSIoT/current/us-east-1/") {
                    "aws-AWSIoT-us-east-1.json"
                } else if path.contains("/IoTDeviceManagement/current/us-east-1/") {
                    "aws-IoTDeviceManagement-us-east-1.json"
                } else if path.contains("IoT%20Hub") && path.contains("skip=6") {
                    "azure-iot-hub-eastus.2.json"
                } else if path.contains("IoT%20Hub") {
                    "azure-iot-hub-eastus.json"
                } else if path.contains("Event%20Grid") {
                    "azure-event-grid-eastus.json"
                } else {
                    ""
                };
                let mut body = std::fs::read_to_string(Path::new(FIXTURES).join(file))
                    .unwrap_or_default()
                    .replace("https://prices.azure.com", &own);
                let mut status = if file.is_empty() {
                    "404 Not Found"
                } else {
                    "200 OK"
                };
                match twist {
                    Twist::Serve { from, to } => body = body.replace(from, to),
                    Twist::Fail(needle) if path.contains(needle) => {
                        status = "500 Internal Server Error";
                    }
                    Twist::Slow(needle) if path.contains(needle) => {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                    }
                    Twist::Cut(needle) if path.contains(needle) => body.truncate(body.len() / 2),
                    _ => {}
                }
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body.as_bytes());
            });
        }
    });
    base
}

fn update_from(data: &Path, base: &str) -> Output {
    run(
        data,
        &[
            "sheets",
            "update",
            "--today",
            "2026-12-03",
            "--aws-url",
            base,
            "--azure-url",
            base,
            "--ecb-url",
            base,
            "--timeout",
            "1",
        ],
    )
}

#[test]
fn an_update_over_http_follows_pages_and_moves_the_report() {
    let base = serve(Twist::Serve {
        from: "\"USD\": \"0.0000010000\"",
        to: "\"USD\": \"0.0000009000\"",
    });
    let data = tempfile::tempdir().unwrap();
    let before = aws_total(&report_json(data.path(), &["--set", "devices=100000"]));
    let out = update_from(data.path(), &base);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("aws_iot_core.messaging_tier1_per_million 1 → 0.9 USD per 1M messages (-10.0 %), grade H"), "{text}");
    assert!(
        text.contains(&format!(
            "read {base}/offers/v1.0/aws/AWSIoT/current/us-east-1/index.json"
        )),
        "{text}"
    );
    assert!(
        text.contains("azure_iot_hub.s3.unit_usd_per_month 2500 → 2500"),
        "{text}"
    );
    let after = report_json(data.path(), &["--set", "devices=100000"]);
    assert_eq!(after["sheet_set"], "2026-12-03-us-east-1");
    assert!(
        aws_total(&after) < before,
        "{} !< {before}",
        aws_total(&after)
    );
    // The set's name works wherever a sheet folder does.
    let diff = stdout(&run(
        data.path(),
        &["sheets", "diff", "built-in", "2026-12-03-us-east-1"],
    ));
    assert!(
        diff.contains(
            "aws_iot_core.messaging_tier1_per_million 1 → 0.9 USD per 1M messages (-10.0 %)"
        ),
        "{diff}"
    );
}

#[test]
fn a_failed_or_strange_answer_writes_nothing_and_says_why() {
    let cases: [(Twist, &str); 6] = [
        (Twist::Cut("eurofxref"), "not the ECB's reference-rate XML"),
        (Twist::Fail("Event%20Grid"), "the server answered HTTP 500"),
        (
            Twist::Slow("/AWSIoT/"),
            "no complete answer within 1 s; nothing written",
        ),
        (Twist::Cut("skip=6"), "not the expected price list at line"),
        (
            Twist::Serve {
                from: "\"USD\": \"0.0000010000\"",
                to: "\"USD\": \"2.0\"",
            },
            "aws_iot_core.messaging_tier1_per_million: 2000000 from",
        ),
        (
            Twist::Serve {
                from: "127.0.0.1",
                to: "127.0.0.2",
            },
            "its next page is on another host",
        ),
    ];
    for (twist, expected) in cases {
        let base = serve(twist);
        let data = tempfile::tempdir().unwrap();
        let out = update_from(data.path(), &base);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{expected}: {err}");
        assert!(err.starts_with("iotplan: sheets update: "), "{err}");
        assert!(err.contains(expected), "{expected}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        let written: Vec<PathBuf> = sets(data.path()).into_iter().map(PathBuf::from).collect();
        assert!(written.is_empty(), "{expected}: {written:?}");
    }
}

#[test]
fn a_broken_set_names_its_line_and_a_new_update_replaces_it_as_newest() {
    let data = tempfile::tempdir().unwrap();
    let args = FROM_SAVED;
    assert!(run(data.path(), &args).status.success());
    let sheet = data
        .path()
        .join("iotplan/sheets/2026-12-03-us-east-1/aws_iot_core.ron");
    let text = std::fs::read_to_string(&sheet).unwrap();
    std::fs::write(&sheet, text.replacen("value: 0.08,", "value: -0.08,", 1)).unwrap();
    let out = run(data.path(), &["report"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(
            "aws_iot_core.ron:6:16: connectivity_per_million_minutes.value: expected a price"
        ),
        "{err}"
    );
    assert!(
        err.contains("`--sheets built-in` uses the shipped sheets"),
        "{err}"
    );
    assert!(
        run(data.path(), &["report", "--sheets", "built-in"])
            .status
            .success()
    );
    // An update goes on from the built-in sheets, says why, and its set is the newest.
    let out = run(data.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with(
        "The newest set cannot be read, so figures not in the lists keep their built-in values"
    ));
    assert_eq!(
        report_json(data.path(), &[])["sheet_set"],
        "2026-12-03-us-east-1-2"
    );
}
