//! Unguessable tokens: wizard sessions, stored results, staff sessions, record ids, request ids.
use super::db::DbError;

/// `N` random bytes in lower-case hex, or `None` when the system has no randomness to give.
pub fn random_hex<const N: usize>() -> Option<String> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A fresh unguessable token: 128 random bits in hex.
pub fn token() -> Result<String, DbError> {
    random_hex::<16>().ok_or_else(|| DbError::Corrupt("no randomness".into()))
}

/// Whether `t` has the shape of a [`token`].
pub fn valid_token(t: &str) -> bool {
    t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit())
}
