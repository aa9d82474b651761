//! The README's list of workload fields is the field table's: generated from it, checked here.
//! `IOTPLAN_UPDATE_README=1 cargo test --test readme` rewrites the list after a table change.

#![allow(clippy::unwrap_used)]

const START: &str = "<!-- fields: generated from the field table by tests/readme.rs -->\n";
const END: &str = "<!-- fields: end -->\n";

#[test]
fn the_readme_lists_every_field_of_the_table() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (Some(a), Some(b)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md has no generated field list between {START:?} and {END:?}");
    };
    let now = &readme[a + START.len()..b];
    let table = iotplan::cli::fields_markdown();
    if now != table && std::env::var_os("IOTPLAN_UPDATE_README").is_some() {
        let updated = format!("{}{START}{table}{}", &readme[..a], &readme[b..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        now, table,
        "the README's field list differs from the field table; run IOTPLAN_UPDATE_README=1 cargo test --test readme"
    );
    for f in iotplan::core::fields::FIELDS {
        assert!(now.contains(&format!("| `{}` |", f.name)), "{}", f.name);
    }
}
