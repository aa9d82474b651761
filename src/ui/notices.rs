//! The status area's notices: errors and warnings kept apart from information. A leaf.

/// How much a notice matters: errors and warnings stay until dismissed; the latest info
/// replaces the one before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// A line in the status area.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub level: Level,
}

/// Notices kept at most; the oldest goes first.
const MAX_NOTICES: usize = 6;

/// Adds a notice: one info at a time, the same error or warning not repeated, at most
/// [`MAX_NOTICES`] (the oldest goes first).
pub fn push(notices: &mut Vec<Notice>, level: Level, text: String) {
    notices.retain(|n| n.level != Level::Info && !(n.level == level && n.text == text));
    notices.push(Notice { text, level });
    if notices.len() > MAX_NOTICES {
        notices.remove(0);
    }
}
