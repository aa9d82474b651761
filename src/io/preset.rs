//! Presets: a workload with its title, description, checklist ticks and sheet folder, as a RON
//! file that is pleasant to edit by hand. Fields left out take their defaults; unknown fields
//! are warnings; a newer `version` is refused; older versions are migrated.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::workload_file::WorkloadFile;
use super::{FileError, atomic_write, read_text};
use crate::core::checklist::ChecklistState;
use crate::core::sheets::ParseError;
use crate::core::workload::Workload;

/// The preset format this build writes. Version 0 (files without `version`) has the same fields.
pub const PRESET_VERSION: u32 = 1;

/// A preset in memory: the core's workload with what the file adds. It is read and written as
/// a [`PresetFile`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "PresetFile", into = "PresetFile")]
pub struct Preset {
    pub version: u32,
    pub title: String,
    pub description: String,
    pub workload: Workload,
    /// Manual checklist items: ticks, notes and dates.
    pub checklist: ChecklistState,
    /// A folder of price sheets to use instead of the embedded ones.
    pub sheets: Option<String>,
}

/// A preset as the file spells it: its own type, converted to and from [`Preset`], so the file
/// format and the core can change independently (a migration lives here).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct PresetFile {
    pub version: u32,
    pub title: String,
    pub description: String,
    pub workload: WorkloadFile,
    pub checklist: ChecklistState,
    pub sheets: Option<String>,
}

/// Fields a file leaves out take the defaults of a fresh preset (title "Untitled", this
/// version).
impl Default for PresetFile {
    fn default() -> Self {
        Preset::default().into()
    }
}

impl From<PresetFile> for Preset {
    fn from(file: PresetFile) -> Self {
        Self {
            version: file.version,
            title: file.title,
            description: file.description,
            workload: file.workload.0,
            checklist: file.checklist,
            sheets: file.sheets,
        }
    }
}

impl From<Preset> for PresetFile {
    fn from(preset: Preset) -> Self {
        Self {
            version: preset.version,
            title: preset.title,
            description: preset.description,
            workload: WorkloadFile(preset.workload),
            checklist: preset.checklist,
            sheets: preset.sheets,
        }
    }
}

impl Default for Preset {
    fn default() -> Self {
        Self {
            version: PRESET_VERSION,
            title: "Untitled".to_owned(),
            description: String::new(),
            workload: Workload::default(),
            checklist: ChecklistState::new(),
            sheets: None,
        }
    }
}

/// How far ahead a new document's launch date lies: far enough that the default workload's
/// lead times (21 days for a quota) are not overdue the moment it opens.
pub const FRESH_LAUNCH_IN_DAYS: u64 = 90;

impl Preset {
    /// A new document on `today`: the defaults, launching [`FRESH_LAUNCH_IN_DAYS`] from now.
    pub fn fresh(today: chrono::NaiveDate) -> Self {
        let mut preset = Self::default();
        preset.workload.launch_date =
            today.checked_add_days(chrono::Days::new(FRESH_LAUNCH_IN_DAYS));
        preset
    }
}

/// A parsed preset and what was odd about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub preset: Preset,
    pub warnings: Vec<String>,
    /// What saving the preset over its file would drop: unknown fields (by path) and, when
    /// the file has any, its comments. Saving writes only what iotplan reads.
    pub dropped_by_save: Vec<String>,
}

/// Whether `text` has a comment outside its strings.
fn has_comments(text: &str) -> bool {
    without_comments(text, true) != text
}

fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

#[derive(Deserialize)]
struct VersionOnly {
    #[serde(default)]
    version: u32,
}

