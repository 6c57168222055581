//! What a file is, decided by its content (its first bytes and, for office documents, the
//! names of the parts inside), and whether the name and declared type agree with it.
use super::MaterialError;

/// The kinds of material accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// PDF document.
    Pdf,
    /// PNG image.
    Png,
    /// JPEG image.
    Jpeg,
    /// GIF image.
    Gif,
    /// WebP image.
    Webp,
    /// Word document (Office Open XML).
    Docx,
    /// Excel workbook (Office Open XML).
    Xlsx,
    /// PowerPoint presentation (Office Open XML).
    Pptx,
    /// Word 97-2003 document (OLE compound file).
    Doc,
    /// Excel 97-2003 workbook (OLE compound file).
    Xls,
    /// PowerPoint 97-2003 presentation (OLE compound file).
    Ppt,
}

impl Kind {
    /// Every kind, in the order the accepted types are listed.
    pub const ALL: [Kind; 11] = [
        Kind::Pdf,
        Kind::Png,
        Kind::Jpeg,
        Kind::Gif,
        Kind::Webp,
        Kind::Docx,
        Kind::Xlsx,
        Kind::Pptx,
        Kind::Doc,
        Kind::Xls,
        Kind::Ppt,
    ];

    /// The content type a file of this kind is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Kind::Doc => "application/msword",
            Kind::Xls => "application/vnd.ms-excel",
            Kind::Ppt => "application/vnd.ms-powerpoint",
        }
    }

    /// The extensions (lower case, without the dot) a file of this kind may be named with;
    /// the first is the usual one.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Kind::Pdf => &["pdf"],
            Kind::Png => &["png"],
            Kind::Jpeg => &["jpg", "jpeg"],
            Kind::Gif => &["gif"],
            Kind::Webp => &["webp"],
            Kind::Docx => &["docx"],
            Kind::Xlsx => &["xlsx"],
            Kind::Pptx => &["pptx"],
            Kind::Doc => &["doc"],
            Kind::Xls => &["xls"],
            Kind::Ppt => &["ppt"],
        }
    }

    /// What the kind is, with its article, for messages ("a PNG image").
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Pdf => "a PDF document",
            Kind::Png => "a PNG image",
            Kind::Jpeg => "a JPEG image",
            Kind::Gif => "a GIF image",
            Kind::Webp => "a WebP image",
            Kind::Docx => "a Word document (.docx)",
            Kind::Xlsx => "an Excel workbook (.xlsx)",
            Kind::Pptx => "a PowerPoint presentation (.pptx)",
            Kind::Doc => "a Word 97-2003 document (.doc)",
            Kind::Xls => "an Excel 97-2003 workbook (.xls)",
            Kind::Ppt => "a PowerPoint 97-2003 presentation (.ppt)",
        }
    }

    /// A short stable code, for a database column (the usual extension).
    pub fn code(self) -> &'static str {
        self.extensions()[0]
    }

    /// The kind with this [`code`](Kind::code).
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Whether a browser's declared content type fits this kind. Browsers send
    /// `application/octet-stream` for types they do not know, and some older aliases.
    fn fits_declared(self, declared: &str) -> bool {
        let zip = ["application/zip", "application/x-zip-compressed"];
        declared == self.content_type()
            || declared == "application/octet-stream"
            || match self {
                Kind::Pdf => declared == "application/x-pdf",
                Kind::Jpeg => declared == "image/jpg" || declared == "image/pjpeg",
                Kind::Docx | Kind::Xlsx | Kind::Pptx => zip.contains(&declared),
                _ => false,
            }
    }
}

/// The kind of `bytes` by their content alone, or `None` if it is none of the accepted kinds.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"%PDF-") {
        Some(Kind::Pdf)
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        Some(Kind::Png)
    } else if starts(b"\xff\xd8\xff") {
        Some(Kind::Jpeg)
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some(Kind::Gif)
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(Kind::Webp)
    } else if starts(b"PK\x03\x04") {
        ooxml_kind(bytes)
    } else if starts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        ole_kind(bytes)
    } else {
        None
    }
}

/// The kind of `bytes`, checked against the extension of `file_name` and against the content
/// type the browser declared (if any): the content decides, the name and type must agree.
pub fn check_content(
    bytes: &[u8],
    file_name: &str,
    declared_type: Option<&str>,
) -> Result<Kind, MaterialError> {
    let kind = sniff(bytes).ok_or(MaterialError::NotAccepted)?;
    let extension = match file_name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => ext.to_lowercase(),
        _ => {
            return Err(MaterialError::BadName {
                reason: format!(
                    "The file name has no extension. Its content is {}, so name it .{}.",
                    kind.describe(),
                    kind.code()
                ),
            })
        }
    };
    if !kind.extensions().contains(&extension.as_str()) {
        return Err(MaterialError::Mismatch {
            named: format!(".{}", shown(&extension)),
            content: kind.describe().to_string(),
        });
    }
    let declared = declared_type
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if !declared.is_empty() && !kind.fits_declared(&declared) {
        return Err(MaterialError::Declared {
            declared: shown(&declared),
            content: kind.describe().to_string(),
        });
    }
    Ok(kind)
}

/// Client text fit to repeat in a message: short and printable, else a placeholder.
fn shown(text: &str) -> String {
    let plain = text.len() <= 80 && text.chars().all(|c| !c.is_control());
    if plain {
        text.to_string()
    } else {
        "another type".to_string()
    }
}

