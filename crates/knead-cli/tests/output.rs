//! `--out` never destroys anything, inputs are never overwritten, options
//! never swallow the plan file, and exit statuses are as documented.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn knead() -> Command {
    let mut c = Command::cargo_bin("knead").expect("binary built");
    c.env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1800000000");
    c
}

fn fixtures(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(sub)
}

fn example(dir: &Path) -> PathBuf {
    let p = dir.join("plan.toml");
    std::fs::write(&p, knead_formats::example::MARATHON_TOML).unwrap();
    p
}

#[cfg(unix)]
#[test]
fn out_through_a_symlink_updates_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.ics");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.ics");
    std::os::unix::fs::symlink("real.ics", &link).unwrap();
    knead()
        .args(["plan", "--format", "ics", "--out"])
        .arg(&link)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("BEGIN:VCALENDAR")
    );
}

#[cfg(unix)]
#[test]
fn out_keeps_an_existing_file_s_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("private.json");
    std::fs::write(&out, "{}").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    knead()
        .args(["plan", "--format", "json", "--out"])
        .arg(&out)
        .assert()
        .success();
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("knead-schedule/2")
    );
}

#[cfg(unix)]
#[test]
fn out_to_a_fifo_writes_into_it_and_leaves_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    knead()
        .args(["plan", "--format", "json", "--out"])
        .arg(&fifo)
        .assert()
        .success();
    let got = reader.join().unwrap();
    assert!(got.contains("knead-schedule/2"));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn out_to_a_full_device_is_a_failure_and_stays_a_device() {
    use std::os::unix::fs::FileTypeExt;
    knead()
        .args(["plan", "--format", "json", "--out", "/dev/full"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("could not write /dev/full"));
    assert!(
        std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn out_dev_stdout_writes_to_the_pipe() {
    knead()
        .args(["plan", "--format", "json", "--out", "/dev/stdout"])
        .assert()
        .success()
        .stdout(predicate::str::contains("knead-schedule/2"));
}

#[cfg(target_os = "linux")]
#[test]
fn out_dev_stdout_appended_to_a_file_keeps_what_was_there() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.txt");
    std::fs::write(&log, "earlier line\n").unwrap();
    let file = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("knead"))
        .args(["plan", "--format", "json", "--out", "/dev/stdout"])
        .stdout(file)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.starts_with("earlier line\n"),
        "{}",
        &text[..40.min(text.len())]
    );
    assert!(text.contains("knead-schedule/2"));
}

#[cfg(unix)]
#[test]
fn out_to_a_hard_linked_file_updates_every_link() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    std::fs::write(&a, "old").unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    knead()
        .args(["plan", "--format", "json", "--out"])
        .arg(&a)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&b)
            .unwrap()
            .contains("knead-schedule/2")
    );
}

#[cfg(unix)]
#[test]
fn out_through_a_dangling_symlink_creates_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("made.json", &link).unwrap();
    knead()
        .args(["plan", "--format", "json", "--out"])
        .arg(&link)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(dir.path().join("made.json"))
            .unwrap()
            .contains("knead-schedule/2")
    );
}

#[test]
fn out_dash_is_standard_output() {
    knead()
        .args(["plan", "--format", "json", "--out", "-"])
        .assert()
        .success()
        .stdout(predicate::str::contains("knead-schedule/2"));
}

#[test]
fn a_temporary_file_left_by_a_killed_write_is_cleaned_up() {
    let dir = tempfile::tempdir().unwrap();
    // A pid above any kernel's pid_max: that process is gone.
    let stale = dir.path().join(".plan.ics.knead-4999999.tmp");
    std::fs::write(&stale, "half").unwrap();
    knead()
        .args(["plan", "--format", "ics", "--out"])
        .arg(dir.path().join("plan.ics"))
        .assert()
        .success();
    assert!(!stale.exists());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["plan.ics"]);
}

/// Runs `args` with `--out` set to `input`, expects a refusal, and checks the
/// input is untouched.
fn refused(args: &[&str], input: &Path) {
    let before = std::fs::read(input).unwrap();
    knead()
        .args(args)
        .arg("--out")
        .arg(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("this command reads"));
    assert_eq!(std::fs::read(input).unwrap(), before, "{}", input.display());
}

