//! `--format github` (domain §19): the pull-request comment is valid GitHub-flavoured Markdown —
//! read back with a Markdown parser — starts with the marker a CI step looks for, and says the
//! same figures as the JSON report.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn run(args: &[&str]) -> String {
    let out = common::iotplan(args);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    common::stdout(&out)
}

/// What the parser makes of a comment: the tables (header and row cell counts as parsed) and
/// the raw HTML it kept.
struct Parsed {
    tables: Vec<Vec<usize>>,
    html: Vec<String>,
    text: String,
}

fn parse(markdown: &str) -> Parsed {
    let mut parsed = Parsed {
        tables: Vec::new(),
        html: Vec::new(),
        text: String::new(),
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => parsed.tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                parsed.tables.last_mut().unwrap().push(0);
            }
            Event::Start(Tag::TableCell) => {
                *parsed.tables.last_mut().unwrap().last_mut().unwrap() += 1;
            }
            Event::Html(h) | Event::InlineHtml(h) => parsed.html.push(h.to_string()),
            Event::Text(t) | Event::Code(t) => parsed.text.push_str(&t),
            Event::End(TagEnd::TableCell) => parsed.text.push('|'),
            _ => {}
        }
    }
    parsed
}

/// The source lines of each table have as many unescaped pipes as its header: a parser pads or
/// drops cells silently, so a stray `|` in a name would otherwise shift a column unseen.
fn assert_tables_square(markdown: &str) {
    let pipes = |line: &str| line.replace("\\|", "").matches('|').count();
    let mut header: Option<usize> = None;
    for line in markdown.lines() {
        if line.starts_with('|') {
            let n = pipes(line);
            let h = *header.get_or_insert(n);
            assert_eq!(n, h, "a row with another column count: {line}");
        } else {
            header = None;
        }
    }
}

/// Every `<details>` closes, and its summary is followed by a blank line, without which GitHub
/// shows the Markdown inside as plain text.
fn assert_details_balanced(markdown: &str) {
    let lines: Vec<&str> = markdown.lines().collect();
    let opens = lines.iter().filter(|l| l.starts_with("<details>")).count();
    let closes = lines.iter().filter(|l| **l == "</details>").count();
    assert!(opens > 0);
    assert_eq!(opens, closes, "unbalanced <details>");
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("<details>") {
            assert!(l.ends_with("</summary>"), "{l}");
            assert_eq!(lines.get(i + 1), Some(&""), "no blank line after {l}");
        }
    }
}

#[test]
fn a_report_comment_is_valid_markdown_with_the_json_figures() {
    let preset = "presets/water-utility.ron";
    let comment = run(&[
        "report",
        preset,
        "--compare-to",
        "presets/starter.ron",
        "--format",
        "github",
    ]);
    assert_eq!(comment.lines().next(), Some("<!-- iotplan -->"));
    assert_tables_square(&comment);
    assert_details_balanced(&comment);
    let parsed = parse(&comment);
    assert_eq!(
        parsed.html.first().map(|h| h.trim()),
        Some("<!-- iotplan -->")
    );

    let json: serde_json::Value =
        serde_json::from_str(&run(&["report", preset, "--format", "json"])).unwrap();
    let platforms = json["platforms"].as_array().unwrap();
    let feasible = platforms.iter().filter(|p| p["feasible"] == true).count();
    // The platform table, one line-item table per platform that can carry the fleet, the
    // launch platform's limits.
    assert_eq!(parsed.tables.len(), 1 + feasible + 1, "{comment}");
    assert_eq!(parsed.tables[0].len(), 1 + platforms.len());
    assert!(parsed.tables[0].iter().all(|cells| *cells == 4));

    // The headline names the launch platform and its total as the JSON has them.
    let launch = json["launch_platform"]["id"].as_str().unwrap();
    let launched = platforms.iter().find(|p| p["id"] == launch).unwrap();
    let total = launched["monthly_usd"].as_f64().unwrap();
    let headline = comment.lines().nth(1).unwrap();
    assert!(
        headline.contains("launch on **AWS IoT Core**"),
        "{headline}"
    );
    assert!(
        headline.contains(&format!("**{} a month**", money(total))),
        "{headline} vs {total}"
    );
    assert!(headline.contains("against starter.ron"), "{headline}");
    assert!(comment.contains("<summary>Limits on AWS IoT Core"));
    assert!(comment.contains("<summary>Readiness on AWS IoT Core"));
}

/// `$1,234.56` as the comment writes dollars.
fn money(usd: f64) -> String {
    let cents = (usd * 100.0).round() as u64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("${grouped}.{:02}", cents % 100)
}

#[test]
fn the_same_preset_against_itself_moves_nothing() {
    let preset = "presets/smart-building.ron";
    let comment = run(&[
        "report",
        preset,
        "--compare-to",
        preset,
        "--format",
        "github",
    ]);
    let headline = comment.lines().nth(1).unwrap();
    assert!(
        headline.contains("$0.00 (0 %) against smart-building.ron"),
        "{headline}"
    );
    assert!(!headline.contains("the baseline launched on"), "{headline}");
}

/// A baseline whose file name holds Markdown and HTML cannot break a table or inject markup.
#[test]
fn names_cannot_break_the_comment() {
    let dir = std::env::temp_dir().join(format!("iotplan-github-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hostile = dir.join("a|b<img src=x>`.ron");
    std::fs::copy("presets/starter.ron", &hostile).unwrap();
    let comment = run(&[
        "report",
        "presets/starter.ron",
        "--compare-to",
        hostile.to_str().unwrap(),
        "--format",
        "github",
    ]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_tables_square(&comment);
    assert!(!comment.contains("<img"), "{comment}");
    let parsed = parse(&comment);
    assert!(
        parsed.html.iter().all(|h| !h.contains("img")),
        "{:?}",
        parsed.html
    );
    assert!(parsed.tables[0].iter().all(|cells| *cells == 4));
    assert!(
        parsed.text.contains("a|b<img src=x>`.ron"),
        "{}",
        parsed.text
    );
}

#[test]
fn a_diff_comment_lists_what_moved() {
    let comment = run(&[
        "diff",
        "presets/starter.ron",
        "presets/smart-building.ron",
        "--format",
        "github",
    ]);
    assert_eq!(comment.lines().next(), Some("<!-- iotplan -->"));
    assert_tables_square(&comment);
    assert_details_balanced(&comment);
    assert!(
        comment.contains("<summary>Line items that moved: "),
        "{comment}"
    );
    assert!(comment.contains("<summary>Status changes: "), "{comment}");
    let parsed = parse(&comment);
    // Platforms, items that moved, the launch platform's limits.
    assert_eq!(parsed.tables.len(), 3, "{comment}");
    assert!(parsed.tables[0].iter().all(|cells| *cells == 4));
}