/// `text` with every comment (`// …`, `/* … */`, nested as RON allows) blanked to spaces, and
/// the insides of strings too unless `keep_strings`, so that a field named in a comment or a
/// title is never pointed at; columns unchanged.
fn without_comments(text: &str, keep_strings: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let (mut depth, mut in_string, mut in_line) = (0usize, false, false);
    while let Some(c) = chars.next() {
        let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
        if in_line {
            in_line = c != '\n';
            out.push(blank(c));
        } else if depth > 0 {
            match (c, chars.peek()) {
                ('*', Some('/')) => {
                    depth -= 1;
                    chars.next();
                    out.push_str("  ");
                }
                ('/', Some('*')) => {
                    depth += 1;
                    chars.next();
                    out.push_str("  ");
                }
                _ => out.push(blank(c)),
            }
        } else if in_string {
            let shown = |c: char| {
                if keep_strings || c == '"' {
                    c
                } else {
                    blank(c)
                }
            };
            out.push(shown(c));
            match c {
                '\\' => out.extend(chars.next().map(shown)),
                '"' => in_string = false,
                _ => {}
            }
        } else {
            match (c, chars.peek()) {
                ('/', Some('/')) => {
                    in_line = true;
                    out.push(' ');
                }
                ('/', Some('*')) => {
                    depth = 1;
                    chars.next();
                    out.push_str("  ");
                }
                ('"', _) => {
                    in_string = true;
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }
    out
}

/// Line and column (1-based) of the first `name:` in `text` outside comments, to point at a
/// field's value; `None` when the file does not set it.
fn find_field(text: &str, name: &str) -> Option<(usize, usize)> {
    let code = without_comments(text, false);
    for (i, line) in code.lines().enumerate() {
        let mut from = 0;
        while let Some(found) = line[from..].find(name) {
            let col = from + found;
            let rest = line[col + name.len()..].trim_start();
            let before_ok = col == 0
                || !line.as_bytes()[col - 1].is_ascii_alphanumeric()
                    && line.as_bytes()[col - 1] != b'_';
            if before_ok && rest.starts_with(':') {
                return Some((i + 1, line[..col].chars().count() + 1));
            }
            from = col + name.len();
        }
    }
    None
}

/// Where `name:` is set, else where the `workload` starts, else the top of the file.
fn locate(text: &str, name: &str) -> (usize, usize) {
    find_field(text, name)
        .or_else(|| find_field(text, "workload"))
        .unwrap_or((1, 1))
}

/// Parses preset text; `file` names it in errors and warnings.
pub fn parse(file: &str, text: &str) -> Result<Loaded, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let at = |(line, column): (usize, usize), message: String| ParseError {
        file: file.to_owned(),
        line,
        column,
        message: crate::core::sheets::escape_controls(&message),
    };
    if text.trim().is_empty() {
        return Err(at(
            (1, 1),
            "empty file: expected a preset `(version: 1, workload: (…))`".to_owned(),
        ));
    }
    // Look at the version alone first, so a newer format is refused before its fields confuse us.
    if let Ok(v) = options().from_str::<VersionOnly>(text)
        && v.version > PRESET_VERSION
    {
        return Err(at(
            locate(text, "version"),
            format!(
                "preset version {} is newer than this iotplan reads (up to {PRESET_VERSION}); update iotplan",
                v.version
            ),
        ));
    }
    let (mut preset, mut warnings, unknown) = deserialize(file, text)?;
    if preset.version < PRESET_VERSION {
        warnings.push(format!(
            "{file}: version {} migrated to {PRESET_VERSION}; save to keep it",
            preset.version
        ));
        preset.version = PRESET_VERSION;
    }
    if let Err(err) = preset.workload.validate() {
        let position = error_position(text, &err);
        return Err(at(position, err.to_string()));
    }
    // Overrides must name sheet figures; the embedded sheets have the same keys as any folder.
    if let Err(err) = crate::core::Sheets::embedded().with_overrides(&preset.workload.overrides) {
        use crate::core::sheets::OverrideError;
        let key = match &err {
            OverrideError::Unknown(key) | OverrideError::Invalid { key, .. } => key.clone(),
            OverrideError::Internal(_) => "overrides".to_owned(),
        };
        return Err(at(locate_key(text, &key, "overrides"), err.to_string()));
    }
    let mut dropped_by_save: Vec<String> = unknown
        .into_iter()
        .map(|path| format!("the unknown field `{path}`"))
        .collect();
    if has_comments(text) {
        dropped_by_save.insert(0, "its comments".to_owned());
    }
    Ok(Loaded {
        preset,
        warnings,
        dropped_by_save,
    })
}

/// Where a workload error points: the field, the quoted key of an override or a range, or the
/// first tier boundary the file sets.
fn error_position(text: &str, err: &crate::core::workload::WorkloadError) -> (usize, usize) {
    use crate::core::workload::WorkloadError;
    match err {
        // A range is a quoted key under `ranges`, whatever it names.
        WorkloadError::OutOfRange { field, .. } if field.starts_with("range ") => {
            locate_key(text, field.trim_start_matches("range "), "ranges")
        }
        // An override is a quoted map key: point at it, not at the top of the file.
        WorkloadError::OutOfRange { field, .. } if field.contains('.') => {
            locate_key(text, field, "overrides")
        }
        WorkloadError::OutOfRange { field, .. } => locate(text, field),
        // The tier boundaries out of order: the first of them the file sets.
        WorkloadError::Inconsistent(_) => [
            "storage_hot_days",
            "storage_warm_until_days",
            "storage_cold_until_days",
        ]
        .iter()
        .find_map(|name| find_field(text, name))
        .unwrap_or_else(|| locate(text, "workload")),
        WorkloadError::BadDate { field, .. } | WorkloadError::Mistyped { field, .. } => {
            locate(text, field)
        }
        WorkloadError::UnknownField(_) => locate(text, "workload"),
    }
}

/// The preset's fields, with a warning for every unknown one (and its path) and errors naming
/// the field.
fn deserialize(file: &str, text: &str) -> Result<(Preset, Vec<String>, Vec<String>), ParseError> {
    let spanned = |e: &ron::error::SpannedError| ParseError::from_ron(file, e);
    let mut de =
        ron::Deserializer::from_str_with_options(text, &options()).map_err(|e| spanned(&e))?;
    let mut warnings = Vec::new();
    let mut paths = Vec::new();
    let mut track = serde_path_to_error::Track::new();
    let preset: Result<Preset, _> = {
        let mut unknown = |path: serde_ignored::Path<'_>| {
            let path = crate::core::sheets::escape_controls(&path.to_string());
            warnings.push(format!("{file}: unknown field `{path}` ignored"));
            paths.push(path);
        };
        let ignored = serde_ignored::Deserializer::new(&mut de, &mut unknown);
        Preset::deserialize(serde_path_to_error::Deserializer::new(ignored, &mut track))
    };
    let preset = preset
        .map_err(|e| ParseError::at_path(file, &de.span_error(e), &track.path().to_string()))?;
    de.end().map_err(|e| spanned(&de.span_error(e)))?;
    Ok((preset, warnings, paths))
}

/// Line and column of a quoted map key such as `"aws_iot_core.nope"` outside comments, else of
/// the map (`section`) that holds it.
fn locate_key(text: &str, key: &str, section: &str) -> (usize, usize) {
    let quoted = format!("\"{key}\"");
    without_comments(text, true)
        .lines()
        .enumerate()
        .find_map(|(i, line)| {
            line.find(&quoted)
                .map(|col| (i + 1, line[..col].chars().count() + 1))
        })
        .unwrap_or_else(|| locate(text, section))
}

/// Loads a preset for the window: the preset and its warnings.
pub fn load_preset(path: &Path) -> Result<(Preset, Vec<String>), FileError> {
    load(path).map(|l| (l.preset, l.warnings))
}

/// The sheets a preset asks for: its `sheets` folder (relative to the preset file), else the
/// embedded ones of its region.
pub fn sheets_for(preset: &Preset, path: Option<&Path>) -> Result<crate::core::Sheets, FileError> {
    let region = preset.workload.region;
    let Some(dir) = &preset.sheets else {
        return Ok(crate::core::Sheets::embedded_for(region));
    };
    let base = path.and_then(Path::parent).unwrap_or(Path::new("."));
    super::load_sheets(Some(&base.join(dir)), region)
}

/// Reads and parses a preset file.
pub fn load(path: &Path) -> Result<Loaded, FileError> {
    let text = read_text(path)?;
    Ok(parse(&path.display().to_string(), &text)?)
}

/// The preset as pretty RON text; an error (never expected of plain data) is reported rather
/// than written as an empty file.
pub fn to_text(preset: &Preset) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
        .struct_names(false);
    Ok(ron::ser::to_string_pretty(preset, config)? + "\n")
}

