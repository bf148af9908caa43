//! Writing results: to standard output, or to `--out` without ever destroying
//! anything.
//!
//! * `-` is standard output.
//! * A symlink is followed: its target is written, the link stays a link.
//! * Anything that is not a regular file (a FIFO, a terminal, `/dev/full`) is
//!   opened and written directly: no temporary file, no rename, so it stays
//!   what it is and a failed write is reported. A file with hard links is
//!   rewritten in place, so every link sees the new text.
//! * `/dev/stdout`, `/dev/fd/N` and `/proc/self/fd/N` are appended to, as they
//!   stand: `--out /dev/stdout >> log` adds to the log.
//! * A regular file (or a new one) is replaced atomically: the text goes to a
//!   temporary file beside it (`.NAME.knead-PID.tmp`), is flushed to disk, takes
//!   the old file's permissions, and is renamed over it. On failure the
//!   temporary file is removed and the old file is untouched; temporary files
//!   left by a killed knead are removed by the next write to the same target.
//! * A path the command reads is refused ([`refuse_inputs`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use miette::{IntoDiagnostic, WrapErr};

/// Whether to colour standard output: a terminal, and `NO_COLOR` unset.
pub fn colour_stdout() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether `out` means standard output (absent, or `-`).
pub fn is_stdout(out: Option<&Path>) -> bool {
    out.is_none_or(|p| p.as_os_str() == "-")
}

/// Writes `text` to `out` (see the module docs), or to standard output.
pub fn emit(out: Option<&Path>, text: &str) -> miette::Result<()> {
    match out {
        Some(path) if !is_stdout(Some(path)) => write_file(path, text.as_bytes())
            .into_diagnostic()
            .wrap_err_with(|| format!("could not write {}", path.display())),
        _ => {
            let mut stdout = io::stdout().lock();
            // A closed pipe (`knead plan | head`) is not an error worth reporting.
            match stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
            {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                r => r
                    .into_diagnostic()
                    .wrap_err("could not write to standard output"),
            }
        }
    }
}

/// The file a path finally names: symlinks followed (even dangling ones, whose
/// target is created), up to 40 levels as the kernel allows.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Whether `path` names an already-open file of this process (`/dev/stdout`,
/// `/dev/fd/N`, `/proc/self/fd/N`): it is written where it stands, appending,
/// so `knead ... --out /dev/stdout >> log` adds to the log as `>>` asks.
fn is_open_descriptor(path: &Path) -> bool {
    let p = path.to_string_lossy();
    [
        "/dev/stdout",
        "/dev/stderr",
        "/dev/fd/",
        "/proc/self/fd/",
        "/proc/thread-self/fd/",
    ]
    .iter()
    .any(|prefix| p == prefix.trim_end_matches('/') || p.starts_with(prefix))
}

fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if is_open_descriptor(path) {
        let mut f = OpenOptions::new().append(true).open(path)?;
        f.write_all(bytes)?;
        return f.flush();
    }
    // The kernel follows symlinks here.
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(io::Error::other("is a folder; expected a file name")),
        Ok(m) if !m.is_file() || has_other_links(&m) => {
            // A FIFO, a device, a terminal: written into as it is. A file with
            // hard links is rewritten in place, so every link keeps seeing it.
            let mut f = OpenOptions::new()
                .write(true)
                .truncate(m.is_file())
                .open(path)?;
            f.write_all(bytes)?;
            f.flush()
        }
        Ok(m) => replace_atomically(&fs::canonicalize(path)?, bytes, Some(m)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // A new file, or a dangling symlink whose target is created.
            replace_atomically(&resolve(path)?, bytes, None)
        }
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn has_other_links(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    m.nlink() > 1
}

#[cfg(not(unix))]
fn has_other_links(_: &fs::Metadata) -> bool {
    false
}

/// The temporary file's name for `name` in the process `pid`.
fn temp_name(name: &str, pid: u32) -> String {
    format!(".{name}.knead-{pid}.tmp")
}

fn replace_atomically(target: &Path, bytes: &[u8], old: Option<fs::Metadata>) -> io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::other("expected a file name"))?;
    remove_stale_temporaries(&dir, &name);
    let tmp = dir.join(temp_name(&name, std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        if let Some(old) = &old {
            keep_owner_and_mode(&f, old);
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(unix)]
fn keep_owner_and_mode(f: &File, old: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    // Ownership can only be given away by root; for anyone else the new file
    // is already theirs, as the old one was when they could replace it.
    let _ = std::os::unix::fs::fchown(f, Some(old.uid()), Some(old.gid()));
    let _ = f.set_permissions(old.permissions());
}

#[cfg(not(unix))]
fn keep_owner_and_mode(f: &File, old: &fs::Metadata) {
    let _ = f.set_permissions(old.permissions());
}

/// Removes `.NAME.knead-PID.tmp` files in `dir` whose process is gone (a knead
/// killed mid-write). Where processes cannot be looked up, only files more
/// than a day old are removed.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let prefix = format!(".{name}.knead-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid, &entry) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn process_alive(pid: u32, entry: &fs::DirEntry) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    let day = std::time::Duration::from_secs(24 * 3600);
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age < day)
}

/// Refuses an `--out` that names a file the command reads (or one it would
/// read inside a folder it reads): the input would be lost.
pub fn refuse_inputs(out: Option<&Path>, inputs: &[&Path]) -> miette::Result<()> {
    let Some(out) = out.filter(|o| !is_stdout(Some(o))) else {
        return Ok(());
    };
    let Ok(target) = resolve(out) else {
        return Ok(());
    };
    let target = absolute(&target);
    for input in inputs {
        if input.as_os_str() == "-" {
            continue;
        }
        let same = match (fs::metadata(&target), fs::metadata(input)) {
            (Ok(a), Ok(b)) => same_file(&a, &b),
            _ => false,
        };
        let inside_read_folder = fs::metadata(input).is_ok_and(|m| m.is_dir())
            && target.starts_with(absolute(input))
            && is_activity_file(&target);
        if same || inside_read_folder {
            return Err(crate::exit::usage(format!(
                "--out {} is {} this command reads; choose another file so it is not overwritten",
                out.display(),
                if same {
                    format!("{}, a file", input.display())
                } else {
                    format!("an activity file inside {}, a folder", input.display())
                }
            )));
        }
    }
    Ok(())
}

/// Whether a history import reads `path` when it lies in a folder it is given:
/// FIT, GPX and TCX files, their `.gz` copies, zip archives and a Strava
/// export's `activities.csv`.
fn is_activity_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name == "activities.csv"
        || [".fit", ".gpx", ".tcx", ".zip"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

fn absolute(p: &Path) -> PathBuf {
    fs::canonicalize(p)
        .or_else(|_| {
            // A file not there yet: its folder, canonical, and its name.
            match (p.parent(), p.file_name()) {
                (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => {
                    fs::canonicalize(dir).map(|d| d.join(name))
                }
                (_, Some(name)) => std::env::current_dir().map(|d| d.join(name)),
                _ => Err(io::Error::other("no file name")),
            }
        })
        .unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised_as_stale_only_for_their_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A pid that cannot be running (above the kernel's pid_max).
        let stale = dir.path().join(temp_name("plan.ics", 4_999_999));
        let other = dir.path().join(temp_name("other.ics", 4_999_999));
        fs::write(&stale, "x").expect("write");
        fs::write(&other, "x").expect("write");
        remove_stale_temporaries(dir.path(), "plan.ics");
        assert!(!stale.exists());
        assert!(other.exists());
    }
}
