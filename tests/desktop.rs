//! Installable like a desktop program: the freedesktop entry and icon the README installs.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

fn entry() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string("assets/iotplan.desktop").unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("[Desktop Entry]"));
    lines
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l
                .split_once('=')
                .unwrap_or_else(|| panic!("not key=value: {l}"));
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

#[test]
fn the_desktop_entry_follows_the_freedesktop_keys() {
    let e = entry();
    assert_eq!(e["Type"], "Application");
    assert_eq!(e["Name"], "iotplan");
    assert_eq!(e["Exec"], "iotplan");
    assert_eq!(e["Icon"], "iotplan");
    assert_eq!(e["Terminal"], "false");
    // The window's WM_CLASS class and Wayland app id.
    assert_eq!(e["StartupWMClass"], "iotplan");
    for list in ["Categories", "Keywords"] {
        assert!(e[list].ends_with(';'), "{list} is a ;-terminated list");
    }
    assert!(e["Categories"].split(';').any(|c| c == "Development"));
}

#[test]
fn the_icon_exists_as_svg_and_as_the_windows_pixels() {
    let svg = std::fs::read_to_string("assets/iotplan.svg").unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("<svg") && svg.trim_end().ends_with("</svg>"));
    let px = iotplan::ui::icon::rgba(64);
    assert_eq!(px.len(), 64 * 64 * 4);
    let at = |x: usize, y: usize| &px[(y * 64 + x) * 4..(y * 64 + x) * 4 + 4];
    assert_eq!(at(0, 0)[3], 0, "rounded corners are transparent");
    assert_eq!(
        at(32, 32),
        [0, 120, 212, 255],
        "the middle bar is Azure blue"
    );
    assert_eq!(at(32, 8), [31, 45, 61, 255], "above it, the background");
}
