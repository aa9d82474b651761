//! `--screenshot`: the frame saved as a PNG once the layout has settled.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::io::FileError;

/// When the process started, for `IOTPLAN_TIMING=1` (time to first frame).
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Frames to draw before a screenshot: text layout, panel sizes and plot bounds settle.
pub const SETTLE_FRAMES: u64 = 12;

/// A screenshot to take, and where its outcome is reported.
pub struct ScreenshotPlan {
    pub path: PathBuf,
    pub requested: bool,
    pub result: Arc<Mutex<Option<Result<(), FileError>>>>,
}

/// A problem with the picture itself, as a file error naming where it was to go.
fn refused(path: &Path, message: String) -> FileError {
    FileError::Io {
        path: path.display().to_string(),
        message,
    }
}

pub fn save_png(path: &Path, image: &egui::ColorImage) -> Result<(), FileError> {
    let [w, h] = image.size;
    if image.pixels.iter().all(|p| *p == image.pixels[0]) {
        return Err(refused(
            path,
            "the window rendered blank; not saved".to_owned(),
        ));
    }
    let bytes: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(egui::Color32::to_array)
        .collect();
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &bytes,
        w as u32,
        h as u32,
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|e| refused(path, format!("cannot encode PNG: {e}")))?;
    crate::io::atomic_write(path, &png)
}
