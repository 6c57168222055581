//! Why a material was refused, in words the applicant understands.
use crate::wire::errors::AppError;

/// The form field the refusals of a material are shown next to.
pub const FILE_FIELD: &str = "file";

/// A material refused, not found, or not stored.
#[derive(Debug, thiserror::Error)]
pub enum MaterialError {
    /// Larger than the limit, in bytes.
    #[error("The file is larger than the limit of {} MB.", limit / (1024 * 1024))]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// No bytes at all.
    #[error("The file is empty.")]
    Empty,
    /// The file name is missing, too long, or looks like a path.
    #[error("{reason}")]
    BadName {
        /// What is wrong with the name and what to do.
        reason: String,
    },
    /// The content is of no accepted type.
    #[error("This file is not a PDF, image or office document.")]
    NotAccepted,
    /// The name's extension does not fit the content.
    #[error("The file is named {named} but its content is {content}.")]
    Mismatch {
        /// The extension the name ends in, with its dot.
        named: String,
        /// What the content is, with its article ("a PNG image").
        content: String,
    },
    /// The content type the browser declared does not fit the content.
    #[error("The file was sent as {declared} but its content is {content}.")]
    Declared {
        /// The declared type (cleaned for display).
        declared: String,
        /// What the content is, with its article.
        content: String,
    },
    /// No stored file has this hash (or the hash is malformed).
    #[error("No such file.")]
    NotFound,
    /// The disk failed, or a stored file no longer matches its hash. The detail is logged,
    /// never shown.
    #[error("The file could not be stored or read.")]
    Io(#[from] std::io::Error),
}

impl MaterialError {
    /// A short name for the refusal, for a page to say it in the reader's language.
    pub fn code(&self) -> &'static str {
        match self {
            MaterialError::TooLarge { .. } => "too_large",
            MaterialError::Empty => "empty",
            MaterialError::BadName { .. } => "bad_name",
            MaterialError::NotAccepted => "not_accepted",
            MaterialError::Mismatch { .. } | MaterialError::Declared { .. } => "mismatch",
            MaterialError::NotFound => "not_found",
            MaterialError::Io(_) => "failed",
        }
    }
}

impl From<MaterialError> for AppError {
    fn from(e: MaterialError) -> Self {
        match e {
            MaterialError::NotFound => AppError::NotFound,
            MaterialError::Io(cause) => crate::backend::error::from_io("materials", &cause),
            refused => AppError::field(FILE_FIELD, refused.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refusals_become_field_errors_and_io_stays_hidden() {
        let e: AppError = MaterialError::TooLarge {
            limit: 10 * 1024 * 1024,
        }
        .into();
        assert_eq!(
            e.message_for(FILE_FIELD),
            Some("The file is larger than the limit of 10 MB.")
        );
        assert_eq!(e.status(), 422);

        let e: AppError = MaterialError::NotFound.into();
        assert_eq!(e, AppError::NotFound);

        let io = std::io::Error::other("/secret/path: disk full");
        let e = crate::backend::error::scope("r-1".into(), async {
            AppError::from(MaterialError::Io(io))
        })
        .await;
        assert_eq!(
            e,
            AppError::Internal {
                request_id: "r-1".into()
            }
        );
        assert!(!e.to_string().contains("secret"));

        // A full disk is said plainly (503), still without the path.
        let full = std::io::Error::new(std::io::ErrorKind::StorageFull, "/secret/path");
        let e = crate::backend::error::scope("r-2".into(), async {
            AppError::from(MaterialError::Io(full))
        })
        .await;
        assert_eq!(e.status(), 503);
        assert!(matches!(&e, AppError::Unavailable { request_id, .. } if request_id == "r-2"));
        assert!(e.to_string().contains("storage is full"), "{e}");
        assert!(!e.to_string().contains("secret"));
    }
}
