//! `iotplan export-compose`: the self-hosted lab as a Docker Compose file and its `.env`.

use std::path::PathBuf;

use super::{Failure, apply_sets, with_hint};
use crate::core::Workload;
use crate::io::{self, preset};

#[derive(Debug, clap::Args)]
pub struct ExportComposeArgs {
    /// A preset (default: the default workload); its retention sets InfluxDB's
    pub preset: Option<PathBuf>,
    /// Where to write the Compose file; the .env goes beside it
    #[arg(short = 'o', long = "output", default_value = "docker-compose.yml")]
    pub output: PathBuf,
    /// Set a workload field, as FIELD=VALUE (repeatable)
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub sets: Vec<String>,
}

/// Runs `iotplan export-compose`: writes the Compose file and, unless one exists, the `.env`;
/// returns what was written, for the terminal.
pub fn export_compose(args: &ExportComposeArgs) -> Result<String, Failure> {
    let (mut workload, title, own_sheets) = match &args.preset {
        Some(path) => {
            let loaded = preset::load(path).map_err(|e| Failure::usage(e.to_string()))?;
            for warning in &loaded.warnings {
                eprintln!("warning: {warning}");
            }
            // A preset naming its own sheets gets them (the lab's images may be pinned there).
            let sheets = match loaded.preset.sheets {
                Some(_) => Some(
                    preset::sheets_for(&loaded.preset, Some(path))
                        .map_err(|e| Failure::usage(e.to_string()))?,
                ),
                None => None,
            };
            (loaded.preset.workload, loaded.preset.title, sheets)
        }
        None => (Workload::default(), "Untitled".to_owned(), None),
    };
    apply_sets(&mut workload, &args.sets)?;
    let sheets = match own_sheets {
        Some(sheets) => sheets,
        None => {
            io::load_sheets(None, workload.region).map_err(|e| Failure::usage(e.to_string()))?
        }
    };
    let sheets = sheets
        .with_overrides(&workload.overrides)
        .map_err(|e| Failure::usage(with_hint(&e.to_string())))?;
    let yaml = crate::export::compose::compose_file(
        &title,
        &workload,
        crate::core::platforms::self_hosted_lab::sheet(&sheets),
    )
    .map_err(Failure::output)?;
    let env = crate::io::write_compose(&args.output, &yaml).map_err(Failure::output)?;
    let env_path = crate::io::env_path_for(&args.output);
    Ok(match env {
        crate::io::EnvFile::Written => format!(
            "wrote {} and {} (random credentials; keep it private)",
            args.output.display(),
            env_path.display()
        ),
        crate::io::EnvFile::Kept => format!(
            "wrote {}; kept the existing {} and its credentials",
            args.output.display(),
            env_path.display()
        ),
    })
}
