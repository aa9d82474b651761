//! Reading RON text with errors that name the file, line, column and field, in the user's terms.

/// A sheet, preset or checklist that could not be read: where, and what was expected.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ParseError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl ParseError {
    /// Wraps a RON error with the file it came from.
    pub fn from_ron(file: &str, err: &ron::error::SpannedError) -> Self {
        Self::at_path(file, err, "")
    }

    /// Wraps a RON error met at `path` (`workload.launch_date`), explained in the file's terms.
    pub fn at_path(file: &str, err: &ron::error::SpannedError, path: &str) -> Self {
        Self {
            file: file.to_owned(),
            line: err.span.start.line,
            column: err.span.start.col,
            message: explain(&err.code, path),
        }
    }
}

/// A RON error in the user's terms, naming the field it concerns.
fn explain(code: &ron::Error, path: &str) -> String {
    let mut path = path.trim_matches('.');
    if matches!(code, ron::Error::ExceededRecursionLimit) {
        // The path runs as deep as the nesting: name where it starts.
        path = path.split(['.', '[']).next().unwrap_or(path);
    }
    let last = path.rsplit('.').next().unwrap_or(path);
    let is_date = last.ends_with("date") || last == "as_of" || last == "done_on";
    let text = match code {
        ron::Error::ExceededRecursionLimit => {
            "nested more than 64 levels deep; expected a preset, sheet or checklist".to_owned()
        }
        ron::Error::IntegerOutOfBounds if last == "version" => {
            "expected the format version, a whole number such as 1".to_owned()
        }
        ron::Error::IntegerOutOfBounds => "expected a whole number within range".to_owned(),
        ron::Error::Message(_) | ron::Error::ExpectedString if is_date => {
            "expected a date \"YYYY-MM-DD\" (e.g. \"2027-03-01\")".to_owned()
        }
        other => other.to_string(),
    };
    let text = escape_controls(&text);
    if path.is_empty() {
        text
    } else {
        format!("{}: {text}", escape_controls(path))
    }
}

/// Whether `c` can break a line or reorder what follows it on screen: control characters
/// (including NEL, U+0085), the Unicode line and paragraph separators (U+2028, U+2029, line
/// breaks to YAML and JavaScript) and the bidirectional controls (U+202E reverses the rest).
pub fn is_line_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Characters that could break a line or reorder it written visibly (`\n`, `\u{1b}`,
/// `\u{202e}`), so that a message from a file or an argument stays one line, reads in order,
/// and cannot drive the terminal.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(is_line_unsafe) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else if is_line_unsafe(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Parses RON text into `T`, naming `file` in any error, and the field where it was met.
pub fn parse_ron<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // `field: value` for an optional field, as presets write it too.
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64);
    let mut de = ron::Deserializer::from_str_with_options(text, &options)
        .map_err(|e| ParseError::from_ron(file, &e))?;
    let mut track = serde_path_to_error::Track::new();
    let value = T::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
        .map_err(|e| ParseError::at_path(file, &de.span_error(e), &track.path().to_string()))?;
    de.end()
        .map_err(|e| ParseError::from_ron(file, &de.span_error(e)))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_bidi_controls_are_written_visibly() {
        for (raw, shown) in [
            ("a\nb", "a\\nb"),
            ("a\u{85}b", "a\\u{85}b"),
            ("a\u{2028}b", "a\\u{2028}b"),
            ("a\u{2029}b", "a\\u{2029}b"),
            ("a\u{202e}b", "a\\u{202e}b"),
            ("a\u{1b}[31mb", "a\\u{1b}[31mb"),
            ("plain é ü", "plain é ü"),
        ] {
            assert_eq!(escape_controls(raw), shown);
            assert!(!escape_controls(raw).chars().any(is_line_unsafe));
        }
    }
}
