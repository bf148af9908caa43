//! The rule catalogue against the domain documents: every id of rules.md and
//! evidence.md is in the catalogue, entries are complete, sources follow
//! rules.md, and grades and qualifications follow evidence.md.

// The test reads the domain documents; the core itself reads no files.
#![allow(clippy::disallowed_methods)]

use std::collections::{BTreeMap, BTreeSet};

use knead_core::rules::{Category, Grade, Rule, Status, all, rule};

const RULES_MD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/domain/rules.md");
const EVIDENCE_MD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/domain/evidence.md");

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// The rules.md files to check: the domain contract's copy in docs/.
fn rules_mds() -> Vec<String> {
    vec![read(RULES_MD)]
}

/// The evidence.md files to check, like [`rules_mds`].
fn evidence_mds() -> Vec<String> {
    vec![read(EVIDENCE_MD)]
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every match of `\b(T|R|F|A|B|C)-[A-Z][A-Z-]+\b` in `text`, without a regex crate.
fn ids_in_text(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = text.chars().collect();
    let word_at = |i: usize| i < chars.len() && is_word(chars[i]);
    let mut found = BTreeSet::new();
    for start in 0..chars.len() {
        if !"TRFABC".contains(chars[start]) || (start > 0 && is_word(chars[start - 1])) {
            continue;
        }
        if chars.get(start + 1) != Some(&'-')
            || !chars.get(start + 2).is_some_and(|c| c.is_ascii_uppercase())
        {
            continue;
        }
        // Greedy `[A-Z-]+` after the first letter, then back off to a word boundary.
        let mut run_end = start + 3;
        while run_end < chars.len()
            && (chars[run_end].is_ascii_uppercase() || chars[run_end] == '-')
        {
            run_end += 1;
        }
        let end = (start + 4..=run_end)
            .rev()
            .find(|&end| word_at(end - 1) != word_at(end));
        if let Some(end) = end {
            found.insert(chars[start..end].iter().collect());
        }
    }
    found
}

/// Whether `s` is a whole rule id of the form the pattern above matches.
fn is_id(s: &str) -> bool {
    ids_in_text(s).iter().any(|id| id == s)
}

/// Cells of a markdown table row, trimmed.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

fn is_separator(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| ch == '-' || ch == ':'))
}

/// The source texts (`000`, `001`) named in a sources cell or heading.
fn parse_sources(text: &str) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    if text.contains("both sources") {
        set.insert("000".to_string());
        set.insert("001".to_string());
    }
    for s in ["000", "001"] {
        if text.contains(s) {
            set.insert(s.to_string());
        }
    }
    set
}

/// For each rule row of rules.md's tables: its id, the sources rules.md names for
/// it, and the whole row text. The sources are the `sources` column, or the
/// `status` column of the claims table ("both sources" = 000 and 001), or, for a
/// table with neither, the section heading (e.g. "Self-massage ... (000)").
fn rules_md_rows(text: &str) -> Vec<(String, BTreeSet<String>, String)> {
    let mut rows = Vec::new();
    let mut heading = String::new();
    let mut header: Option<Vec<String>> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if !trimmed.starts_with('|') {
            header = None;
            if trimmed.starts_with('#') {
                heading = trimmed.to_string();
            }
            continue;
        }
        let row = cells(trimmed);
        let Some(head) = &header else {
            header = Some(row);
            continue;
        };
        if is_separator(&row) {
            continue;
        }
        let id = row[0].clone();
        assert!(
            is_id(&id),
            "rules.md: table row without a rule id: {trimmed}"
        );
        let column = head
            .iter()
            .position(|h| h == "sources")
            .or_else(|| head.iter().position(|h| h == "status"));
        let source_text = match column {
            Some(i) => row.get(i).cloned().unwrap_or_default(),
            None => heading.clone(),
        };
        let sources = parse_sources(&source_text);
        assert!(
            !sources.is_empty(),
            "rules.md: no sources found for {id} in {source_text:?}"
        );
        rows.push((id, sources, trimmed.to_string()));
    }
    rows
}

/// Rows of evidence.md's §1 table: (ids, grade cell, qualification without quotes).
/// "F-MIN/F-MORE/F-BUDGET" gives three ids; the "depth order" row is T-DEPTH.
fn evidence_rows(text: &str) -> Vec<(Vec<String>, String, String)> {
    let mut rows = Vec::new();
    let mut in_section = false;
    for line in text.lines() {
        if line.starts_with("## ") {
            in_section = line.starts_with("## 1.");
            continue;
        }
        if !in_section || !line.trim().starts_with('|') {
            continue;
        }
        let row = cells(line);
        if row[0] == "id" || is_separator(&row) {
            continue;
        }
        assert_eq!(row.len(), 4, "evidence.md §1: expected 4 cells in {line}");
        let ids = if row[0] == "depth order" {
            vec!["T-DEPTH".to_string()]
        } else {
            row[0].split('/').map(|s| s.trim().to_string()).collect()
        };
        let qualification = row[3].trim_matches('"').to_string();
        rows.push((ids, row[2].clone(), qualification));
    }
    rows
}

