//! RSA keys and signatures: RSASSA-PKCS1-v1_5 with SHA-256, base64-encoded.
//!
//! The output is byte-for-byte what `openssl dgst -sha256 -sign key.pem` produces.
//! Keys are parsed once and reused; parsing costs far more than signing.
//!
//! A parsed key belongs to the process that parsed it: a child made by `fork()` while
//! another thread was signing inherits a key object that is still marked in use, so each
//! key keeps its DER bytes (wiped when dropped) and a child parses them again on first
//! use. Nothing here takes a lock that a fork could leave held forever.

use std::fmt;
use std::sync::{Arc, LazyLock, Mutex};

use arc_swap::ArcSwap;
use zeroize::Zeroizing;

use aws_lc_rs::digest::{SHA256, digest};
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::error::KeyRejected;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, PublicKey as RsaPublicKey};
use aws_lc_rs::signature::{self, ParsedPublicKey, RSA_PKCS1_SHA256};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::error::{Error, ErrorKind, Result};

/// Smallest RSA modulus accepted, in bits.
pub const MIN_KEY_BITS: usize = 2048;

/// An RSA private key used to sign request bodies (or, in the sandbox, webhooks).
///
/// Cheap to clone, and safe to use in a child process after `fork()`. `Debug` shows only
/// the key size, never key material; the key bytes are wiped from memory when the last
/// clone is dropped.
#[derive(Clone)]
pub struct PrivateKey {
    pair: Arc<PerProcess<KeyPair>>,
    bits: usize,
}

/// An RSA public key used to verify signatures (Pike's key, for webhooks).
#[derive(Clone)]
pub struct PublicKey {
    key: Arc<PerProcess<ParsedPublicKey>>,
    bits: usize,
}

/// A key object parsed from `der` by `parse`, parsed again in each process that uses it.
struct PerProcess<T> {
    der: Zeroizing<Vec<u8>>,
    parse: fn(&[u8]) -> std::result::Result<T, KeyRejected>,
    current: ArcSwap<Parsed<T>>,
}

struct Parsed<T> {
    pid: u32,
    value: T,
}

impl<T> PerProcess<T> {
    /// `value` is what `parse` made of `der` in this process.
    fn new(
        der: Zeroizing<Vec<u8>>,
        parse: fn(&[u8]) -> std::result::Result<T, KeyRejected>,
        value: T,
    ) -> Self {
        PerProcess {
            der,
            parse,
            current: ArcSwap::from_pointee(Parsed {
                pid: std::process::id(),
                value,
            }),
        }
    }

    /// The key object of this process: parsed again when the process changed (a fork).
    fn get(&self) -> Result<Arc<Parsed<T>>> {
        let pid = std::process::id();
        let current = self.current.load_full();
        if current.pid == pid {
            return Ok(current);
        }
        let value = (self.parse)(&self.der)
            .map_err(|_| Error::new(ErrorKind::Internal, "key could not be parsed again"))?;
        let fresh = Arc::new(Parsed { pid, value });
        let previous = self.current.swap(Arc::clone(&fresh));
        if previous.pid != pid {
            // The parent's object may be mid-use by a thread that does not exist here:
            // never free it (nor take its locks) in this process.
            std::mem::forget(previous);
        }
        Ok(fresh)
    }
}

fn invalid_key(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidKey, msg)
}

/// The PEM labels we know, with what each means; the DER is wiped when dropped.
enum Input {
    Pkcs8(Zeroizing<Vec<u8>>),
    Pkcs1Private(Zeroizing<Vec<u8>>),
    Spki(Zeroizing<Vec<u8>>),
    Pkcs1Public(Zeroizing<Vec<u8>>),
}

