//! The commands that need no sandbox: keys, signatures, webhook verification and one
//! signed call.

use std::io::{Read, Write};
use std::path::Path;

use pikepay::client::{CallOptions, Client};
use pikepay::{HttpMethod, PrivateKey, PublicKey};

use crate::ClientArgs;

/// The bytes of `file`, or of standard input for `-`.
pub fn read_input(file: &str) -> Result<Vec<u8>, String> {
    if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(bytes);
    }
    std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))
}

fn read_file(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read the {what} {}: {e}", path.display()))
}

/// The private key in `path`.
pub fn private_key(path: &Path) -> Result<PrivateKey, String> {
    PrivateKey::from_pem_or_der(read_file(path, "private key")?).map_err(|e| e.to_string())
}

fn public_key(path: &Path) -> Result<PublicKey, String> {
    PublicKey::from_pem_or_der(read_file(path, "public key")?).map_err(|e| e.to_string())
}

/// `keygen`: writes a fresh key pair.
pub fn keygen(private_out: &Path, public_out: Option<&Path>) -> Result<(), String> {
    eprintln!("generating a 2048-bit RSA key pair…");
    let pair = pikepay::testing::generate_key_pair().map_err(|e| e.to_string())?;
    write_private(private_out, &pair.private_pem)?;
    eprintln!("private key written to {}", private_out.display());
    match public_out {
        Some(path) => {
            std::fs::write(path, &pair.public_pem)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!("public key written to {}", path.display());
        }
        None => print!("{}", pair.public_pem),
    }
    Ok(())
}

/// Writes a private key readable by its owner only.
fn write_private(path: &Path, pem: &str) -> Result<(), String> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    file.write_all(pem.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `sign`: prints the signature of a file's bytes.
pub fn sign(file: &str, key: &Path) -> Result<(), String> {
    let body = read_input(file)?;
    let signature = private_key(key)?.sign(&body).map_err(|e| e.to_string())?;
    println!("{signature}");
    Ok(())
}

/// `verify`: checks a signature over a file's bytes.
pub fn verify(file: &str, signature: &str, key: &Path) -> Result<(), String> {
    let body = read_input(file)?;
    public_key(key)?
        .verify(&body, signature.trim())
        .map_err(|e| e.to_string())?;
    println!("signature OK");
    Ok(())
}

/// `webhook verify`: verifies and parses a webhook as an endpoint would.
pub fn webhook_verify(file: &str, signature: &str, key: &Path) -> Result<(), String> {
    let body = read_input(file)?;
    let webhook = pikepay::Webhook::new(public_key(key)?);
    let event = webhook
        .construct_event(&body, signature.trim())
        .map_err(|e| e.to_string())?;
    println!("signature OK");
    let kind = event.kind().map_or("(not a string)", |k| k.as_str());
    println!("type: {kind}");
    println!("session: {}", event.session_id().unwrap_or("(none)"));
    println!("dedupe key: {}", pikepay::webhook::dedupe_key(&body));
    Ok(())
}

/// A client for the project in `args`.
pub fn client(args: &ClientArgs) -> Result<Client, String> {
    Client::builder()
        .project(&args.project)
        .private_key(private_key(&args.private_key)?)
        .base_url(&args.base_url)
        .user_agent_suffix("pikepay-cli")
        .build()
        .map_err(|e| e.to_string())
}

/// `request`: one signed call; prints the answer with secrets redacted.
pub async fn request(
    method: &str,
    path: &str,
    body: &str,
    idempotency_key: Option<String>,
    args: &ClientArgs,
) -> Result<(), String> {
    let method = match method.to_ascii_uppercase().as_str() {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        other => return Err(format!("METHOD must be GET or POST, not '{other}'")),
    };
    let body = match body.strip_prefix('@') {
        Some(file) => read_input(file)?,
        None if body == "-" => read_input(body)?,
        None => body.as_bytes().to_vec(),
    };
    let body: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| format!("BODY is not JSON: {e}"))?;
    let opts = CallOptions {
        idempotency_key,
        ..CallOptions::default()
    };
    let reply = client(args)?
        .request(method, path, body, &opts)
        .await
        .map_err(|e| match e.idempotency_key() {
            Some(key) => format!("{e} (idempotency key {key})"),
            None => e.to_string(),
        })?;
    if let Some(key) = &reply.idempotency_key {
        eprintln!("idempotency key: {key}");
    }
    let shown = pikepay::redact::redact_json(&reply.body);
    println!(
        "{}",
        serde_json::to_string_pretty(&shown).map_err(|e| e.to_string())?
    );
    Ok(())
}