/// An Office Open XML document: a ZIP whose parts include `[Content_Types].xml` and the main
/// folder of Word, Excel or PowerPoint. The part names are read from the ZIP's central
/// directory; any other ZIP is refused.
fn ooxml_kind(bytes: &[u8]) -> Option<Kind> {
    let names = zip_names(bytes)?;
    if !names.iter().any(|n| *n == b"[Content_Types].xml") {
        return None;
    }
    let parts: [(&[u8], Kind); 3] = [
        (b"word/", Kind::Docx),
        (b"xl/", Kind::Xlsx),
        (b"ppt/", Kind::Pptx),
    ];
    parts
        .into_iter()
        .find(|(folder, _)| names.iter().any(|n| n.starts_with(folder)))
        .map(|(_, kind)| kind)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 2)?;
    Some(u16::from_le_bytes([b[0], b[1]]) as usize)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// The entry names in a ZIP's central directory, or `None` if it cannot be read.
fn zip_names(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    // The end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB.
    const EOCD: &[u8] = b"PK\x05\x06";
    let last = bytes.len().checked_sub(22)?;
    let first = last.saturating_sub(u16::MAX as usize);
    let eocd = (first..=last)
        .rev()
        .find(|&i| bytes[i..].starts_with(EOCD))?;
    let count = u16_at(bytes, eocd + 10)?;
    let mut at = u32_at(bytes, eocd + 16)?;
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        if bytes.get(at..at + 4)? != b"PK\x01\x02" {
            return None;
        }
        let name_len = u16_at(bytes, at + 28)?;
        let extra_len = u16_at(bytes, at + 30)?;
        let comment_len = u16_at(bytes, at + 32)?;
        names.push(bytes.get(at + 46..at + 46 + name_len)?);
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(names)
}

/// A Word, Excel or PowerPoint 97-2003 file: an OLE compound file with the main stream of one
/// of them (stream names are stored in UTF-16). Other compound files (installers, mail) are
/// refused.
fn ole_kind(bytes: &[u8]) -> Option<Kind> {
    let streams = [
        ("WordDocument", Kind::Doc),
        ("Workbook", Kind::Xls),
        ("Book\0", Kind::Xls),
        ("PowerPoint Document", Kind::Ppt),
    ];
    streams.into_iter().find_map(|(name, kind)| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let found = bytes.windows(utf16.len()).any(|w| w == utf16.as_slice());
        found.then_some(kind)
    })
}

#[cfg(test)]
mod tests {
    use super::super::samples::*;
    use super::*;

    #[test]
    fn knows_each_accepted_kind_by_content() {
        let cases = [
            (pdf(), "a.pdf", Kind::Pdf),
            (png(), "a.png", Kind::Png),
            (jpeg(), "a.JPG", Kind::Jpeg),
            (jpeg(), "a.jpeg", Kind::Jpeg),
            (gif(), "a.gif", Kind::Gif),
            (webp(), "a.webp", Kind::Webp),
            (docx(), "a.docx", Kind::Docx),
            (
                zip_with(&["[Content_Types].xml", "xl/workbook.xml"]),
                "a.xlsx",
                Kind::Xlsx,
            ),
            (
                zip_with(&["[Content_Types].xml", "ppt/presentation.xml"]),
                "a.pptx",
                Kind::Pptx,
            ),
            (ole_with("WordDocument"), "a.doc", Kind::Doc),
            (ole_with("Workbook"), "a.xls", Kind::Xls),
            (ole_with("PowerPoint Document"), "a.ppt", Kind::Ppt),
        ];
        for (bytes, name, kind) in cases {
            assert_eq!(sniff(&bytes), Some(kind), "{name}");
            assert_eq!(check_content(&bytes, name, None).unwrap(), kind, "{name}");
            let declared = Some(kind.content_type());
            assert_eq!(check_content(&bytes, name, declared).unwrap(), kind);
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
        }
    }

    #[test]
    fn refuses_other_content() {
        let others: [&[u8]; 6] = [
            b"MZ\x90\x00\x03\x00\x00\x00",
            b"#!/bin/sh\nrm -rf /\n",
            b"<html><script>alert(1)</script></html>",
            b"PK\x03\x04",
            &zip_with(&["evil.exe", "readme.txt"]),
            &ole_with("SummaryInformation"),
        ];
        for bytes in others {
            assert_eq!(sniff(bytes), None);
            let e = check_content(bytes, "a.pdf", None).unwrap_err();
            assert_eq!(
                e.to_string(),
                "This file is not a PDF, image or office document."
            );
        }
        // Content types without the Word, Excel or PowerPoint part (a NuGet package, say).
        assert_eq!(
            sniff(&zip_with(&["[Content_Types].xml", "lib/a.dll"])),
            None
        );
    }

    #[test]
    fn refuses_a_name_or_type_that_does_not_fit_the_content() {
        let e = check_content(&png(), "scan.pdf", None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "The file is named .pdf but its content is a PNG image."
        );
        let e = check_content(&pdf(), "notes.txt", None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "The file is named .txt but its content is a PDF document."
        );
        let e = check_content(&pdf(), "scan", None).unwrap_err();
        assert!(e.to_string().contains("no extension"), "{e}");
        assert!(e.to_string().contains(".pdf"), "{e}");
        let e = check_content(&pdf(), "scan.pdf", Some("image/png")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "The file was sent as image/png but its content is a PDF document."
        );
    }

    #[test]
    fn accepts_the_usual_declared_types() {
        let ok = |bytes: &[u8], name: &str, declared: &str| {
            check_content(bytes, name, Some(declared)).is_ok()
        };
        assert!(ok(&pdf(), "a.pdf", "application/octet-stream"));
        assert!(ok(&pdf(), "a.pdf", "Application/PDF; charset=binary"));
        assert!(ok(&pdf(), "a.pdf", ""));
        assert!(ok(&jpeg(), "a.jpg", "image/pjpeg"));
        assert!(ok(&docx(), "a.docx", "application/zip"));
        assert!(!ok(&docx(), "a.docx", "application/msword"));
    }
}