fn classify(input: &[u8]) -> Result<Input> {
    let text = std::str::from_utf8(input)
        .ok()
        .filter(|t| t.contains("-----BEGIN "));
    let Some(text) = text else {
        // Not PEM: treat as DER and let the parsers decide which structure it is.
        if input.first() == Some(&0x30) {
            return Ok(Input::Pkcs8(Zeroizing::new(input.to_vec())));
        }
        return Err(invalid_key(
            "key is neither PEM (-----BEGIN ...-----) nor DER (ASN.1 SEQUENCE)",
        ));
    };
    if text.contains("Proc-Type: 4,ENCRYPTED") || text.contains("BEGIN ENCRYPTED PRIVATE KEY") {
        return Err(invalid_key(
            "key is encrypted with a passphrase; decrypt it first: openssl rsa -in k.pem -out plain.pem",
        ));
    }
    let block = pem::parse(text).map_err(|e| invalid_key(format!("malformed PEM: {e}")))?;
    let tag = block.tag().to_owned();
    let der = Zeroizing::new(block.into_contents());
    match tag.as_str() {
        "PRIVATE KEY" => Ok(Input::Pkcs8(der)),
        "RSA PRIVATE KEY" => Ok(Input::Pkcs1Private(der)),
        "PUBLIC KEY" => Ok(Input::Spki(der)),
        "RSA PUBLIC KEY" => Ok(Input::Pkcs1Public(der)),
        "EC PRIVATE KEY" | "OPENSSH PRIVATE KEY" | "DSA PRIVATE KEY" => Err(invalid_key(format!(
            "PEM block '{tag}' is not an RSA key; Pike uses RSA keys"
        ))),
        "CERTIFICATE" => Err(invalid_key(
            "PEM block is a certificate; supply the bare public key (openssl x509 -pubkey -noout)",
        )),
        other => Err(invalid_key(format!("unsupported PEM block '{other}'"))),
    }
}

fn rejected(what: &str, e: KeyRejected) -> Error {
    match e.description_() {
        "TooSmall" => invalid_key(format!(
            "{what} is smaller than {MIN_KEY_BITS} bits; generate a new one: openssl genrsa -out private.pem 2048"
        )),
        "TooLarge" => invalid_key(format!("{what} is larger than 8192 bits")),
        "WrongAlgorithm" => invalid_key(format!("{what} is not an RSA key; Pike uses RSA keys")),
        _ => invalid_key(format!("{what} could not be parsed as an RSA key")),
    }
}

/// True when `der` is a PKCS#8 or SPKI structure whose algorithm is not rsaEncryption.
fn is_other_algorithm(der: &[u8]) -> bool {
    const RSA_OID: &[u8] = &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
    ];
    const EC_OID: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    const ED25519_OID: &[u8] = &[0x06, 0x03, 0x2b, 0x65, 0x70];
    let has = |needle: &[u8]| der.windows(needle.len()).take(64).any(|w| w == needle);
    !has(RSA_OID) && (has(EC_OID) || has(ED25519_OID))
}

impl PrivateKey {
    /// Loads a private key from PEM (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`)
    /// or from DER (PKCS#8 or PKCS#1).
    pub fn from_pem_or_der(input: impl AsRef<[u8]>) -> Result<Self> {
        type Parse = fn(&[u8]) -> std::result::Result<KeyPair, KeyRejected>;
        let pkcs8: Parse = KeyPair::from_pkcs8;
        let pkcs1: Parse = KeyPair::from_der;
        let (der, parse, pair) = match classify(input.as_ref())? {
            Input::Pkcs8(der) => match KeyPair::from_pkcs8(&der) {
                Ok(p) => (der, pkcs8, p),
                Err(e) if e.description_() == "InvalidEncoding" => {
                    if is_other_algorithm(&der) {
                        return Err(invalid_key(
                            "private key is not an RSA key; Pike uses RSA keys",
                        ));
                    }
                    match KeyPair::from_der(&der) {
                        Ok(p) => (der, pkcs1, p),
                        Err(e2) if e2.description_() != "InvalidEncoding" => {
                            return Err(rejected("private key", e2));
                        }
                        Err(_) if looks_public(&der) => return Err(public_given()),
                        Err(_) => return Err(rejected("private key", e)),
                    }
                }
                Err(e) => return Err(rejected("private key", e)),
            },
            Input::Pkcs1Private(der) => {
                let pair = KeyPair::from_der(&der).map_err(|e| rejected("private key", e))?;
                (der, pkcs1, pair)
            }
            Input::Spki(_) | Input::Pkcs1Public(_) => return Err(public_given()),
        };
        let bits = pair.public_modulus_len() * 8;
        Ok(PrivateKey {
            pair: Arc::new(PerProcess::new(der, parse, pair)),
            bits,
        })
    }

