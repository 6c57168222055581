//! The files on disk: `<root>/<first two hex digits>/<sha256 hex>`, written once per content
//! (a temporary file in the same folder, then a rename), readable only by the server's user.
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{check_content, safe_name, Kind, MaterialError};
use crate::backend::tokens::random_hex;

/// The largest material accepted: 10 MiB.
pub const MAX_MATERIAL_BYTES: u64 = 10 * 1024 * 1024;

/// Where materials are kept unless configured otherwise: beside the default SQLite database
/// ([`DEFAULT_DATABASE_URL`](crate::backend::db::DEFAULT_DATABASE_URL)) under `data/`, outside
/// the site root.
pub const DEFAULT_UPLOAD_DIR: &str = "data/uploads";

/// A material as stored: what the application records to find, show and serve it again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    /// SHA-256 of the content, 64 lower-case hex digits: the key for [`MaterialStore::open`].
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// The kind, from the content.
    pub kind: Kind,
    /// The content type to serve it with, from the kind (never the browser's word).
    pub content_type: &'static str,
    /// The applicant's file name, checked by [`safe_name`], to show and offer on download.
    pub file_name: String,
}

/// The store of uploaded materials, rooted at a folder that is created on first use.
#[derive(Clone, Debug)]
pub struct MaterialStore {
    root: PathBuf,
}

impl Default for MaterialStore {
    fn default() -> Self {
        MaterialStore::new(DEFAULT_UPLOAD_DIR)
    }
}

/// Whether `hash` has the shape of a stored file's key: 64 lower-case hex digits.
pub fn valid_sha256(hash: &str) -> bool {
    hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl MaterialStore {
    /// A store kept under `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        MaterialStore { root: root.into() }
    }

    /// The folder the files are kept in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Checks an upload (size, name, type by content against the name and the declared type)
    /// and stores it, once per content. The route should also cap the request body near
    /// [`MAX_MATERIAL_BYTES`] so that nothing much larger is read into memory.
    pub async fn put(
        &self,
        bytes: Vec<u8>,
        declared_name: &str,
        declared_type: Option<&str>,
    ) -> Result<StoredFile, MaterialError> {
        let store = self.clone();
        let name = declared_name.to_string();
        let declared = declared_type.map(str::to_string);
        blocking(move || store.put_now(&bytes, &name, declared.as_deref())).await
    }

    /// The content of the file with this hash. A malformed hash is refused before the disk is
    /// touched; a file that no longer matches its hash is an I/O error, not content.
    pub async fn open(&self, sha256: &str) -> Result<Vec<u8>, MaterialError> {
        if !valid_sha256(sha256) {
            return Err(MaterialError::NotFound);
        }
        let path = self.path_of(sha256);
        let hash = sha256.to_string();
        blocking(move || {
            let bytes = fs::read(&path).map_err(|e| match e.kind() {
                io::ErrorKind::NotFound => MaterialError::NotFound,
                _ => MaterialError::Io(e),
            })?;
            if hex(&Sha256::digest(&bytes)) != hash {
                let detail = format!("{} does not match its hash", path.display());
                return Err(io::Error::new(io::ErrorKind::InvalidData, detail).into());
            }
            Ok(bytes)
        })
        .await
    }

    /// Where the file with a (valid) hash lives.
    fn path_of(&self, sha256: &str) -> PathBuf {
        self.root.join(&sha256[..2]).join(sha256)
    }

    fn put_now(
        &self,
        bytes: &[u8],
        declared_name: &str,
        declared_type: Option<&str>,
    ) -> Result<StoredFile, MaterialError> {
        let size = bytes.len() as u64;
        if size == 0 {
            return Err(MaterialError::Empty);
        }
        if size > MAX_MATERIAL_BYTES {
            return Err(MaterialError::TooLarge {
                limit: MAX_MATERIAL_BYTES,
            });
        }
        let file_name = safe_name(declared_name)?;
        let kind = check_content(bytes, &file_name, declared_type)?;
        let sha256 = hex(&Sha256::digest(bytes));
        self.write_once(&sha256, bytes)?;
        Ok(StoredFile {
            sha256,
            size,
            kind,
            content_type: kind.content_type(),
            file_name,
        })
    }

    /// Writes `bytes` under their hash unless a complete copy is there already.
    fn write_once(&self, sha256: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(sha256);
        if fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64) {
            return Ok(());
        }
        let dir = path.parent().unwrap_or(&self.root);
        private_dirs(dir)?;
        let suffix = random_hex::<8>().ok_or_else(|| io::Error::other("no randomness"))?;
        let temp = dir.join(format!(".tmp-{suffix}"));
        let written = write_private(&temp, bytes).and_then(|()| fs::rename(&temp, &path));
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written
    }
}

/// Runs disk and hashing work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, MaterialError> + Send + 'static,
) -> Result<T, MaterialError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| MaterialError::Io(io::Error::other(e)))?
}