fn get(id: &str) -> &'static Rule {
    rule(id).unwrap_or_else(|| panic!("{id} is missing from the catalogue"))
}

#[test]
fn id_scanner_matches_the_pattern() {
    let found = ids_in_text("(R-POST-RACE) T-DEEP, x-Y R-PRE-RACE-DEEP- B-a C-D aT-DEEP F-MIN.");
    let expected: BTreeSet<String> = ["R-POST-RACE", "T-DEEP", "R-PRE-RACE-DEEP", "F-MIN"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn every_rules_md_id_is_in_the_catalogue() {
    for text in rules_mds() {
        let ids = ids_in_text(&text);
        assert!(
            ids.len() >= 23,
            "rules.md should name at least 23 ids, found {ids:?}"
        );
        for id in &ids {
            assert!(
                rule(id).is_some(),
                "{id} (rules.md) is missing from the catalogue"
            );
        }
        // Every table row is a rule too (same ids, parsed the other way).
        for (id, _, _) in rules_md_rows(&text) {
            assert!(
                ids.contains(&id),
                "{id}: table row id not found by the pattern"
            );
        }
    }
}

#[test]
fn every_evidence_md_id_is_in_the_catalogue() {
    for text in evidence_mds() {
        let rows = evidence_rows(&text);
        assert!(
            rows.len() >= 20,
            "evidence.md §1 should have at least 20 rows, found {}",
            rows.len()
        );
        for (ids, _, _) in &rows {
            for id in ids {
                assert!(
                    rule(id).is_some(),
                    "{id} (evidence.md) is missing from the catalogue"
                );
            }
        }
        for id in ["X-WARMUP", "X-GUN-PRE"] {
            assert!(text.contains(id), "evidence.md no longer names {id}");
            assert_eq!(get(id).category, Category::Extra);
            assert_eq!(get(id).sources, &["evidence"]);
        }
    }
}

#[test]
fn grades_and_qualifications_follow_evidence_md() {
    for text in evidence_mds() {
        for (ids, grade, qualification) in evidence_rows(&text) {
            for id in ids {
                let r = get(&id);
                assert_eq!(r.grade_detail, grade, "{id}: grade detail");
                assert_eq!(r.qualification, qualification, "{id}: qualification");
            }
        }
    }
}

#[test]
fn ids_are_unique() {
    let mut seen = BTreeSet::new();
    for r in all() {
        assert!(seen.insert(r.id), "duplicate id {}", r.id);
    }
    assert_eq!(seen.len(), all().len());
}

#[test]
fn every_rule_is_complete() {
    assert!(!all().is_empty());
    for r in all() {
        assert!(!r.title.trim().is_empty(), "{}: empty title", r.id);
        assert!(!r.statement.trim().is_empty(), "{}: empty statement", r.id);
        assert!(!r.default.trim().is_empty(), "{}: empty default", r.id);
        assert!(
            !r.qualification.trim().is_empty(),
            "{}: empty qualification",
            r.id
        );
        assert!(!r.evidence.trim().is_empty(), "{}: empty evidence", r.id);
        assert!(
            !r.grade_detail.trim().is_empty(),
            "{}: empty grade detail",
            r.id
        );
        assert!(!r.sources.is_empty(), "{}: no sources", r.id);
        for s in r.sources {
            assert!(
                ["000", "001", "evidence", "knead"].contains(s),
                "{}: unknown source {s}",
                r.id
            );
        }
        assert!(!r.references.is_empty(), "{}: no reference", r.id);
        for reference in r.references {
            assert!(!reference.key.is_empty(), "{}: reference without key", r.id);
            assert!(
                reference.url.starts_with("https://") || reference.url.starts_with("http://"),
                "{}: reference {} has no http(s) URL: {}",
                r.id,
                reference.key,
                reference.url
            );
        }
        if let Some(c) = r.conflict {
            assert!(
                c.contains("DEFAULT"),
                "{}: conflict without a DEFAULT: {c}",
                r.id
            );
        }
    }
}

#[test]
fn grade_letter_appears_in_grade_detail() {
    for r in all() {
        let letters: Vec<Grade> = r
            .grade_detail
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() == 1)
            .filter_map(Grade::parse)
            .collect();
        assert!(
            letters.contains(&r.grade),
            "{}: grade {:?} not in {:?}",
            r.id,
            r.grade,
            r.grade_detail
        );
    }
}

#[test]
fn disputed_and_myth_claims() {
    let lactic = get("C-LACTIC");
    assert_eq!(lactic.status, Status::Disputed);
    assert_eq!(lactic.grade, Grade::D);
    assert!(lactic.conflict.is_some_and(|c| c.contains("000 vs 001")));

    let hydrate = get("R-HYDRATE");
    assert_eq!(hydrate.grade, Grade::D);
    assert_eq!(hydrate.status, Status::Applied);
    assert!(hydrate.statement.contains("thirst"));
    assert!(hydrate.statement.contains("myth"));
    assert!(
        hydrate
            .conflict
            .is_some_and(|c| c.contains("000") && c.contains("extra water"))
    );

    let circulation = get("B-CIRCULATION");
    assert_eq!(circulation.status, Status::Myth);
    assert_eq!(circulation.grade, Grade::D);

    let adhesions = get("B-ADHESIONS");
    assert_eq!(adhesions.status, Status::Myth);
    assert_eq!(adhesions.grade, Grade::D);
    assert_eq!(adhesions.grade_detail, "B (ROM) / D (mechanism)");

    assert_eq!(get("L-ACWR").grade, Grade::D);
}

#[test]
fn sources_follow_rules_md() {
    for text in rules_mds() {
        let rows = rules_md_rows(&text);
        assert!(
            rows.len() >= 23,
            "rules.md tables should hold at least 23 rules, found {}",
            rows.len()
        );
        for (id, expected, row) in rows {
            let r = get(&id);
            let listed: BTreeSet<String> = r
                .sources
                .iter()
                .filter(|s| **s == "000" || **s == "001")
                .map(|s| s.to_string())
                .collect();
            assert_eq!(
                listed, expected,
                "{id}: sources should be those rules.md names"
            );
            if row.contains("CONFLICT") || row.contains("DISPUTED") {
                assert!(
                    r.conflict.is_some(),
                    "{id}: rules.md records a conflict the catalogue lacks"
                );
            }
        }
    }
}

#[test]
fn rules_md_sources_parse_as_expected() {
    let rows: BTreeMap<String, BTreeSet<String>> = rules_md_rows(&read(RULES_MD))
        .into_iter()
        .map(|(id, s, _)| (id, s))
        .collect();
    let set = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(rows["B-RELAX"], set(&["000", "001"]));
    assert_eq!(rows["C-LACTIC"], set(&["000", "001"]));
    assert_eq!(rows["A-BALL"], set(&["000"]));
    assert_eq!(rows["R-POST-HARD"], set(&["001"]));
}

#[test]
fn catalogue_order_and_categories() {
    let prefix_category = |id: &str| match id.split('-').next() {
        Some("T") => Category::Type,
        Some("R") => Category::Timing,
        Some("F") => Category::Frequency,
        Some("A") => Category::SelfMassage,
        Some("B") | Some("C") => Category::Claim,
        Some("X") => Category::Extra,
        Some("S") => Category::Safety,
        Some("P") => Category::Planning,
        Some("L") => Category::Load,
        other => panic!("unknown id prefix {other:?} in {id}"),
    };
    for r in all() {
        assert_eq!(r.category, prefix_category(r.id), "{}: category", r.id);
    }
    let categories: Vec<Category> = all().iter().map(|r| r.category).collect();
    assert!(
        categories.is_sorted(),
        "catalogue entries are grouped in category order"
    );
}

#[test]
fn safety_planning_and_load_rules_are_present() {
    let groups: [(Category, &[&str], &str); 3] = [
        (
            Category::Safety,
            &[
                "S-DVT",
                "S-FEVER",
                "S-ACUTE",
                "S-WOUND",
                "S-FRACTURE",
                "S-ANTICOAG",
                "S-PREGNANCY",
                "S-CANCER",
                "S-RHABDO",
                "S-REFER",
            ],
            "evidence",
        ),
        (
            Category::Planning,
            &[
                "P-AVAILABILITY",
                "P-BOOKED",
                "P-ONE-A-DAY",
                "P-SPACING",
                "P-SELF",
            ],
            "knead",
        ),
        (
            Category::Load,
            &["L-TRIMP", "L-PMC", "L-HARD", "L-FORM", "L-ACWR"],
            "evidence",
        ),
    ];
    for (category, ids, source) in groups {
        let in_catalogue: Vec<&str> = all()
            .iter()
            .filter(|r| r.category == category)
            .map(|r| r.id)
            .collect();
        assert_eq!(in_catalogue, ids, "{category:?} rules, in order");
        for id in ids {
            assert_eq!(get(id).sources, &[source], "{id}: sources");
        }
    }
    for id in ["S-DVT", "S-FEVER", "S-RHABDO"] {
        assert!(get(id).default.starts_with("block"), "{id} blocks massage");
    }
    assert!(get("P-SPACING").default.contains("28 days"));
    assert!(get("L-PMC").default.contains("42"));
}
