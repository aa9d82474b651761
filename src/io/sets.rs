//! Sheet sets that `iotplan sheets update` writes into the user's data folder, side by side:
//! `sheets/2026-12-03-us-east-1`, then `…-2` for a second update the same day. Nothing is
//! written over: the newest set of a region is the one the window and the command line use.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{FileError, io_error, io_reason};
use crate::core::Sheets;
use crate::core::sheets::Region;

/// A set is whole once this file is in it (it is written last, before the set is renamed in).
pub const LOG: &str = "update.txt";

/// The data folder: `$XDG_DATA_HOME/iotplan` (or `~/.local/share/iotplan`), as eframe uses.
pub fn data_dir() -> Option<PathBuf> {
    eframe::storage_dir("iotplan")
}

/// Where the sets are kept: `<data folder>/sheets`.
pub fn sets_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("sheets"))
}

/// The date, region and same-day number of a set's folder name (`2026-12-03-eu-west-1-2`).
pub fn parse_name(name: &str) -> Option<(NaiveDate, Region, u32)> {
    let date = NaiveDate::parse_from_str(name.get(..10)?, "%Y-%m-%d").ok()?;
    let rest = name.get(10..)?.strip_prefix('-')?;
    for region in <Region as strum::IntoEnumIterator>::iter() {
        if let Some(tail) = rest.strip_prefix(region.id()) {
            let number = match tail {
                "" => 1,
                _ => tail.strip_prefix('-')?.parse().ok().filter(|n| *n > 1)?,
            };
            return Some((date, region, number));
        }
    }
    None
}

/// The complete sets in `dir` for `region`, oldest first (by date, then same-day number).
pub fn list(dir: &Path, region: Option<Region>) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut sets: Vec<((NaiveDate, u32), String)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let (date, r, n) = parse_name(&name)?;
            let whole = e.path().join(LOG).is_file();
            (whole && region.is_none_or(|want| want == r)).then_some(((date, n), name))
        })
        .collect();
    sets.sort();
    sets.into_iter().map(|(_, name)| name).collect()
}

/// The newest complete set of `region` in the user's data folder, if there is one.
pub fn newest(region: Region) -> Option<(String, PathBuf)> {
    newest_in(&sets_dir()?, region)
}

/// The newest complete set of `region` in `dir`.
pub fn newest_in(dir: &Path, region: Region) -> Option<(String, PathBuf)> {
    let name = list(dir, Some(region)).pop()?;
    let path = dir.join(&name);
    Some((name, path))
}

/// What `--sheets` names: a folder, else a set's name in the data folder.
pub fn resolve(arg: &Path) -> PathBuf {
    if arg.is_dir() {
        return arg.to_path_buf();
    }
    match (arg.to_str().and_then(parse_name), sets_dir()) {
        (Some(_), Some(dir)) if dir.join(arg).is_dir() => dir.join(arg),
        _ => arg.to_path_buf(),
    }
}

/// How outputs name the sheets of a folder: a set's name when it is one in the data folder,
/// else its path.
pub fn name_of(dir: &Path) -> String {
    let in_sets = sets_dir().is_some_and(|sets| dir.parent() == Some(sets.as_path()));
    match dir.file_name().and_then(|n| n.to_str()) {
        Some(name) if in_sets && parse_name(name).is_some() => name.to_owned(),
        _ => dir.display().to_string(),
    }
}

/// The sheets a workload of `region` uses when nothing names a folder: the newest updated set,
/// else the built-in ones.
pub fn default_sheets(region: Region) -> Result<Sheets, FileError> {
    default_sheets_in(sets_dir().as_deref(), region)
}

/// The newest set of `region` in `dir` (the window is given its folder), else built-in.
pub fn default_sheets_in(dir: Option<&Path>, region: Region) -> Result<Sheets, FileError> {
    match dir.and_then(|d| newest_in(d, region)) {
        Some((name, path)) => load_set(&name, &path, region),
        None => Ok(Sheets::embedded_for(region)),
    }
}

