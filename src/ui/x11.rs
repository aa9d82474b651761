//! X11 only: the window's WM_CLASS with both its parts. eframe passes its app id to winit as the
//! class with an empty instance, and some window managers match the instance; this rewrites the
//! property as `iotplan`, `iotplan` once the window exists. On Wayland or elsewhere it does
//! nothing.

/// Sets WM_CLASS to ("iotplan", "iotplan") on the X11 window behind `frame`; quietly does
/// nothing if there is none or the X server cannot be reached.
#[cfg(target_os = "linux")]
pub fn set_wm_class(frame: &eframe::Frame) {
    use raw_window_handle::{HasWindowHandle as _, RawWindowHandle};
    use x11rb::protocol::xproto::{AtomEnum, PropMode};
    use x11rb::wrapper::ConnectionExt as _;

    let Ok(handle) = frame.window_handle() else {
        return;
    };
    let window = match handle.as_raw() {
        RawWindowHandle::Xlib(h) => u32::try_from(h.window).ok(),
        RawWindowHandle::Xcb(h) => Some(h.window.get()),
        _ => None,
    };
    let Some(window) = window else { return };
    let Ok((conn, _)) = x11rb::connect(None) else {
        return;
    };
    // Checked (one round trip, once): the request must reach the server before the
    // connection closes.
    if let Ok(cookie) = conn.change_property8(
        PropMode::REPLACE,
        window,
        AtomEnum::WM_CLASS,
        AtomEnum::STRING,
        b"iotplan\0iotplan\0",
    ) {
        let _ = cookie.check();
    }
}

#[cfg(not(target_os = "linux"))]
pub fn set_wm_class(_frame: &eframe::Frame) {}