#[test]
fn out_never_overwrites_what_the_command_reads() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path());
    let p = plan.to_str().unwrap();
    refused(&["plan", p], &plan);

    let cal = dir.path().join("c.ics");
    std::fs::copy(fixtures("ics/daily_recur.ics"), &cal).unwrap();
    refused(&["plan", p, "--calendar", cal.to_str().unwrap()], &cal);

    let tcx = dir.path().join("a.tcx");
    std::fs::copy(fixtures("tcx/test.tcx"), &tcx).unwrap();
    refused(&["activities", tcx.to_str().unwrap()], &tcx);
    refused(&["load", tcx.to_str().unwrap(), "--plan", p], &plan);
    // An activity file inside a folder given as history.
    refused(&["activities", dir.path().to_str().unwrap()], &tcx);

    let yaml = dir.path().join("t.yaml");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../knead-formats/plans/higdon_nov_mara1.yaml"),
        &yaml,
    )
    .unwrap();
    refused(
        &["template", yaml.to_str().unwrap(), "--race", "2027-04-25"],
        &yaml,
    );
}

#[test]
fn history_takes_one_path_and_never_swallows_the_plan_file() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("bad-booking.toml");
    // The example with a booking on race day: a broken rule, exit 1.
    let text = knead_formats::example::MARATHON_TOML.replace(
        "{ date = 2027-04-23, type = \"swedish\" }",
        "{ date = 2027-04-24, type = \"deep\" }",
    );
    assert!(text.contains("2027-04-24, type = \"deep\""));
    std::fs::write(&plan, text).unwrap();
    knead()
        .arg("check")
        .arg("--history")
        .arg(fixtures("tcx"))
        .arg(&plan)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("built-in example").not())
        .stdout(predicate::str::contains("R-"));
}

#[test]
fn the_built_in_example_is_announced_for_every_format() {
    for format in ["text", "json", "ics", "markdown"] {
        knead()
            .args(["plan", "--format", format])
            .assert()
            .success()
            .stderr(predicate::str::contains("built-in example"));
    }
}

#[test]
fn check_and_explain_need_a_plan_file() {
    knead()
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<FILE>"));
    knead()
        .args(["explain", "2027-01-22"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<DATE>"));
}

#[test]
fn a_plan_file_can_come_from_standard_input() {
    knead()
        .args(["plan", "-", "--format", "json"])
        .write_stdin(knead_formats::example::MARATHON_TOML)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"athlete\": \"Alex Example\""))
        .stderr(predicate::str::contains("built-in example").not());
    knead()
        .args(["check", "-", "--calendar", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("more than once"));
}

#[test]
fn usage_errors_exit_2_and_runtime_errors_exit_3() {
    knead().args(["plan", "--format", "pdf"]).assert().code(2);
    knead()
        .args(["rules", "--grade", "E"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected A, B, C or D"));
    knead().args(["plan", "--budget", "-5"]).assert().code(2);
    knead().args(["plan", "no-such-file.toml"]).assert().code(3);
}

#[test]
fn completions_and_man_page() {
    knead()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_knead"));
    knead()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH knead"));
}

#[test]
fn history_that_cannot_be_read_names_every_file_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.gpx");
    std::fs::write(&bad, "<gpx><trk>").unwrap();
    knead()
        .arg("plan")
        .arg("--history")
        .arg(&bad)
        .arg("--history")
        .arg(fixtures("tcx/malformed.tcx"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("broken.gpx"))
        .stderr(predicate::str::contains("malformed.tcx"));
}

#[test]
fn check_on_a_calendar_cut_short_says_its_answer_is_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path());
    let cal = dir.path().join("clinic.ics");
    // The second booking's event is cut off mid-way, as a failed download leaves it.
    std::fs::write(
        &cal,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20270105\r\nSUMMARY:Sports massage\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20270",
    )
    .unwrap();
    let out = knead()
        .arg("check")
        .arg(&plan)
        .arg("--calendar")
        .arg(&cal)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("INCOMPLETE"), "{stdout}");
    assert!(!stdout.contains("checked: no rule broken."), "{stdout}");
    assert!(stderr.contains("clinic.ics:9"), "{stderr}");
    assert!(stderr.contains("cut short"), "{stderr}");
    let json = knead()
        .arg("check")
        .arg(&plan)
        .arg("--calendar")
        .arg(&cal)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        v["damaged_inputs"][0]
            .as_str()
            .unwrap()
            .ends_with("clinic.ics")
    );
}

#[test]
fn a_history_with_an_unreadable_file_is_a_finding() {
    knead()
        .arg("plan")
        .arg("--history")
        .arg(fixtures("tcx/test.tcx"))
        .arg("--history")
        .arg(fixtures("tcx/malformed.tcx"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("history: skipped"))
        .stderr(predicate::str::contains("malformed.tcx"));
}
