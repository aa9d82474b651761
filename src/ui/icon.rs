//! The application icon, drawn in code so the window, the desktop file's SVG and the PNG agree:
//! three bars in the platforms' colours on a dark rounded square (a cost comparison).

/// The icon as 64 × 64 RGBA for the window (`ViewportBuilder::with_icon`).
pub fn rgba(size: u32) -> Vec<u8> {
    let s = size as f32;
    let mut out = vec![0u8; (size * size * 4) as usize];
    // Bars: (left, width, top) as fractions of the side, in AWS, Azure, self-hosted colours.
    let bars = [
        (0.20, 0.16, 0.45, [236u8, 137, 0]),
        (0.42, 0.16, 0.25, [0, 120, 212]),
        (0.64, 0.16, 0.58, [150, 90, 205]),
    ];
    for y in 0..size {
        for x in 0..size {
            let (fx, fy) = ((x as f32 + 0.5) / s, (y as f32 + 0.5) / s);
            let i = ((y * size + x) * 4) as usize;
            if !inside_rounded(fx, fy, 0.16) {
                continue;
            }
            let mut rgb = [31u8, 45, 61];
            for (left, width, top, color) in bars {
                if fx >= left && fx < left + width && fy >= top && fy < 0.80 {
                    rgb = color;
                }
            }
            out[i..i + 4].copy_from_slice(&[rgb[0], rgb[1], rgb[2], 255]);
        }
    }
    out
}

/// Whether a point of the unit square lies inside the square with corners rounded by `r`.
fn inside_rounded(x: f32, y: f32, r: f32) -> bool {
    let cx = x.clamp(r, 1.0 - r);
    let cy = y.clamp(r, 1.0 - r);
    (x - cx).powi(2) + (y - cy).powi(2) <= r * r
}

pub fn icon_data() -> egui::IconData {
    egui::IconData {
        rgba: rgba(64),
        width: 64,
        height: 64,
    }
}