    /// Signs `body` exactly as given; returns the base64 signature for `X-PARTNER-SIGN`.
    pub fn sign(&self, body: &[u8]) -> Result<String> {
        let pair = self.pair.get()?;
        let mut sig = vec![0u8; pair.value.public_modulus_len()];
        pair.value
            .sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), body, &mut sig)
            .map_err(|_| Error::new(ErrorKind::Internal, "RSA signing failed"))?;
        Ok(BASE64.encode(sig))
    }

    /// The matching public key.
    pub fn public_key(&self) -> Result<PublicKey> {
        use aws_lc_rs::signature::KeyPair as _;
        PublicKey::from_der(self.pair.get()?.value.public_key().as_ref())
    }

    /// Size of the modulus in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }
}

fn public_given() -> Error {
    invalid_key("a public key was given where a private key is needed")
}

fn looks_public(der: &[u8]) -> bool {
    RsaPublicKey::from_der(der).is_ok()
}

impl PublicKey {
    /// Loads a public key from PEM (SPKI `PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY`) or DER.
    pub fn from_pem_or_der(input: impl AsRef<[u8]>) -> Result<Self> {
        match classify(input.as_ref())? {
            Input::Spki(der) | Input::Pkcs1Public(der) => Self::from_der(&der),
            Input::Pkcs8(der) => {
                if KeyPair::from_pkcs8(&der).is_ok() || KeyPair::from_der(&der).is_ok() {
                    return Err(private_given());
                }
                Self::from_der(&der)
            }
            Input::Pkcs1Private(_) => Err(private_given()),
        }
    }

    fn from_der(der: &[u8]) -> Result<Self> {
        let key = RsaPublicKey::from_der(der).map_err(|e| {
            if is_other_algorithm(der) {
                invalid_key("public key is not an RSA key; Pike uses RSA keys")
            } else {
                rejected("public key", e)
            }
        })?;
        let bits = key.modulus_len() * 8;
        if bits < MIN_KEY_BITS {
            return Err(invalid_key(format!(
                "public key is {bits} bits, smaller than {MIN_KEY_BITS} bits"
            )));
        }
        let spki = key
            .as_der()
            .map_err(|_| invalid_key("public key could not be encoded"))?;
        let spki = Zeroizing::new(spki.as_ref().to_vec());
        let parse = |der: &[u8]| ParsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, der);
        let parsed = parse(&spki).map_err(|e| rejected("public key", e))?;
        Ok(PublicKey {
            key: Arc::new(PerProcess::new(spki, parse, parsed)),
            bits,
        })
    }

    /// Checks that `signature_b64` is a valid signature of exactly `body`.
    pub fn verify(&self, body: &[u8], signature_b64: &str) -> Result<()> {
        let sig = BASE64.decode(signature_b64.trim()).map_err(|_| {
            Error::new(
                ErrorKind::SignatureVerification,
                "signature is not valid base64",
            )
        })?;
        self.key.get()?.value.verify_sig(body, &sig).map_err(|_| {
            Error::new(
                ErrorKind::SignatureVerification,
                "signature does not match the body (wrong key, or the body was changed)",
            )
        })
    }

    /// Size of the modulus in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }
}

fn private_given() -> Error {
    invalid_key("a private key was given where a public key is needed; pass the public half")
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey(RSA-{}, <redacted>)", self.bits())
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey(RSA-{})", self.bits)
    }
}

/// How many parsed keys [`sign`] and [`verify`] each keep.
const KEY_CACHE_SIZE: usize = 8;

/// Recently parsed keys, found by the SHA-256 of the PEM/DER bytes they came from (the
/// bytes themselves are not kept). Most recently used last; the oldest is dropped when full.
///
/// The entries belong to one process: a forked child starts with an empty cache rather
/// than take a lock another thread of the parent may have held at the fork.
struct KeyCache<K> {
    current: ArcSwap<Entries<K>>,
}

struct Entries<K> {
    pid: u32,
    keys: Mutex<Vec<([u8; 32], K)>>,
}

impl<K> Entries<K> {
    fn empty() -> Self {
        Entries {
            pid: std::process::id(),
            keys: Mutex::new(Vec::new()),
        }
    }
}

impl<K: Clone> KeyCache<K> {
    fn new() -> Self {
        KeyCache {
            current: ArcSwap::from_pointee(Entries::empty()),
        }
    }

