//! Writing results: atomically to a file, or to standard output.

use std::io::{IsTerminal, Write};
use std::path::Path;

use miette::{IntoDiagnostic, WrapErr};

/// Whether to colour standard output: a terminal, and `NO_COLOR` unset.
pub fn colour_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes `text` to `out` atomically (a temporary file in the same folder,
/// flushed, then renamed over the target), or to standard output.
pub fn emit(out: Option<&Path>, text: &str) -> miette::Result<()> {
    match out {
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`knead plan | head`) is not an error worth reporting.
            match stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
            {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r
                    .into_diagnostic()
                    .wrap_err("could not write to standard output"),
            }
        }
        Some(path) => write_atomically(path, text.as_bytes())
            .into_diagnostic()
            .wrap_err_with(|| format!("could not write {}", path.display())),
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Refuses an `--out` that names the input file: the plan would be lost.
pub fn refuse_overwriting_input(out: Option<&Path>, input: Option<&Path>) -> miette::Result<()> {
    if let (Some(out), Some(input)) = (out, input) {
        let same = match (std::fs::canonicalize(out), std::fs::canonicalize(input)) {
            (Ok(a), Ok(b)) => a == b,
            _ => out == input,
        };
        if same {
            return Err(miette::miette!(
                "--out {} is the plan file itself; choose another file so the plan is not overwritten",
                out.display()
            ));
        }
    }
    Ok(())
}

/// The time an export is stamped with: `SOURCE_DATE_EPOCH` (seconds, the
/// reproducible-builds convention) when set, else now.
pub fn export_time() -> jiff::Timestamp {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now)
}
