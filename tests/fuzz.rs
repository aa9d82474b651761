//! Fuzzing every input the planner reads: price sheets, presets, the checklist and `--set`
//! values. Whatever is accepted must evaluate to a report with only finite figures (or an option
//! marked infeasible); whatever is refused must be refused with an error, never a panic.
//!
//! A short run is part of the normal test suite. On demand (see the README's testing section):
//! `IOTPLAN_FUZZ_CASES=100000 cargo test --release --locked --test fuzz`.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::assert_trustworthy;
use iotplan::core::checklist::Checklist;
use iotplan::core::fields::FIELDS;
use iotplan::core::platforms::sheet_specs;
use iotplan::core::sheets::{Region, SheetSpec, Sheets, parse_ron};
use iotplan::core::workload::Workload;
use iotplan::core::{Context, full_report};
use iotplan::io::preset;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn cases() -> u32 {
    std::env::var("IOTPLAN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

fn ctx() -> Context {
    Context::new(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
}

/// Values that break arithmetic: zero, signs, denormals, huge, not numbers, not numbers at all.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_owned()),
        Just("0.0".to_owned()),
        Just("-0.0".to_owned()),
        Just("-1.0".to_owned()),
        Just("1e-320".to_owned()),
        Just("5e-324".to_owned()),
        Just("1e-9".to_owned()),
        Just("1e308".to_owned()),
        Just("1e15".to_owned()),
        Just("NaN".to_owned()),
        Just("inf".to_owned()),
        Just("-inf".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("\"x\"".to_owned()),
        Just("()".to_owned()),
        any::<f64>().prop_map(|v| format!("{v:?}")),
        (0.0..1e7f64).prop_map(|v| format!("{v}")),
    ]
}

/// Byte offsets of the numbers in `text` (digits, sign, dot, exponent).
fn numbers(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'));
        if starts {
            let from = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit() || matches!(bytes[i], b'.' | b'e' | b'E' | b'-'))
            {
                i += 1;
            }
            out.push((from, i));
        } else {
            i += 1;
        }
    }
    out
}

/// `text` with its `which`-th number (cyclically) replaced by `value`.
fn replace_number(text: &str, which: usize, value: &str) -> String {
    let spans = numbers(text);
    if spans.is_empty() {
        return text.to_owned();
    }
    let (from, to) = spans[which % spans.len()];
    format!("{}{}{}", &text[..from], value, &text[to..])
}

/// `text` truncated and with junk spliced in, on character boundaries.
fn splice(text: &str, cut: f64, at: f64, junk: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let keep = ((chars.len() as f64) * (0.5 + cut / 2.0)) as usize;
    let pos = ((keep as f64) * at) as usize;
    chars[..pos]
        .iter()
        .chain(junk.chars().collect::<Vec<_>>().iter())
        .chain(chars[pos..keep].iter())
        .collect()
}

fn fleets() -> [Workload; 2] {
    [
        Workload::default(),
        Workload {
            devices: 1e8,
            messages_per_device_per_hour: 3600.0,
            message_bytes: 131_072.0,
            shadow_ops_per_device_per_day: 100.0,
            ..Workload::default()
        },
    ]
}

/// Every sheet the report reads, the platforms' and the shared ones.
fn specs() -> Vec<&'static SheetSpec> {
    sheet_specs().collect()
}

/// The embedded text of the `which`-th sheet (modulo their number).
fn embedded_text(which: usize) -> &'static str {
    let specs = specs();
    (specs[which % specs.len()].embedded)(Region::UsEast1)
}

/// The embedded sheets, the `which`-th (modulo their number) parsed from `text` instead.
fn sheets_with(which: usize, text: &str) -> Result<Sheets, iotplan::core::sheets::ParseError> {
    let specs = specs();
    let which = which % specs.len();
    let mut entries = Vec::new();
    for (i, spec) in specs.into_iter().enumerate() {
        entries.push(if i == which {
            spec.parse_text(&format!("{}.ron", spec.name), text)?
        } else {
            spec.embedded_sheet(Region::UsEast1)
        });
    }
    Ok(Sheets::from_entries(entries))
}

/// Runs a fuzz property over `strategy`, seeded (a failure reproduces), and checks that at
/// least `min_accepted` of the cases were accepted: a parser refusing everything would pass
/// every property vacuously. `check` returns whether the case was accepted.
fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    min_accepted: f64,
    check: impl Fn(S::Value) -> Result<bool, TestCaseError>,
) {
    let mut runner = common::seeded_runner(cases());
    let (accepted, total) = (std::cell::Cell::new(0u32), std::cell::Cell::new(0u32));
    if let Err(e) = runner.run(&strategy, |value| {
        total.set(total.get() + 1);
        if check(value)? {
            accepted.set(accepted.get() + 1);
        }
        Ok(())
    }) {
        panic!("{name}: {e}");
    }
    let share = f64::from(accepted.get()) / f64::from(total.get().max(1));
    assert!(
        share >= min_accepted,
        "{name}: only {} of {} cases accepted ({:.0} %, expected at least {:.0} %)",
        accepted.get(),
        total.get(),
        share * 100.0,
        min_accepted * 100.0
    );
}

