//! Uploaded files: multipart forms read field by field within the body limit,
//! and activity files or a Strava export zip read into activities. A bad file
//! stores nothing; the answer names the file (and the zip entry) and says what
//! was wrong.

use std::io::Read;

use axum::extract::Multipart;
use knead_formats::activity::{self, Import};

use crate::error::WebError;

/// A multipart form read into memory: text fields and files.
#[derive(Debug, Default)]
pub struct Fields {
    /// Text fields, in order.
    pub text: Vec<(String, String)>,
    /// Files: field name, file name, content.
    pub files: Vec<(String, String, Vec<u8>)>,
}

impl Fields {
    /// The first text field called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.text
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty file sent in field `name`.
    pub fn files(&self, name: &str) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter(move |(n, f, b)| n == name && !(f.is_empty() && b.is_empty()))
            .map(|(_, f, b)| (f.as_str(), b.as_slice()))
    }
}

/// Reads a whole multipart form (the router's body limit bounds its size).
///
/// # Errors
/// [`WebError::Invalid`] when the body is not a readable multipart form or is
/// over the limit.
pub async fn read(mut form: Multipart) -> Result<Fields, WebError> {
    let mut fields = Fields::default();
    loop {
        let field = form.next_field().await.map_err(bad_form)?;
        let Some(field) = field else { break };
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file) => {
                let bytes = field.bytes().await.map_err(bad_form)?;
                fields.files.push((name, clean_name(&file), bytes.to_vec()));
            }
            None => {
                let text = field.text().await.map_err(bad_form)?;
                fields.text.push((name, text));
            }
        }
    }
    Ok(fields)
}

fn bad_form(e: axum::extract::multipart::MultipartError) -> WebError {
    WebError::Invalid(format!(
        "upload: {} (files may be at most the size this server allows)",
        e.body_text()
    ))
}

/// An uploaded file's name without any folder part, for messages.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let base: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    // `.` and `..` name folders: as a file name they would write to one.
    if base.is_empty() || base == "." || base == ".." {
        "upload".into()
    } else {
        base
    }
}

/// An uploaded text file as UTF-8 (a byte-order mark dropped).
///
/// # Errors
/// [`WebError::Invalid`] naming the file when it is not UTF-8 text.
pub fn text(name: &str, bytes: &[u8]) -> Result<String, WebError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let line = bytes[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        WebError::Invalid(format!("{name}:{line}: expected UTF-8 text"))
    })
}

/// Reads uploaded activity files (FIT, GPX, TCX, each maybe `.gz`) and Strava
/// export zips. Every file must read: the first that does not is the error.
///
/// Zips are read entry by entry without unpacking to disk; an entry whose
/// name climbs out of the archive (`../`, an absolute path) is refused, and so
/// is an archive that would unpack to more than `max_unpacked` bytes.
///
/// # Errors
/// [`WebError::Invalid`] naming the file (`export.zip!activities/1.fit`) and
/// what was wrong.
pub fn activities(files: &[(&str, &[u8])], max_unpacked: u64) -> Result<Import, WebError> {
    let dir = tempfile::tempdir().map_err(|e| WebError::Internal(e.to_string()))?;
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    for (name, bytes) in files {
        if name.to_ascii_lowercase().ends_with(".zip") {
            check_zip(name, bytes, max_unpacked)?;
        }
        // Each upload under its own (cleaned) name, so messages name what the
        // runner sent; a second file of the same name gets a number.
        let mut file = clean_name(name);
        while paths
            .iter()
            .any(|p| p.file_name().is_some_and(|f| f == file.as_str()))
        {
            file = format!("1-{file}");
        }
        let path = dir.path().join(&file);
        std::fs::write(&path, bytes).map_err(|e| WebError::Internal(e.to_string()))?;
        paths.push(path);
    }
    let mut import = activity::import(&paths, None);
    let prefix = format!("{}/", dir.path().display());
    if let Some((_, error)) = import.errors.first() {
        return Err(WebError::Invalid(error.to_string().replace(&prefix, "")));
    }
    if import.activities.is_empty() {
        return Err(WebError::Invalid(
            "no activity found: expected .fit, .gpx or .tcx files (or .gz copies), or a Strava export .zip".into(),
        ));
    }
    for a in &mut import.activities {
        a.source = a.source.replace(&prefix, "");
    }
    Ok(import)
}

/// Refuses a zip whose entries escape its folder or that unpacks to more than
/// `max_unpacked` bytes (counted while reading, not from the headers alone).
fn check_zip(name: &str, bytes: &[u8], max_unpacked: u64) -> Result<(), WebError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| WebError::Invalid(format!("{name}: not a readable zip archive ({e})")))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| WebError::Invalid(format!("{name}: entry {i}: {e}")))?;
        let entry_name = entry.name().to_owned();
        // `enclosed_name` takes `/etc/x` (or `C:\x`) as `etc/x`: refuse
        // absolute names here, as unpackers that do not would write there.
        if entry.enclosed_name().is_none() || absolute(&entry_name) {
            return Err(WebError::Invalid(format!(
                "{name}!{entry_name}: entry name leaves the archive's folder; refused"
            )));
        }
        if entry.is_dir() {
            continue;
        }
        let left = max_unpacked.saturating_sub(total);
        let read = std::io::copy(&mut (&mut entry).take(left + 1), &mut std::io::sink())
            .map_err(|e| WebError::Invalid(format!("{name}!{entry_name}: {e}")))?;
        total += read;
        if total > max_unpacked {
            return Err(WebError::Invalid(format!(
                "{name}: unpacks to more than {} MB; refused",
                max_unpacked / 1_000_000
            )));
        }
    }
    Ok(())
}

/// Whether a zip entry's name is absolute: a leading slash or backslash, or a
/// drive letter.
fn absolute(name: &str) -> bool {
    let b = name.as_bytes();
    name.starts_with(['/', '\\']) || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        for (name, bytes) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn names_lose_their_folders() {
        assert_eq!(clean_name("C:\\Users\\me\\run.fit"), "run.fit");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name(""), "upload");
        assert_eq!(clean_name(".."), "upload");
        assert_eq!(clean_name("a/."), "upload");
    }

    #[test]
    fn escaping_entries_are_refused() {
        for name in [
            "../evil.gpx",
            "a/../../evil.gpx",
            "/etc/evil.gpx",
            "\\evil.gpx",
            "C:/evil.gpx",
        ] {
            let z = zip_of(&[("ok/run.gpx", b"<gpx/>"), (name, b"<gpx/>")]);
            let e = check_zip("export.zip", &z, 1 << 20).unwrap_err();
            assert!(
                e.message().contains(&format!("export.zip!{name}")),
                "{}",
                e.message()
            );
        }
        assert!(check_zip("x.zip", &zip_of(&[("a/./b/../run.gpx", b"x")]), 1 << 20).is_ok());
    }

    #[test]
    fn unpacked_size_is_bounded() {
        let big = vec![b'a'; 200_000];
        let z = zip_of(&[("a.gpx", &big), ("b.gpx", &big)]);
        assert!(check_zip("x.zip", &z, 1_000_000).is_ok());
        let e = check_zip("x.zip", &z, 300_000).unwrap_err();
        assert!(
            e.message().contains("unpacks to more than"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn text_must_be_utf8_and_says_where() {
        let e = text("plan.toml", b"a = 1\nb = \xff\n").unwrap_err();
        assert!(e.message().starts_with("plan.toml:2:"), "{}", e.message());
        assert_eq!(text("p", b"\xef\xbb\xbfx").unwrap(), "x");
    }
}
