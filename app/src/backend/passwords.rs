//! Passwords: Argon2id hashing on a blocking thread, the rules a new password must meet, and
//! the normal form of a sign-in address.
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::wire::errors::AppError;

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 12;

/// Argon2 computations allowed at once. Each takes 19 MiB and a core for tens of
/// milliseconds; without a cap, 40 parallel sign-ins took the server from 150 to 930 MB.
/// Further ones wait their turn (the wait is part of the answer time, the same for everyone).
pub const MAX_PARALLEL_HASHES: usize = 2;

/// Argon2 computations running now, and a signal when one ends. The limit is kept on the
/// blocking threads themselves (not by an async semaphore), so it holds across runtimes and a
/// cancelled request can never keep a slot.
static SLOTS: (std::sync::Mutex<usize>, std::sync::Condvar) =
    (std::sync::Mutex::new(0), std::sync::Condvar::new());

/// A slot among the [`MAX_PARALLEL_HASHES`]; freed when dropped, even on a panic.
struct Slot;

impl Slot {
    fn take() -> Slot {
        let (count, freed) = &SLOTS;
        let mut n = count.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= MAX_PARALLEL_HASHES {
            n = freed.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let (count, freed) = &SLOTS;
        *count.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        freed.notify_one();
    }
}

/// Runs one Argon2 computation on a blocking thread, within [`MAX_PARALLEL_HASHES`].
async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(move || {
        let _slot = Slot::take();
        #[cfg(test)]
        let _running = tests::Running::start();
        work()
    })
    .await
    .ok()
}

/// Hashes a password with Argon2id and a fresh random salt (PHC string format).
pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|e| AppError::invalid(format!("no randomness available: {e}")))?;
    hashing(move || {
        let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::invalid(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::invalid(e.to_string()))
    })
    .await
    .ok_or_else(|| AppError::invalid("the password could not be hashed"))?
}

/// Checks a password against a stored hash, on a blocking thread.
pub(super) async fn verify_password(hash: String, password: &str) -> bool {
    let password = password.to_owned();
    hashing(move || {
        PasswordHash::new(&hash)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash to verify against when the address is unknown, so the answer takes as long.
pub(super) const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0v3S7oW0c0Xr9QyO0n8t8m3E1bqK0a3gE4p2kK0x1ZQ";

/// Checks a proposed password; returns the message to show when it is not acceptable.
pub fn password_problem(password: &str, email: &str) -> Option<String> {
    if password.chars().count() < MIN_PASSWORD {
        return Some(format!(
            "The password must be at least {MIN_PASSWORD} characters long."
        ));
    }
    if password.chars().count() > 256 {
        return Some("The password must be at most 256 characters long.".into());
    }
    if password.eq_ignore_ascii_case(email) {
        return Some("The password must not be the e-mail address.".into());
    }
    None
}

pub(super) fn normalise_email(email: &str) -> Result<String, AppError> {
    let e = email.trim().to_lowercase();
    let valid = e.len() <= 254
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
        })
        && !e.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(e)
    } else {
        Err(AppError::invalid(
            "Enter an e-mail address such as name@example.org.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static RUNNING: AtomicUsize = AtomicUsize::new(0);
    static MOST: AtomicUsize = AtomicUsize::new(0);

    /// Counts the Argon2 computations running, and the most seen at once.
    pub(super) struct Running;
    impl Running {
        pub(super) fn start() -> Running {
            let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
            MOST.fetch_max(now, Ordering::SeqCst);
            Running
        }
    }
    impl Drop for Running {
        fn drop(&mut self) {
            RUNNING.fetch_sub(1, Ordering::SeqCst);
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_than_the_cap_of_hashes_run_at_once() {
        let h = hash_password("correct horse battery").await.unwrap();
        let checks: Vec<_> = (0..12)
            .map(|i| {
                let h = h.clone();
                tokio::spawn(async move { verify_password(h, &format!("wrong {i}")).await })
            })
            .collect();
        for c in checks {
            assert!(!c.await.unwrap());
        }
        let most = MOST.load(Ordering::SeqCst);
        assert!(
            (1..=MAX_PARALLEL_HASHES).contains(&most),
            "{most} ran at once"
        );
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert!(password_problem("short", "a@b.cn").is_some());
        assert!(password_problem("a-long-enough-passphrase", "a@b.cn").is_none());
        assert!(normalise_email("no-at-sign").is_err());
        assert_eq!(normalise_email(" A@B.cn ").unwrap(), "a@b.cn");
    }

    #[tokio::test]
    async fn hashes_verify() {
        let h = hash_password("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(h.clone(), "correct horse battery").await);
        assert!(!verify_password(h, "wrong horse battery").await);
        // The dummy hash parses, so unknown addresses cost the same work.
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
