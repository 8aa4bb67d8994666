//! `pikepay-codegen [--out DIR]`: writes the generated files (Python surface, Node
//! resource table and declarations, the operation list for the cross-language shape
//! tests, the error classes and the generated regions of the hand-written files that
//! list them) under DIR, by default the current directory (the repository root).
//! `scripts/generate` runs it and, with `--check`, compares its output with the
//! committed files.

mod api;
mod errors;
mod python;
mod shape;
mod typescript;

use std::path::PathBuf;
use std::process::ExitCode;

/// One generated file: its path under the repository root and its text.
pub struct Generated {
    /// Path relative to the repository root, e.g. `python/pikepay/models.py`.
    pub path: &'static str,
    /// The whole file.
    pub text: String,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pikepay-codegen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut out = PathBuf::from(".");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = args.next().ok_or("--out needs a directory")?.into(),
            other => return Err(format!("unknown argument {other:?} (usage: [--out DIR])")),
        }
    }
    let api = api::Api::from_core()?;
    let mut files = python::emit(&api)?;
    files.push(shape::operations_json(&api));
    files.extend(typescript::emit(&api)?);
    files.extend(errors::emit()?);
    for file in files {
        let path = out.join(file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, file.text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("{}", file.path);
    }
    Ok(())
}
