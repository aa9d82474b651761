//! Files on disk: reading sheets and presets with errors that name the file, line and column,
//! and atomic saves. The core never touches the file system; this module is its only door.

pub mod preset;
pub mod sets;
pub mod workload_file;

use std::fs;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::core::platforms::{sheet_spec, sheet_specs};
use crate::core::sheets::{ParseError, Region, Sheets};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// A file that could not be read, parsed or written.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FileError {
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("{0}")]
    Parse(#[from] ParseError),
    #[error("no random numbers available for the credentials: {0}")]
    NoRandom(getrandom::Error),
}

/// An I/O error in words, without the "(os error N)" suffix.
fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    text.split(" (os error").next().unwrap_or(&text).to_owned()
}

fn io_error(path: &Path, message: impl Into<String>) -> FileError {
    FileError::Io {
        path: path.display().to_string(),
        message: message.into(),
    }
}

/// Reads a UTF-8 text file of at most [`MAX_FILE_BYTES`]. Only regular files are read (after
/// following links): a FIFO, a device such as `/dev/zero` or a folder is refused before it is
/// opened, and the read itself stops past the limit whatever the metadata said. A UTF-8 byte
/// order mark is dropped. A binary file is reported with the line and column of its first byte
/// that is not text.
pub fn read_text(path: &Path) -> Result<String, FileError> {
    let meta = fs::metadata(path).map_err(|e| match fs::symlink_metadata(path) {
        Ok(link) if link.file_type().is_symlink() => {
            io_error(path, "is a link to a file that does not exist")
        }
        _ => io_error(path, format!("cannot read: {}", io_reason(&e))),
    })?;
    if meta.is_dir() {
        return Err(io_error(path, "is a folder, expected a RON file"));
    }
    if !meta.is_file() {
        return Err(io_error(
            path,
            "is not a regular file (a device, FIFO or socket), expected a RON file",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(io_error(
            path,
            format!("is {} bytes; files over 10 MB are refused", meta.len()),
        ));
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| io_error(path, format!("cannot read: {}", io_reason(&e))))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(io_error(path, "grew past 10 MB while being read; refused"));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let bad = match std::str::from_utf8(&bytes) {
        Ok(text) => text.find('\0'),
        Err(e) => Some(e.valid_up_to()),
    };
    if let Some(at) = bad {
        let before = String::from_utf8_lossy(&bytes[..at]);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(FileError::Parse(ParseError {
            file: path.display().to_string(),
            line,
            column,
            message: "binary data: expected UTF-8 RON text".to_owned(),
        }));
    }
    String::from_utf8(bytes).map_err(|_| io_error(path, "not UTF-8 text"))
}

/// The sheets `dir` names: a folder (a sheet absent there is the embedded one of `region`), a
/// set's name in the data folder, or `built-in`; with none, the newest set of `region` (else
/// the built-in sheets). Each is named as outputs show it.
pub fn load_sheets(dir: Option<&Path>, region: Region) -> Result<Sheets, FileError> {
    let Some(arg) = dir else {
        return sets::default_sheets(region);
    };
    if arg == Path::new(crate::core::sheets::BUILT_IN) && !arg.is_dir() {
        return Ok(Sheets::embedded_for(region));
    }
    let dir = sets::resolve(arg);
    load_folder(&dir, region).map(|sheets| sheets.named(&sets::name_of(&dir)))
}

/// The sheets in a folder; a sheet it lacks is the embedded one of `region`.
pub(crate) fn load_folder(dir: &Path, region: Region) -> Result<Sheets, FileError> {
    if !dir.is_dir() {
        return Err(io_error(dir, "is not a folder of sheets"));
    }
    let mut entries = Vec::new();
    for spec in sheet_specs() {
        let path = dir.join(format!("{}.ron", spec.name));
        // Anything there, even a dangling link, is read (and its error reported): only a
        // sheet that is truly absent falls back to the embedded one.
        if fs::symlink_metadata(&path).is_ok() {
            entries.push(spec.parse_text(&path.display().to_string(), &read_text(&path)?)?);
        } else {
            entries.push(spec.embedded_sheet(region));
        }
    }
    Ok(Sheets::from_entries(entries))
}

/// Parses one sheet file by its name (`aws_iot_core.ron`, …), for `iotplan validate`.
pub fn validate_sheet(path: &Path, text: &str) -> Option<Result<(), ParseError>> {
    let file = path.display().to_string();
    let stem = path.file_stem()?.to_str()?;
    if stem == "checklist" {
        return Some(
            crate::core::sheets::parse_ron::<crate::core::checklist::Checklist>(&file, text)
                .map(drop),
        );
    }
    Some(sheet_spec(stem)?.parse_text(&file, text).map(drop))
}

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one: a
/// temporary file in the same folder, fsync, then rename over the target (tempfile's persist).
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let failed = |e: std::io::Error| io_error(path, format!("cannot save: {}", io_reason(&e)));
    // The temporary file is private (0600); the saved file keeps the permissions of the one it
    // replaces, or the usual 0644 when it is new.
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(failed)?;
    tmp.write_all(bytes).map_err(failed)?;
    tmp.as_file().sync_all().map_err(failed)?;
    tmp.persist(path).map_err(|e| failed(e.error))?;
    // The rename itself is durable once the folder is synced; a folder that cannot be opened
    // for that (some file systems) leaves the save done, only not yet flushed.
    if let Ok(d) = fs::File::open(&dir) {
        d.sync_all().ok();
    }
    Ok(())
}

/// A random secret for the lab's `.env`: 32 characters of `[A-Za-z0-9]` from the operating
/// system's generator (about 190 bits).
pub fn random_secret() -> Result<String, FileError> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(32);
    while out.len() < 32 {
        let mut bytes = [0u8; 64];
        getrandom::fill(&mut bytes).map_err(FileError::NoRandom)?;
        // Rejection sampling: 248 = 4 × 62, so every character is equally likely.
        out.extend(
            bytes
                .iter()
                .filter(|b| **b < 248)
                .map(|b| char::from(ALPHABET[usize::from(*b % 62)]))
                .take(32 - out.len()),
        );
    }
    Ok(out)
}

