//! Minimal files of each kind for the tests, and a throw-away store folder.
use std::path::PathBuf;

/// A PDF header and the smallest trailer.
pub fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec()
}

/// A 1x1 grey PNG.
pub fn png() -> Vec<u8> {
    vec![
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a,
        0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60,
        0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]
}

/// A JPEG start of image and JFIF APP0 header.
pub fn jpeg() -> Vec<u8> {
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9".to_vec()
}

/// A GIF header.
pub fn gif() -> Vec<u8> {
    b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec()
}

/// A WebP container header.
pub fn webp() -> Vec<u8> {
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00".to_vec()
}

/// A ZIP of empty stored entries with these names: local headers, central directory, end
/// record.
pub fn zip_with(names: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for name in names {
        let offset = out.len() as u32;
        let n = name.len() as u16;
        out.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
        out.extend_from_slice(&[0; 12]); // crc, compressed and uncompressed size
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        central.extend_from_slice(b"PK\x01\x02\x14\x00\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&n.to_le_bytes());
        central.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let start = out.len() as u32;
    let count = names.len() as u16;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00");
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// A Word document's parts.
pub fn docx() -> Vec<u8> {
    zip_with(&["[Content_Types].xml", "_rels/.rels", "word/document.xml"])
}

/// An OLE compound file header followed by a directory entry named `stream`.
pub fn ole_with(stream: &str) -> Vec<u8> {
    let mut out = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec();
    out.resize(512, 0);
    out.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
    out.resize(1024, 0);
    out
}

/// A fresh folder under the system's temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let id = crate::backend::tokens::random_hex::<8>().expect("randomness");
        let path = std::env::temp_dir().join(format!("materials-test-{id}"));
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