    /// This process's entries.
    fn entries(&self) -> Arc<Entries<K>> {
        let current = self.current.load_full();
        if current.pid == std::process::id() {
            return current;
        }
        let fresh = Arc::new(Entries::empty());
        let previous = self.current.swap(Arc::clone(&fresh));
        if previous.pid != fresh.pid {
            // Its lock may be held by a thread of the parent: never touch it here.
            std::mem::forget(previous);
        }
        fresh
    }

    /// The key parsed from `input`, from the cache or by `parse` (errors are not kept).
    fn get_or_parse(&self, input: &[u8], parse: impl FnOnce(&[u8]) -> Result<K>) -> Result<K> {
        let mut id = [0u8; 32];
        id.copy_from_slice(digest(&SHA256, input).as_ref());
        if let Some(key) = self.take_recent(&id) {
            return Ok(key);
        }
        let key = parse(input)?;
        let entries = self.entries();
        let mut keys = entries.keys.lock().unwrap_or_else(|e| e.into_inner());
        if !keys.iter().any(|(cached, _)| *cached == id) {
            if keys.len() >= KEY_CACHE_SIZE {
                keys.remove(0);
            }
            keys.push((id, key.clone()));
        }
        Ok(key)
    }

    /// The cached key with this id, moved to the most recently used place.
    fn take_recent(&self, id: &[u8; 32]) -> Option<K> {
        let entries = self.entries();
        let mut keys = entries.keys.lock().unwrap_or_else(|e| e.into_inner());
        let at = keys.iter().position(|(cached, _)| cached == id)?;
        let entry = keys.remove(at);
        let key = entry.1.clone();
        keys.push(entry);
        Some(key)
    }

    /// Drops every entry (a key still used elsewhere lives on there).
    fn clear(&self) {
        let entries = self.entries();
        let dropped = std::mem::take(&mut *entries.keys.lock().unwrap_or_else(|e| e.into_inner()));
        drop(dropped);
    }
}

static PRIVATE_KEYS: LazyLock<KeyCache<PrivateKey>> = LazyLock::new(KeyCache::new);
static PUBLIC_KEYS: LazyLock<KeyCache<PublicKey>> = LazyLock::new(KeyCache::new);

/// Forgets every key [`sign`] and [`verify`] keep parsed. A private key's bytes are wiped
/// from memory once no [`PrivateKey`] uses them any more (as on every drop); the next
/// call parses its key again. Call it after rotating keys, or to keep no key in memory.
pub fn clear_key_cache() {
    PRIVATE_KEYS.clear();
    PUBLIC_KEYS.clear();
}

/// Signs `body` with a key given as PEM or DER. The last few keys used are kept parsed,
/// so passing the same PEM on every call costs about what a loaded [`PrivateKey`] does.
pub fn sign(body: &[u8], private_key: impl AsRef<[u8]>) -> Result<String> {
    PRIVATE_KEYS
        .get_or_parse(private_key.as_ref(), |b| PrivateKey::from_pem_or_der(b))?
        .sign(body)
}