/// Saves atomically (temporary file, fsync, rename).
pub fn save(path: &Path, preset: &Preset) -> Result<(), FileError> {
    let text = to_text(preset).map_err(|e| FileError::Io {
        path: path.display().to_string(),
        message: format!("cannot write the preset: {e}"),
    })?;
    atomic_write(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_is_identical() {
        let mut preset = Preset {
            title: "T".to_owned(),
            ..Preset::default()
        };
        preset.workload.devices = 45_000.0;
        preset.workload.launch_date = chrono::NaiveDate::from_ymd_opt(2027, 3, 1);
        preset
            .workload
            .overrides
            .insert("aws_iot_core.inbound_publish_per_account".to_owned(), 100.0);
        preset.checklist.insert(
            "load-test-3x".to_owned(),
            crate::core::checklist::ManualState {
                done: true,
                note: "ok".to_owned(),
                done_on: None,
            },
        );
        let text = to_text(&preset).unwrap();
        let back = parse("t.ron", &text).unwrap();
        assert_eq!(back.preset, preset, "{text}");
        assert!(back.warnings.is_empty());
    }

    #[test]
    fn fields_left_out_take_defaults_and_unknown_fields_warn() {
        let loaded = parse(
            "p.ron",
            "(version: 1, workload: (devices: 5), colour: \"red\")",
        )
        .unwrap();
        assert_eq!(loaded.preset.workload.devices, 5.0);
        assert_eq!(loaded.preset.workload.message_bytes, 200.0);
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].contains("colour"));
    }

    #[test]
    fn a_file_that_leaves_fields_out_gets_a_fresh_presets_defaults() {
        let loaded = parse("p.ron", "(workload: (devices: 7))").unwrap();
        assert_eq!(loaded.preset.title, "Untitled");
        assert_eq!(loaded.preset.version, PRESET_VERSION);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn newer_version_is_refused() {
        let err = parse("p.ron", "(\n  version: 9,\n)").unwrap_err();
        assert_eq!((err.line, err.column), (2, 3));
        assert!(err.message.contains("newer"));
    }

    #[test]
    fn out_of_range_value_points_at_its_line() {
        let err = parse("p.ron", "(\n  workload: (\n    devices: -4,\n  ),\n)").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("devices"));
    }

    #[test]
    fn wrong_type_names_line_and_column() {
        let err = parse("p.ron", "(\n  workload: (\n    devices: \"many\",\n  ),\n)").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
    }
}
