//! Fresh RSA key pairs as PEM text (for `keygen` and the sandbox's own webhook key).

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::KeyPair;
use aws_lc_rs::signature::KeyPair as _;
use pikepay::error::{Error, ErrorKind, Result};

/// A private key (PKCS#8 PEM) and its public half (SPKI PEM).
pub struct PemPair {
    /// `-----BEGIN PRIVATE KEY-----` text; never print it.
    pub private_pem: String,
    /// `-----BEGIN PUBLIC KEY-----` text.
    pub public_pem: String,
}

impl std::fmt::Debug for PemPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PemPair(<redacted>)")
    }
}

fn failed(what: &str) -> Error {
    Error::new(ErrorKind::Internal, format!("could not {what}"))
}

/// Generates a 2048-bit RSA key pair.
pub fn generate() -> Result<PemPair> {
    let pair = pikepay::testing::generate_key_pair()?;
    Ok(PemPair {
        private_pem: pair.private_pem,
        public_pem: pair.public_pem,
    })
}

/// The SPKI PEM of the public half of `private_pem`.
pub fn public_pem_of(private_pem: &str) -> Result<String> {
    let block = pem::parse(private_pem)
        .map_err(|e| Error::new(ErrorKind::InvalidKey, format!("malformed PEM: {e}")))?;
    let pair = KeyPair::from_pkcs8(block.contents())
        .or_else(|_| KeyPair::from_der(block.contents()))
        .map_err(|_| {
            Error::new(
                ErrorKind::InvalidKey,
                "signing key is not an RSA private key",
            )
        })?;
    let public = pair
        .public_key()
        .as_der()
        .map_err(|_| failed("encode the public key"))?;
    Ok(pem::encode(&pem::Pem::new("PUBLIC KEY", public.as_ref())))
}