/// Verifies `signature_b64` over `body` with a key given as PEM or DER (the last few keys
/// used are kept parsed, as in [`sign`]).
pub fn verify(body: &[u8], signature_b64: &str, public_key: impl AsRef<[u8]>) -> Result<()> {
    PUBLIC_KEYS
        .get_or_parse(public_key.as_ref(), |b| PublicKey::from_pem_or_der(b))?
        .verify(body, signature_b64)
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn vector_keys() -> Vec<serde_json::Value> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/keys.json");
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).expect("keys.json")).expect("JSON");
        json["keys"].as_array().expect("keys").clone()
    }

    fn pem<'a>(key: &'a serde_json::Value, field: &str) -> &'a str {
        key[field].as_str().expect("PEM field")
    }

    #[test]
    fn the_same_bytes_are_parsed_once_and_give_the_same_key() {
        let cache = KeyCache::<PrivateKey>::new();
        let keys = vector_keys();
        let input = pem(&keys[0], "private_pkcs8_pem").as_bytes();
        let parses = Cell::new(0);
        let parse = |b: &[u8]| {
            parses.set(parses.get() + 1);
            PrivateKey::from_pem_or_der(b)
        };
        let first = cache.get_or_parse(input, parse).expect("first");
        let second = cache.get_or_parse(input, parse).expect("second");
        assert_eq!(parses.get(), 1);
        assert!(Arc::ptr_eq(&first.pair, &second.pair));
    }

    #[test]
    fn different_keys_stay_apart_and_the_least_recently_used_is_dropped_when_full() {
        let cache = KeyCache::<usize>::new();
        let parses = Cell::new(0);
        let parse = |b: &[u8]| {
            parses.set(parses.get() + 1);
            Ok(b.len())
        };
        let inputs: Vec<Vec<u8>> = (1..=KEY_CACHE_SIZE + 1).map(|n| vec![b'k'; n]).collect();
        for (i, input) in inputs.iter().take(KEY_CACHE_SIZE).enumerate() {
            assert_eq!(cache.get_or_parse(input, parse).expect("parse"), i + 1);
        }
        // Using the first again makes the second the oldest; one more key drops the second.
        assert_eq!(cache.get_or_parse(&inputs[0], parse).expect("hit"), 1);
        assert_eq!(parses.get(), KEY_CACHE_SIZE);
        cache
            .get_or_parse(&inputs[KEY_CACHE_SIZE], parse)
            .expect("new");
        assert_eq!(parses.get(), KEY_CACHE_SIZE + 1);
        cache.get_or_parse(&inputs[0], parse).expect("still kept");
        assert_eq!(parses.get(), KEY_CACHE_SIZE + 1);
        cache.get_or_parse(&inputs[1], parse).expect("parsed again");
        assert_eq!(parses.get(), KEY_CACHE_SIZE + 2);
        assert_eq!(
            cache.entries().keys.lock().expect("lock").len(),
            KEY_CACHE_SIZE
        );
    }

    #[test]
    fn a_key_that_fails_to_parse_is_not_kept() {
        let bad = b"-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
        for _ in 0..2 {
            let err = sign(b"{}", bad).expect_err("not a key");
            assert_eq!(err.kind(), ErrorKind::InvalidKey);
        }
        let cache = KeyCache::<PrivateKey>::new();
        let _ = cache.get_or_parse(bad, |b| PrivateKey::from_pem_or_der(b));
        assert!(cache.entries().keys.lock().expect("lock").is_empty());
    }

    #[test]
    fn a_cleared_cache_holds_no_key_and_parses_again() {
        let cache = KeyCache::<PrivateKey>::new();
        let keys = vector_keys();
        let input = pem(&keys[0], "private_pkcs8_pem").as_bytes();
        let parses = Cell::new(0);
        let parse = |b: &[u8]| {
            parses.set(parses.get() + 1);
            PrivateKey::from_pem_or_der(b)
        };
        let before = cache.get_or_parse(input, parse).expect("parse");
        cache.clear();
        assert!(cache.entries().keys.lock().expect("lock").is_empty());
        let after = cache.get_or_parse(input, parse).expect("parse again");
        assert_eq!(parses.get(), 2);
        assert_eq!(
            after.sign(b"{}").expect("sign"),
            before.sign(b"{}").expect("sign")
        );
        clear_key_cache();
        assert!(sign(b"{}", input).is_ok());
    }

    #[test]
    fn sign_and_verify_with_pem_agree_with_loaded_keys_for_every_key() {
        let body = br#"{"session_id":"ps_1"}"#;
        // Keys taken in turn, so calls alternate between cached keys; each signature must
        // be the one its own key makes and verify only with its own public key.
        let keys = vector_keys();
        for _ in 0..2 {
            for key in &keys {
                for field in ["private_pkcs8_pem", "private_pkcs1_pem"] {
                    let private = pem(key, field);
                    let expected = PrivateKey::from_pem_or_der(private)
                        .expect("key")
                        .sign(body)
                        .expect("sign");
                    let signature = sign(body, private).expect("sign with PEM");
                    assert_eq!(signature, expected);
                    verify(body, &signature, pem(key, "public_spki_pem")).expect("verify");
                    let tampered = br#"{"session_id":"ps_2"}"#;
                    let err = verify(tampered, &signature, pem(key, "public_pkcs1_pem"))
                        .expect_err("tampered body");
                    assert_eq!(err.kind(), ErrorKind::SignatureVerification);
                }
            }
        }
        let signature = sign(body, pem(&keys[0], "private_pkcs8_pem")).expect("sign");
        let err = verify(body, &signature, pem(&keys[1], "public_spki_pem"))
            .expect_err("another key's public half");
        assert_eq!(err.kind(), ErrorKind::SignatureVerification);
    }
}