#[test]
fn fuzz_sheet_figures() {
    let strategy = (0usize..64, 0usize..400, nasty());
    fuzz("sheet figures", strategy, 0.25, |(which, figure, value)| {
        let text = replace_number(embedded_text(which), figure, &value);
        let Ok(sheets) = sheets_with(which, &text) else {
            return Ok(false);
        };
        for w in fleets() {
            let r = full_report(&w, &sheets, &ctx()).expect("valid sheets evaluate");
            let name = specs()[which % specs().len()].name;
            assert_trustworthy(&r, &format!("{name} figure {figure} = {value}"));
        }
        Ok(true)
    });
}

#[test]
fn fuzz_mangled_sheets() {
    let strategy = (0usize..64, 0.0..1.0f64, 0.0..1.0f64, "[ -~]{0,16}");
    // A truncated sheet never parses: what is checked is that it is refused where the text
    // breaks, never with a panic (and that whatever does parse evaluates).
    fuzz("mangled sheets", strategy, 0.0, |(which, cut, at, junk)| {
        let text = splice(embedded_text(which), cut, at, &junk);
        let sheets = match sheets_with(which, &text) {
            Ok(sheets) => sheets,
            Err(e) => {
                let lines = text.lines().count() + 1;
                prop_assert!(
                    (1..=lines).contains(&e.line) && !e.message.is_empty(),
                    "{e}"
                );
                return Ok(false);
            }
        };
        let r = full_report(&Workload::default(), &sheets, &ctx()).expect("valid sheets evaluate");
        assert_trustworthy(&r, "mangled sheet");
        Ok(true)
    });
}

#[test]
fn fuzz_preset_numbers() {
    let strategy = (0usize..5, 0usize..200, nasty());
    fuzz(
        "preset numbers",
        strategy,
        0.25,
        |(which, number, value)| {
            let text = replace_number(iotplan::ui::files::EXAMPLES[which].2, number, &value);
            let Ok(loaded) = preset::parse("fuzz.ron", &text) else {
                return Ok(false);
            };
            let mut context = ctx();
            context.manual = loaded.preset.checklist.clone();
            let r = full_report(&loaded.preset.workload, &Sheets::embedded(), &context)
                .expect("a valid preset evaluates");
            assert_trustworthy(&r, &format!("preset number {number} = {value}"));
            Ok(true)
        },
    );
}

/// The documented examples carry ranges and growth: their numbers mutated the same way
/// (100 samples, to keep the run short).
#[test]
fn fuzz_example_numbers() {
    let strategy = (0usize..2, 0usize..40, nasty());
    fuzz(
        "example numbers",
        strategy,
        0.2,
        |(which, number, value)| {
            let text = [
                include_str!("../docs/examples/water-utility-ranged.ron"),
                include_str!("../docs/examples/growing-fleet.ron"),
            ][which]
                .replace(
                    "    workload: (",
                    "    workload: (\n        range_samples: 100,",
                );
            let text = replace_number(&text, number, &value);
            let Ok(loaded) = preset::parse("fuzz.ron", &text) else {
                return Ok(false);
            };
            let r = full_report(&loaded.preset.workload, &Sheets::embedded(), &ctx())
                .expect("a valid preset evaluates");
            assert_trustworthy(&r, &format!("example number {number} = {value}"));
            Ok(true)
        },
    );
}

#[test]
fn fuzz_checklists() {
    let strategy = (0usize..200, nasty(), 0.0..1.0f64, 0.0..1.0f64, "[ -~]{0,8}");
    fuzz(
        "checklists",
        strategy,
        0.2,
        |(number, value, cut, at, junk)| {
            let source = iotplan::core::checklist::EMBEDDED_CHECKLIST;
            let mut accepted = false;
            for text in [
                replace_number(source, number, &value),
                splice(source, cut, at, &junk),
            ] {
                if let Ok(checklist) = parse_ron::<Checklist>("checklist.ron", &text) {
                    accepted = true;
                    let context = Context { checklist, ..ctx() };
                    let w = Workload {
                        launch_date: chrono::NaiveDate::from_ymd_opt(2000, 1, 1),
                        ..Workload::default()
                    };
                    let r = full_report(&w, &Sheets::embedded(), &context)
                        .expect("a valid checklist evaluates");
                    assert_trustworthy(&r, "checklist");
                }
            }
            Ok(accepted)
        },
    );
}

#[test]
fn fuzz_set_values() {
    let sheets = Sheets::embedded();
    let figures = sheets.figures();
    let names: Vec<String> = FIELDS
        .iter()
        .map(|f| f.name.to_owned())
        .chain(figures.iter().map(|f| f.0.clone()))
        .collect();
    let strategy = (0usize..400, nasty(), "[ -~]{0,12}");
    fuzz("--set values", strategy, 0.2, |(field, value, text)| {
        let name = &names[field % names.len()];
        let mut accepted = false;
        for value in [value.as_str(), text.as_str()] {
            let mut w = Workload::default();
            if w.set(name, value).is_ok() && w.validate().is_ok() {
                accepted = true;
                match full_report(&w, &sheets, &ctx()) {
                    Ok(r) => assert_trustworthy(&r, &format!("{name}={value}")),
                    // An override out of its figure's range: refused with its name.
                    Err(e) => prop_assert!(e.to_string().contains(name.as_str()), "{e}"),
                }
            }
        }
        Ok(accepted)
    });
}