/// What `write_compose` did with the `.env` beside the Compose file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvFile {
    Written,
    /// An `.env` was already there: its credentials are kept (volumes made with them still
    /// expect them).
    Kept,
}

/// The `.env` beside the Compose file at `path`.
pub fn env_path_for(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from(".env"), |p| p.join(".env"))
}

/// Whether an `.env` is there to keep: a file (or a link to one) is kept; a link to nothing, a
/// folder or anything else is an error, since "kept" would be a lie and writing one would fail.
fn existing_env(env_path: &Path) -> Result<bool, FileError> {
    let Ok(link) = fs::symlink_metadata(env_path) else {
        return Ok(false);
    };
    match fs::metadata(env_path) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(m) if m.is_dir() => Err(io_error(
            env_path,
            "is a folder, not the credentials file: move it away or export elsewhere".to_owned(),
        )),
        Ok(_) => Err(io_error(
            env_path,
            "is not a regular file: move it away or export elsewhere".to_owned(),
        )),
        Err(_) if link.file_type().is_symlink() => Err(io_error(
            env_path,
            "is a link to nothing: remove it, or point it at the credentials".to_owned(),
        )),
        Err(e) => Err(io_error(
            env_path,
            format!("cannot read: {}", io_reason(&e)),
        )),
    }
}

/// Writes the lab's Compose file (atomically) and, unless one exists, the `.env` beside it
/// with fresh random credentials, readable by its owner only. Refuses, before writing
/// anything, a Compose path that is the `.env` itself (it would overwrite the credentials) and
/// an `.env` that cannot be kept.
pub fn write_compose(path: &Path, yaml: &str) -> Result<EnvFile, FileError> {
    let env_path = env_path_for(path);
    let same = path.file_name() == env_path.file_name()
        || fs::canonicalize(path)
            .ok()
            .zip(fs::canonicalize(&env_path).ok())
            .is_some_and(|(a, b)| a == b);
    if same {
        return Err(io_error(
            path,
            "is where the credentials go: write the Compose file to another name, such as docker-compose.yml"
                .to_owned(),
        ));
    }
    let kept = existing_env(&env_path)?;
    atomic_write(path, yaml.as_bytes())?;
    if kept {
        return Ok(EnvFile::Kept);
    }
    let mut failure = None;
    let text = crate::export::compose::env_file(|| {
        random_secret().unwrap_or_else(|e| {
            failure = Some(e);
            String::new()
        })
    });
    if let Some(err) = failure {
        return Err(err);
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options
        .open(&env_path)
        .map_err(|e| io_error(&env_path, format!("cannot write: {}", io_reason(&e))))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| io_error(&env_path, format!("cannot write: {}", io_reason(&e))))?;
    Ok(EnvFile::Written)
}
