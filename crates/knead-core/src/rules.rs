//! The rule catalogue's types: every rule knead applies, with its sources,
//! default, recorded conflicts and the strength of the evidence behind it.
//!
//! The entries themselves live in [`crate::catalogue`]. Rule ids are the ones of
//! the domain contract (`rules.md`) and the evidence review (`evidence.md`), used
//! verbatim wherever a rule is applied, so `grep R-POST-RACE` finds the rule, its
//! checks and its tests.

use serde::Serialize;

/// One rule of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rule {
    /// Stable id, e.g. `R-POST-RACE`.
    pub id: &'static str,
    /// What part of the domain the rule belongs to.
    pub category: Category,
    /// A short name, e.g. "Wait after a race".
    pub title: &'static str,
    /// What the rule says, in one or two sentences.
    pub statement: &'static str,
    /// The default knead applies (e.g. "hard", "1-2 days", "by distance").
    pub default: &'static str,
    /// Where the rule comes from: `000`, `001` (the two source texts) and/or `evidence`.
    pub sources: &'static [&'static str],
    /// A recorded conflict between sources, with the default chosen.
    pub conflict: Option<&'static str>,
    /// Whether the rule is applied as stated, disputed, or a myth explained.
    pub status: Status,
    /// The evidence grade (the strongest part of the claim, see `grade_detail`).
    pub grade: Grade,
    /// The grade as evidence.md words it, e.g. "B / C (depth)".
    pub grade_detail: &'static str,
    /// The one-line qualification the product shows beside the rule.
    pub qualification: &'static str,
    /// The best evidence found, in brief.
    pub evidence: &'static str,
    /// Published references behind the grade.
    pub references: &'static [Reference],
}

/// A published reference: a short key and where to read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// Short key, e.g. `GUO17`.
    pub key: &'static str,
    /// Address of the text.
    pub url: &'static str,
}

/// Parts of the domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Massage types (T-*).
    Type,
    /// Timing rules (R-*).
    Timing,
    /// Frequency and budget (F-*).
    Frequency,
    /// Self-massage tools (A-*).
    SelfMassage,
    /// Claimed benefits (B-*, C-*).
    Claim,
    /// Rules added from the literature (X-*).
    Extra,
    /// Safety screening (S-*).
    Safety,
    /// Planning constraints of the product itself (P-*).
    Planning,
    /// Training-load model (L-*).
    Load,
}

/// How knead treats a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Applied as stated.
    Applied,
    /// Sources disagree; never presented as a benefit, explained when asked.
    Disputed,
    /// Contradicted by the evidence; shown only as a myth explained.
    Myth,
}

/// Evidence grades of evidence.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Grade {
    /// Meta-analyses or RCTs agree.
    A,
    /// Some RCTs.
    B,
    /// Expert opinion only.
    C,
    /// Contradicted by the evidence.
    D,
}

impl Grade {
    /// Parses `A`..`D` (case-insensitive).
    pub fn parse(s: &str) -> Option<Grade> {
        match s.trim().to_ascii_uppercase().as_str() {
            "A" => Some(Grade::A),
            "B" => Some(Grade::B),
            "C" => Some(Grade::C),
            "D" => Some(Grade::D),
            _ => None,
        }
    }

    /// The letter.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }

    /// What the grade means.
    pub fn meaning(self) -> &'static str {
        match self {
            Grade::A => "meta-analyses agree",
            Grade::B => "some trials",
            Grade::C => "expert opinion only",
            Grade::D => "contradicted",
        }
    }
}

/// The two source texts of the domain contract.
pub const SOURCES: [(&str, &str); 2] = [
    (
        "000",
        "Treat Yo Self: Why Massages Should Be Part of Every Runner's Training (a runner's blog, marathon build)",
    ),
    (
        "001",
        "Massage for Runners: The What, When and How (a guide)",
    ),
];

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    crate::catalogue::RULES.iter().find(|r| r.id == id)
}

/// All rules, in catalogue order.
pub fn all() -> &'static [Rule] {
    crate::catalogue::RULES
}
