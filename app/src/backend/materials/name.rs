//! The name a material is shown under: the applicant's own file name, kept as typed (Chinese
//! and other scripts included) but never anything that could be read as a path.
use super::MaterialError;

/// The longest file name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 120;

/// The file name to show and to offer on download, or why it is refused. Surrounding spaces
/// are dropped; a path, a parent reference (`..`), a drive letter or other colon, a hidden
/// name (leading `.`), control and direction-changing characters are refused.
pub fn safe_name(declared: &str) -> Result<String, MaterialError> {
    let name = declared.trim();
    let refuse = |reason: &str| {
        Err(MaterialError::BadName {
            reason: reason.to_string(),
        })
    };
    if name.is_empty() {
        return refuse("The file has no name. Choose the file again.");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(MaterialError::BadName {
            reason: format!(
                "The file name is longer than {MAX_NAME_CHARS} characters. Rename the file and try again."
            ),
        });
    }
    if name.contains('/') || name.contains('\\') {
        return refuse(
            "The file name contains a path (/ or \\). Send the file under its own name only.",
        );
    }
    if name.contains("..") {
        return refuse("The file name contains \"..\". Rename the file and try again.");
    }
    if name.contains(':') {
        return refuse(
            "The file name contains a colon, as in a drive letter (C:). Rename the file and try again.",
        );
    }
    if name.chars().any(|c| c.is_control() || is_direction_mark(c)) {
        return refuse("The file name contains control characters. Rename the file and try again.");
    }
    if name.starts_with('.') {
        return refuse("The file name starts with a dot. Rename the file and try again.");
    }
    Ok(name.to_string())
}

/// Characters that reorder the text around them, used to disguise an extension
/// (`invoice\u{202e}fdp.exe` shows as `invoiceexe.pdf`).
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(name: &str) -> String {
        match safe_name(name) {
            Err(MaterialError::BadName { reason }) => reason,
            other => panic!("{name:?} should be refused, got {other:?}"),
        }
    }

    #[test]
    fn keeps_ordinary_and_unicode_names() {
        assert_eq!(safe_name("report.pdf").unwrap(), "report.pdf");
        assert_eq!(
            safe_name("  营业执照 副本.jpg ").unwrap(),
            "营业执照 副本.jpg"
        );
        assert_eq!(safe_name("v1.2 plan.docx").unwrap(), "v1.2 plan.docx");
        let longest = "名".repeat(MAX_NAME_CHARS - 4) + ".pdf";
        assert_eq!(safe_name(&longest).unwrap(), longest);
    }

    #[test]
    fn refuses_path_like_names_with_a_reason() {
        let too_long = "a".repeat(MAX_NAME_CHARS - 3) + ".pdf";
        let cases = [
            ("", "no name"),
            ("   ", "no name"),
            ("../etc/passwd", "path"),
            ("a/b.pdf", "path"),
            ("C:\\Users\\me\\a.pdf", "path"),
            ("..pdf", ".."),
            ("C:a.pdf", "drive letter"),
            ("a.pdf:stream", "colon"),
            ("a\0.pdf", "control"),
            ("a\n.pdf", "control"),
            ("invoice\u{202e}fdp.exe", "control"),
            (".htaccess", "dot"),
            (too_long.as_str(), "longer than 120"),
        ];
        for (name, says) in cases {
            let reason = reason(name);
            assert!(reason.contains(says), "{name:?}: {reason}");
        }
    }
}