/// The set `name` at `path`, named. A set that cannot be read says how to do without it.
pub fn load_set(name: &str, path: &Path, region: Region) -> Result<Sheets, FileError> {
    super::load_folder(path, region)
        .map(|s| s.named(name))
        .map_err(|err| {
            let hint = format!(
                " (in the sheet set {name}: `--sheets built-in` uses the shipped sheets; `iotplan sheets update` writes a new set)"
            );
            match err {
                FileError::Parse(mut e) => {
                    e.message.push_str(&hint);
                    FileError::Parse(e)
                }
                FileError::Io { path, message } => FileError::Io {
                    path,
                    message: message + &hint,
                },
                other @ FileError::NoRandom(_) => other,
            }
        })
}

/// Writes `sheets` as a new set of `region` dated `date` in `dir`, with `log` (what was
/// updated and what kept) beside it; returns the set's name. The set is written in a hidden
/// folder and renamed in, so a reader never sees half a set, and never over an earlier one.
pub fn write(
    dir: &Path,
    date: NaiveDate,
    region: Region,
    sheets: &Sheets,
    log: &str,
) -> Result<String, FileError> {
    let failed = |path: &Path, e: &std::io::Error| {
        io_error(
            path,
            format!("cannot write the sheet set: {}", io_reason(e)),
        )
    };
    fs::create_dir_all(dir).map_err(|e| failed(dir, &e))?;
    let staging = tempfile::Builder::new()
        .prefix(".incoming-")
        .tempdir_in(dir)
        .map_err(|e| failed(dir, &e))?;
    for entry in sheets.entries() {
        let path = staging.path().join(format!("{}.ron", entry.spec.name));
        let text = entry
            .data
            .to_ron()
            .map_err(|e| io_error(&path, format!("cannot write the sheet: {e}")))?;
        let header = format!(
            "// {}: written by `iotplan sheets update` on {date}; each figure keeps its source and grade.\n",
            entry.spec.name
        );
        fs::write(&path, header + &text + "\n").map_err(|e| failed(&path, &e))?;
    }
    let log_path = staging.path().join(LOG);
    fs::write(&log_path, log).map_err(|e| failed(&log_path, &e))?;
    for n in 1..1000 {
        let name = match n {
            1 => format!("{date}-{}", region.id()),
            _ => format!("{date}-{}-{n}", region.id()),
        };
        let target = dir.join(&name);
        // Claims the name (fails when it exists), then moves the whole set onto that empty
        // folder: an earlier set is never replaced.
        match fs::create_dir(&target) {
            Ok(()) => {
                let staged = staging.keep();
                fs::rename(&staged, &target).map_err(|e| failed(&target, &e))?;
                return Ok(name);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(failed(&target, &e)),
        }
    }
    Err(io_error(dir, "has 999 sheet sets of that day already"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn set_names_carry_date_region_and_number() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(
            parse_name("2026-12-03-us-east-1"),
            Some((day, Region::UsEast1, 1))
        );
        assert_eq!(
            parse_name("2026-12-03-eu-west-1-2"),
            Some((day, Region::EuWest1, 2))
        );
        for bad in [
            "2026-12-03",
            "2026-12-03-mars-1",
            "2026-12-03-us-east-1-1",
            "2026-12-03-us-east-1-x",
            "x",
            "2026-13-03-us-east-1",
        ] {
            assert_eq!(parse_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn sets_are_written_beside_each_other_and_the_newest_is_listed_last() {
        let dir = tempfile::tempdir().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let sheets = Sheets::embedded();
        let first = write(dir.path(), day, Region::UsEast1, &sheets, "one").unwrap();
        let second = write(dir.path(), day, Region::UsEast1, &sheets, "two").unwrap();
        assert_eq!(first, "2026-12-03-us-east-1");
        assert_eq!(second, "2026-12-03-us-east-1-2");
        assert_eq!(
            fs::read_to_string(dir.path().join(&first).join(LOG)).unwrap(),
            "one"
        );
        // A half-written set (no log) and another region's are not listed.
        fs::create_dir(dir.path().join("2026-12-04-us-east-1")).unwrap();
        write(dir.path(), day, Region::EuWest1, &sheets, "eu").unwrap();
        assert_eq!(
            list(dir.path(), Some(Region::UsEast1)),
            vec![first, second.clone()]
        );
        let back = super::super::load_sheets(Some(&dir.path().join(&second)), Region::UsEast1);
        assert_eq!(back.unwrap(), sheets);
        // Nothing is left staged.
        let hidden = fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with('.')
            })
            .count();
        assert_eq!(hidden, 0);
    }
}
