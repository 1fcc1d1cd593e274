//! Each actor's RSA-2048 key pair, used to sign its ActivityPub requests.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine;

pub struct ActorKeys {
    /// SubjectPublicKeyInfo, PEM (`BEGIN PUBLIC KEY`), as ActivityPub peers expect.
    pub public_pem: String,
    /// PKCS#8, PEM (`BEGIN PRIVATE KEY`).
    pub private_pem: String,
}

/// Generates a key pair. Takes tens of milliseconds: run it off the async threads.
pub async fn generate() -> anyhow::Result<ActorKeys> {
    tokio::task::spawn_blocking(generate_blocking).await?
}

fn generate_blocking() -> anyhow::Result<ActorKeys> {
    let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| anyhow::anyhow!("RSA key generation failed"))?;
    let private =
        AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair).map_err(|_| anyhow::anyhow!("encoding private key"))?;
    let public = AsDer::<aws_lc_rs::encoding::PublicKeyX509Der>::as_der(pair.public_key())
        .map_err(|_| anyhow::anyhow!("encoding public key"))?;
    Ok(ActorKeys { public_pem: pem("PUBLIC KEY", public.as_ref()), private_pem: pem("PRIVATE KEY", private.as_ref()) })
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn generates_distinct_pem_pairs() {
        let a = super::generate().await.unwrap();
        let b = super::generate().await.unwrap();
        assert!(a.public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert!(a.private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        assert!(a.public_pem.lines().all(|l| l.len() <= 64));
        assert_ne!(a.public_pem, b.public_pem);
    }
}