/// Creates `dir` and its parents, readable only by the server's user where the system allows.
fn private_dirs(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Writes a new file readable only by the server's user, and flushes it to disk.
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::super::samples::*;
    use super::*;

    #[tokio::test]
    async fn stores_by_hash_and_reads_back() {
        let dir = TempDir::new();
        let store = MaterialStore::new(&dir.0);
        let stored = store
            .put(pdf(), " 营业执照.pdf ", Some("application/pdf"))
            .await
            .unwrap();
        assert_eq!(stored.kind, Kind::Pdf);
        assert_eq!(stored.content_type, "application/pdf");
        assert_eq!(stored.file_name, "营业执照.pdf");
        assert_eq!(stored.size, pdf().len() as u64);
        assert!(valid_sha256(&stored.sha256));
        let path = dir.0.join(&stored.sha256[..2]).join(&stored.sha256);
        assert_eq!(fs::read(&path).unwrap(), pdf());
        assert_eq!(store.open(&stored.sha256).await.unwrap(), pdf());
    }

    #[tokio::test]
    async fn identical_content_is_stored_once() {
        let dir = TempDir::new();
        let store = MaterialStore::new(&dir.0);
        let a = store.put(png(), "a.png", None).await.unwrap();
        let b = store.put(png(), "b.png", None).await.unwrap();
        assert_eq!(a.sha256, b.sha256);
        assert_eq!(b.file_name, "b.png");
        let folder = dir.0.join(&a.sha256[..2]);
        let entries: Vec<_> = fs::read_dir(&folder).unwrap().collect();
        assert_eq!(entries.len(), 1, "one file, no temporary left over");
    }

    #[tokio::test]
    async fn refuses_empty_too_large_and_bad_uploads_without_writing() {
        let dir = TempDir::new();
        let store = MaterialStore::new(dir.0.join("uploads"));
        let e = store.put(Vec::new(), "a.pdf", None).await.unwrap_err();
        assert_eq!(e.to_string(), "The file is empty.");

        let mut big = pdf();
        big.resize(MAX_MATERIAL_BYTES as usize + 1, b' ');
        let e = store.put(big, "a.pdf", None).await.unwrap_err();
        assert_eq!(e.to_string(), "The file is larger than the limit of 10 MB.");

        let e = store.put(pdf(), "../a.pdf", None).await.unwrap_err();
        assert!(matches!(e, MaterialError::BadName { .. }), "{e}");
        let e = store.put(png(), "a.pdf", None).await.unwrap_err();
        assert!(matches!(e, MaterialError::Mismatch { .. }), "{e}");
        let e = store.put(b"MZ\x90\0".to_vec(), "a.exe", None).await;
        assert!(matches!(e, Err(MaterialError::NotAccepted)));
        assert!(!store.root().exists(), "nothing was written");
    }

    #[tokio::test]
    async fn accepts_a_file_of_exactly_the_limit() {
        let dir = TempDir::new();
        let store = MaterialStore::new(&dir.0);
        let mut bytes = pdf();
        bytes.resize(MAX_MATERIAL_BYTES as usize, b' ');
        let stored = store.put(bytes, "a.pdf", None).await.unwrap();
        assert_eq!(stored.size, MAX_MATERIAL_BYTES);
    }

    #[tokio::test]
    async fn open_refuses_paths_and_malformed_hashes() {
        let dir = TempDir::new();
        let store = MaterialStore::new(dir.0.join("uploads"));
        fs::write(dir.0.join("secret"), b"secret").unwrap();
        let stored = store.put(gif(), "a.gif", None).await.unwrap();
        for bad in [
            "../etc/passwd".to_string(),
            "../secret".to_string(),
            stored.sha256.to_uppercase(),
            format!("{}/", &stored.sha256[..63]),
            stored.sha256[..63].to_string(),
            format!("{}0", stored.sha256),
            "g".repeat(64),
            String::new(),
        ] {
            let e = store.open(&bad).await.unwrap_err();
            assert!(matches!(e, MaterialError::NotFound), "{bad}: {e}");
        }
        let missing = "0".repeat(64);
        assert!(matches!(
            store.open(&missing).await,
            Err(MaterialError::NotFound)
        ));
    }

    #[tokio::test]
    async fn open_refuses_a_file_changed_on_disk() {
        let dir = TempDir::new();
        let store = MaterialStore::new(&dir.0);
        let stored = store.put(jpeg(), "a.jpg", None).await.unwrap();
        let path = dir.0.join(&stored.sha256[..2]).join(&stored.sha256);
        fs::write(&path, b"changed").unwrap();
        let e = store.open(&stored.sha256).await.unwrap_err();
        assert!(matches!(e, MaterialError::Io(_)), "{e}");
    }

    #[test]
    fn the_default_folder_is_beside_the_default_database() {
        let db = crate::backend::db::DEFAULT_DATABASE_URL;
        assert!(db.starts_with("sqlite://data/"));
        assert_eq!(MaterialStore::default().root(), Path::new("data/uploads"));
    }
}
