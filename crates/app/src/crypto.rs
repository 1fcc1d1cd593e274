//! Secrets: random tokens, their hashes, keyed signatures, and password hashing.

use aws_lc_rs::{digest, hmac, rand::SecureRandom};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A random, URL-safe secret with 256 bits of entropy.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // The system RNG only fails when the OS cannot provide randomness at all; aborting is
    // safer than handing out a predictable token.
    #[expect(clippy::expect_used, reason = "no safe fallback for a broken system RNG")]
    aws_lc_rs::rand::SystemRandom::new().fill(&mut bytes).expect("system random generator");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What we store instead of a token: a leaked table then opens no session and no link.
pub fn token_hash(token: &str) -> String {
    hex::encode(digest::digest(&digest::SHA256, token.as_bytes()))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(digest::digest(&digest::SHA256, bytes))
}

/// HMAC-SHA256 of `message` under the instance's secret key, URL-safe.
pub fn sign(secret: &[u8], message: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    URL_SAFE_NO_PAD.encode(hmac::sign(&key, message.as_bytes()))
}

/// Whether `signature` is `sign(secret, message)`, compared in constant time.
pub fn verify(secret: &[u8], message: &str, signature: &str) -> bool {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    URL_SAFE_NO_PAD.decode(signature).is_ok_and(|sig| hmac::verify(&key, message.as_bytes(), &sig).is_ok())
}

/// Argon2id with the crate's recommended parameters, as a PHC string.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    use argon2::PasswordHasher;
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    use argon2::PasswordVerifier;
    argon2::PasswordHash::new(phc)
        .is_ok_and(|hash| argon2::Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// Hashing is deliberately slow: keep it off the async executor's threads.
pub async fn hash_password_blocking(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_password(&password)).await?
}

pub async fn verify_password_blocking(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || verify_password(&password, &phc)).await.unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hashes_stable() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), token_hash(&b));
    }

    #[test]
    fn signatures_verify_only_for_their_message_and_key() {
        let sig = sign(b"key", "message");
        assert!(verify(b"key", "message", &sig));
        assert!(!verify(b"key", "other", &sig));
        assert!(!verify(b"other key", "message", &sig));
        assert!(!verify(b"key", "message", "not base64!"));
    }

    #[test]
    fn passwords_hash_and_verify() {
        let phc = hash_password("correct horse battery").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &phc));
        assert!(!verify_password("wrong horse battery", &phc));
        assert!(!verify_password("x", "not a hash"));
    }
}
