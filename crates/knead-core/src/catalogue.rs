//! The rule catalogue: what a rule is (its category, status, evidence grade
//! and references) and every entry, filled from the domain contract
//! (`rules.md`) and the evidence review (`evidence.md`), plus knead's own
//! safety, planning and load rules.
//!
//! Order: types (T-*), timing (R-*), frequency (F-*), self-massage (A-*),
//! claims (B-*, C-*), extra rules from the literature (X-*), safety (S-*),
//! planning (P-*) and training load (L-*). Look rules up with
//! [`crate::rules::rule`].

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

// References of evidence.md, by key.
const POP16: Reference = Reference {
    key: "POP16",
    url: "https://sportmedizin-saarbruecken.de/de/publications/massage-and-performance-recovery-meta-analytical-review",
};
const GUO17: Reference = Reference {
    key: "GUO17",
    url: "https://www.frontiersin.org/articles/10.3389/fphys.2017.00747/full",
};
const DUP18: Reference = Reference {
    key: "DUP18",
    url: "https://frontiersin.org/articles/10.3389/fphys.2018.00403/full",
};
const DAV20: Reference = Reference {
    key: "DAV20",
    url: "https://bmjopensem.bmj.com/content/6/1/e000614.full.txt",
};
const WIL10: Reference = Reference {
    key: "WIL10",
    url: "https://journals.lww.com/acsm-msse/Fulltext/2010/06000/Massage_Impairs_Postexercise_Muscle_Blood_Flow_and.4.aspx",
};
const HIN04: Reference = Reference {
    key: "HIN04",
    url: "https://www.baysidesportsmedicinegroup.com.au/post/effects-of-massage-on-limb-and-skin-blood-flow-after-quadriceps-exercise",
};
const WIE19: Reference = Reference {
    key: "WIE19",
    url: "https://pmc.ncbi.nlm.nih.gov/articles/PMC6465761",
};
const FR22: Reference = Reference {
    key: "FR22",
    url: "https://pmc.ncbi.nlm.nih.gov/articles/PMC8998857",
};
const WEE05: Reference = Reference {
    key: "WEE05",
    url: "https://www.springermedicine.com/link?doi=10.2165/00007256-200535030-00004",
};
const FLE10: Reference = Reference {
    key: "FLE10",
    url: "https://journals.lww.com/nsca-jscr/Fulltext/2010/05000/The_Effects_of_Precompetition_Massage_on_the.3.aspx",
};
const MOR18: Reference = Reference {
    key: "MOR18",
    url: "https://www.painscience.com/bibliography.php?moran18",
};
const SAM23: Reference = Reference {
    key: "SAM23",
    url: "https://pmc.ncbi.nlm.nih.gov/articles/PMC10069390",
};
const FER23: Reference = Reference {
    key: "FER23",
    url: "https://pmc.ncbi.nlm.nih.gov/articles/PMC10532323",
};
const ART: Reference = Reference {
    key: "ART",
    url: "https://ccpl.org/eds/detail?an=155542853&db=edb",
};
const ARTH: Reference = Reference {
    key: "ARTH",
    url: "https://ouci.dntb.gov.ua/works/ldGWKbm4",
};
const MOY04: Reference = Reference {
    key: "MOY04",
    url: "https://studylib.net/doc/26277556/moyer2004",
};
const MOY11: Reference = Reference {
    key: "MOY11",
    url: "https://ouci.dntb.gov.ua/works/4gNwdz37",
};
const DAW04: Reference = Reference {
    key: "DAW04",
    url: "https://jssm.org/mobile/fulltextmobile.php?id=jssm-03-YISI1-37.xml",
};
const MRK07: Reference = Reference {
    key: "MRK07",
    url: "http://journals.lww.com/acsm-msse/Fulltext/2007/01000/Therapist_Education_Impacts_the_Massage_Effect_on.7.aspx",
};
const KON18: Reference = Reference {
    key: "KON18",
    url: "https://jssm.org/mobile/fulltextmobile.php?id=jssm-17-599.xml",
};
const PSW: Reference = Reference {
    key: "PSW",
    url: "https://www.painscience.com/articles/drinking-water-after-massage.php",
};
const PSD: Reference = Reference {
    key: "PSD",
    url: "https://www.painscience.com/bibliography.php?dupuy18",
};
const FAS: Reference = Reference {
    key: "FAS",
    url: "https://massagefitnessmag.com/massage/fascia-massage-therapy",
};
const LAC: Reference = Reference {
    key: "LAC",
    url: "https://coachsci.sdsu.edu/csa/vol46/rushall.htm",
};
/// GoldenCheetah source (src/Metrics/TRIMPPoints.cpp).
const GC_T: Reference = Reference {
    key: "GC-T",
    url: "https://github.com/GoldenCheetah/GoldenCheetah",
};
/// GoldenCheetah source (src/Metrics/PMCData.cpp).
const GC_P: Reference = Reference {
    key: "GC-P",
    url: "https://github.com/GoldenCheetah/GoldenCheetah",
};
const ICU: Reference = Reference {
    key: "ICU",
    url: "https://forum.intervals.icu/t/bannisters-trimp/10200",
};
const FEL: Reference = Reference {
    key: "FEL",
    url: "https://fellrnr.com/mediawiki/index.php?printable=yes&title=Special%3AMobileDiff%2F5784",
};
const FOS21: Reference = Reference {
    key: "FOS21",
    url: "https://journals.humankinetics.com/abstract/journals/ijspp/aop/article-10.1123-ijspp.2020-0599/article-10.1123-ijspp.2020-0599.xml",
};
const TP_CTL: Reference = Reference {
    key: "TP-CTL",
    url: "https://uphillathlete.com/forums/topic/ctl-atl-tsb-info-sheet-from-cp/",
};
const TP_TSB: Reference = Reference {
    key: "TP-TSB",
    url: "https://help.trainingpeaks.com/hc/en-us/articles/204071764-Form-TSB-",
};
const EWM: Reference = Reference {
    key: "EWM",
    url: "https://hareshsuppiah.github.io/tools/ewma-load.html",
};
const IMP20A: Reference = Reference {
    key: "IMP20a",
    url: "https://pmc.ncbi.nlm.nih.gov/articles/PMC7534938",
};
/// doi:10.1007/s40279-020-01378-6, at the address evidence.md gives.
const IMP20B: Reference = Reference {
    key: "IMP20b",
    url: "https://www.scribd.com/document/535371355/10-1007-s40279-020-01378-6",
};
const IF: Reference = Reference {
    key: "IF",
    url: "http://experimentof1.blogspot.com/2009/01/",
};
const COG: Reference = Reference {
    key: "COG",
    url: "http://jetall3.com/PerfPRO/TSS.htm",
};
/// NCCIH text, mirrored.
const NCCIH: Reference = Reference {
    key: "NCCIH",
    url: "https://massage.megatopx.com/article002_pg2.html",
};
const ASC: Reference = Reference {
    key: "ASC",
    url: "https://ascensionselfcare.com/know-when-to-say-no-to-massage/",
};
const BMC20: Reference = Reference {
    key: "BMC20",
    url: "https://bmcpregnancychildbirth.biomedcentral.com/articles/10.1186/s12884-020-02924-w",
};
const VTE10: Reference = Reference {
    key: "VTE10",
    url: "https://experts.illinois.edu/en/publications/venous-thromboembolism-following-vigorous-deep-tissue-massage",
};
const ACU: Reference = Reference {
    key: "ACU",
    url: "https://fitro.info/massage-contraindications",
};
const CON: Reference = Reference {
    key: "CON",
    url: "http://jay-jee.blogspot.com/2010/04/contraindications-to-massage.html",
};
const PREG: Reference = Reference {
    key: "PREG",
    url: "https://modiged.com/myths-about-massage-during-pregnancy/",
};
const RHB: Reference = Reference {
    key: "RHB",
    url: "https://irunfar.com/break-it-down-exertional-rhabdomyolysis-in-ultramarathons",
};
const MIT: Reference = Reference {
    key: "MIT",
    url: "https://www.mittelmaier.co.uk/newsletters/tag/running/",
};
const RWUK: Reference = Reference {
    key: "RWUK",
    url: "https://www.runnersworld.co.uk/exercise/when-is-the-best-time-to-get-a-massage-in-the-lead-up-to-a-marathon",
};
const PHD: Reference = Reference {
    key: "PHD",
    url: "http://www.physiodublin.ie/2012/09/19/pre-race-massage-timing/",
};
const PRA: Reference = Reference {
    key: "PRA",
    url: "https://www.practo.com/healthfeed/what-is-the-right-time-to-get-a-sports-massage-39118/post",
};
const WF: Reference = Reference {
    key: "WF",
    url: "https://wander-fuel.com/blogs/news/your-marathon-massage-plan",
};
const R29: Reference = Reference {
    key: "R29",
    url: "https://refinery29.com/en-us/running-recovery-massage",
};

/// Sources of rules that both source texts state.
const BOTH: &[&str] = &["000", "001"];
/// Sources of rules taken from the literature (evidence.md).
const EVIDENCE: &[&str] = &["evidence"];
/// Sources of knead's own planning rules.
const KNEAD: &[&str] = &["knead"];
/// Qualification of knead's planning rules.
const DESIGN_CHOICE: &str = "Design choice of knead, not a research finding.";

/// Every rule knead knows.
pub static RULES: &[Rule] = &[
    // ---- Massage types ----------------------------------------------------
    Rule {
        id: "T-DEEP",
        category: Category::Type,
        title: "Deep tissue massage",
        statement: "Firm pressure through the whole muscle and its deep and superficial fascia, aimed at knots (the sources say adhesions too; see B-ADHESIONS for what it really does). It is uncomfortable while it happens and leaves you sore, so it needs recovery time like a hard workout.",
        default: "periods of hard training with no specific injury (000); a particular problem area, e.g. the muscles around a painful knee (001)",
        sources: BOTH,
        conflict: None,
        status: Status::Applied,
        grade: Grade::B,
        grade_detail: "B / C (depth)",
        qualification: "Eases soreness a little; deep not shown better than light.",
        evidence: "Davis 2020 meta-analysis (29 RCTs, n=1012): no effect on strength, jump, sprint, endurance or fatigue; small gains in flexibility (p<0.01) and soreness (DOMS, p<0.05). No trial compares deep with light massage.",
        references: &[DAV20],
    },
    Rule {
        id: "T-ART",
        category: Category::Type,
        title: "Active Release Technique (ART)",
        statement: "The therapist presses on a tender point while you move the muscle, to break up scar tissue and restore mobility. It is the usual choice for shin splints, plantar fasciitis and hamstring injuries.",
        default: "a specific injury where scar tissue hinders healing: shin splints, plantar fasciitis, hamstring injuries (001)",
        sources: BOTH,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Small uncontrolled studies; untested for shin splints, plantar fasciitis.",
        evidence: "A review of 9 mostly non-randomised studies found pain, range of motion and disability improved; in the hamstrings ART gave an acute flexibility gain, no better than PNF stretching or other soft-tissue work.",
        references: &[ART, ARTH],
    },
    Rule {
        id: "T-SWEDISH",
        category: Category::Type,
        title: "Swedish (light) massage",
        statement: "Long, light, flowing strokes that ease stress and tension without going deep; they do nothing for adhesions or scar tissue. It is the one kind of massage that suits the days just before a race.",
        default: "relaxation; the only type for the last days before a race (R-PRE-RACE-LIGHT)",
        sources: BOTH,
        conflict: None,
        status: Status::Applied,
        grade: Grade::B,
        grade_detail: "B / C (pre-race)",
        qualification: "Relaxes; doesn't make you faster or replace a warm-up.",
        evidence: "Moyer 2004 meta-analysis (37 RCTs): one session lowers state anxiety, blood pressure and heart rate. Massage instead of a warm-up made a 20 m sprint 2.7 % slower (n=20); over 60 m it made no difference.",
        references: &[MOY04, FLE10, MOR18],
    },
    Rule {
        id: "T-DEPTH",
        category: Category::Type,
        title: "Deeper massage, longer recovery",
        statement: "The deeper the massage, the longer your body needs to recover from it, just like running workouts. Swedish is the lightest; ART and deep tissue are about equally deep.",
        default: "SWEDISH < ART ~ DEEP",
        sources: &["000"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Expert opinion.",
        evidence: "Practitioners report tenderness up to 48 h after deep work, and that people who get massages regularly recover from them faster. No trial.",
        references: &[PHD],
    },
    // ---- Timing -----------------------------------------------------------
    Rule {
        id: "R-NOT-ADJACENT",
        category: Category::Timing,
        title: "Not next to a hard day",
        statement: "Never get a massage right before or right after a hard workout or a race: not on the same day, and not on the day before.",
        default: "hard (never broken): no massage on a hard day or the day before one",
        sources: &["000"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C (deep); weak D for light",
        qualification: "Sensible for deep work; light massage soon after is what most trials used.",
        evidence: "Massage alone before sprinting slowed it [FLE10]. Poppendieck 2016 (22 RCTs): the largest effect came with short recovery (10 min or less g=0.45; over 20 min g=0.08; endurance g=0.12) [POP16]. Massage 12-15 min after a 10 km cut soreness more with better-trained therapists (n=317, no untreated control) [MRK07].",
        references: &[FLE10, POP16, MRK07],
    },
    Rule {
        id: "R-POST-HARD",
        category: Category::Timing,
        title: "1-2 days after a hard workout",
        statement: "The best time for a massage after a hard workout is one to two days later.",
        default: "1-2 days",
        sources: &["001"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::B,
        grade_detail: "B / C (window)",
        qualification: "Helps soreness modestly; best day untested.",
        evidence: "Guo 2017 (11 RCTs, n=504): soreness SMD -0.61 at 24 h, -1.51 at 48 h, -1.46 at 72 h; creatine kinase -0.64. Dupuy 2018 (99 studies): massage was the best recovery method for DOMS and perceived fatigue. Trials mostly massaged within hours, not 1-2 days later (from memory, unverified).",
        references: &[GUO17, DUP18],
    },
    Rule {
        id: "R-POST-RACE",
        category: Category::Timing,
        title: "Wait after a race",
        statement: "After a race, wait a few days before a massage; the longer the race, the longer the wait.",
        default: "by distance: up to 10 km 1-2 days, half marathon 2-3 days, marathon and longer 3-5 days",
        sources: BOTH,
        conflict: Some(
            "001 says 1-2 days after \"a hard workout or race\"; 000 prefers 3-5 days after a marathon and skips the finish-line massage tents. DEFAULT: scale with race distance: up to 10 km 1-2 days, half marathon 2-3 days, marathon and longer 3-5 days.",
        ),
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Wait length is opinion; light work soon after looks safe.",
        evidence: "Half-marathon RCT massaging one leg on days 1, 4, 8 and 11: strength, swelling and soreness recovered no faster, but runners felt better (n=12) [DAW04]. Trials have massaged straight after a 10 km [MRK07]. Practitioners: light work on day 0-1 is fine [MIT]; deep work after a marathon at least 3 days [PRA], 3-5 days or when no longer sore to touch [WF], 2-3 days [R29].",
        references: &[DAW04, MRK07, MIT, PRA, WF, R29],
    },
    Rule {
        id: "R-PRE-RACE-DEEP",
        category: Category::Timing,
        title: "Deep work well before a race",
        statement: "A deep tissue or ART massage needs its own recovery before a race: at least 3-5 days, ideally 5-15 days before. Leave more room if it has been a while since your last massage; people who get massages regularly tolerate them better.",
        default: "earliest allowed 5 days before, preferred 5-15",
        sources: &["000"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Expert opinion; 5-day floor is cautious.",
        evidence: "Practitioners only: at least 1 week [MIT]; at least 5 days [PRA]; 4-5 days, and not a first-ever deep massage [RWUK]; 3-5 days, more if unaccustomed [PHD]. No trial.",
        references: &[MIT, PRA, RWUK, PHD],
    },
    Rule {
        id: "R-PRE-RACE-LIGHT",
        category: Category::Timing,
        title: "Light massage 2-3 days before a race",
        statement: "A light (Swedish) massage 2-3 days before a race relaxes you without stressing the muscles. Deep tissue and ART follow R-PRE-RACE-DEEP instead.",
        default: "2-3 days, Swedish only",
        sources: BOTH,
        conflict: Some(
            "001 puts any pre-race massage at 2-3 days before the race; 000 asks for at least 3-5 days. DEFAULT: 2-3 days for Swedish only; deep and ART follow R-PRE-RACE-DEEP.",
        ),
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Expert opinion.",
        evidence: "Practitioners: a light or flush massage in the last 2-3 days [RWUK][MIT]; last treatment about 3 days out [WF]. No trial.",
        references: &[RWUK, MIT, WF],
    },
    Rule {
        id: "R-DAY-AFTER",
        category: Category::Timing,
        title: "Easy day after a massage",
        statement: "The day after a massage is an easy run or rest: no speed work, intervals or long run. Hard training that day can undo the massage and leave you tight.",
        default: "hard (never broken): no hard day the day after a massage",
        sources: &["000"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C / D (dehydration)",
        qualification: "Cautious advice; 'undoing' a massage is untested.",
        evidence: "Practitioners: no intense training 24-36 h after a deep massage [MIT]. Massage did not change passive muscle stiffness over 96 h [KON18]; no known mechanism leaves a runner 'dehydrated', as 000 says.",
        references: &[MIT, KON18],
    },
    Rule {
        id: "R-HYDRATE",
        category: Category::Timing,
        title: "Drink to thirst after a massage",
        statement: "After a massage, drink to thirst: you need no extra water, and 'flushing out toxins' is a myth. The source blog (000) says to drink extra water, as after a workout.",
        default: "reminder: drink to thirst",
        sources: &["000", "evidence"],
        conflict: Some(
            "000 vs evidence: 000 says drink extra water after a massage, as after a workout; the evidence finds no biological reason for extra water and calls 'toxin flushing' a myth. DEFAULT: drink to thirst.",
        ),
        status: Status::Applied,
        grade: Grade::D,
        grade_detail: "D",
        qualification: "Drink to thirst.",
        evidence: "No biological reason for extra water after a massage; the idea that massage releases toxins that water must flush out is a myth.",
        references: &[PSW],
    },
    // ---- Frequency and budget ---------------------------------------------
    Rule {
        id: "F-MIN",
        category: Category::Frequency,
        title: "At least one massage a month",
        statement: "If you train 3-4 times a week, get at least one massage a month.",
        default: "at least 1 a month when training 3-4 times a week",
        sources: &["001"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Preference; injury prevention unproven.",
        evidence: "No trial of massage frequency; little research on massage for injury prevention [WEE05]. Repeated sessions reduce delayed pain and trait anxiety [MOY04].",
        references: &[WEE05, MOY04],
    },
    Rule {
        id: "F-MORE",
        category: Category::Frequency,
        title: "More training, more massage",
        statement: "The more you train, the more often a massage pays off. Weekly or monthly sessions, where money allows, catch tight spots before they become injuries.",
        default: "the target interval between massages shrinks as weekly volume grows (P-SPACING)",
        sources: BOTH,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Preference; injury prevention unproven.",
        evidence: "No trial of massage frequency; little research on massage for injury prevention [WEE05]. Repeated sessions reduce delayed pain and trait anxiety [MOY04].",
        references: &[WEE05, MOY04],
    },
    Rule {
        id: "F-BUDGET",
        category: Category::Frequency,
        title: "Within your budget",
        statement: "How often you get a massage depends on your preference, how hard you train and your budget.",
        default: "planned massages stay within the monthly budget (bookings are kept regardless); self-massage fills the gaps",
        sources: &["001"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Preference; injury prevention unproven.",
        evidence: "No trial of massage frequency; little research on massage for injury prevention [WEE05]. Repeated sessions reduce delayed pain and trait anxiety [MOY04].",
        references: &[WEE05, MOY04],
    },
    // ---- Self-massage -----------------------------------------------------
    Rule {
        id: "A-FOAM",
        category: Category::SelfMassage,
        title: "Foam roller",
        statement: "When a therapist is out of budget, a foam roller covers general rolling and tight hip flexors.",
        default: "20-30 USD; general rolling, hip flexors; 1-3 rounds of 30-120 s per muscle",
        sources: &["000"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::B,
        grade_detail: "B",
        qualification: "Small short-term gains.",
        evidence: "Wiewelhove 2019 (21 studies): rolling before exercise: sprint +0.7 % (g=0.28), flexibility +4.0 % (g=0.34); after exercise: sprint +3.1 % (g=0.34), strength +3.9 % (g=0.21), pain g=0.47 [WIE19]. Over 4 weeks or more: flexibility results conflict, no performance gain; usual dose 1-3 x 30-120 s [FR22].",
        references: &[WIE19, FR22],
    },
    Rule {
        id: "A-STICK",
        category: Category::SelfMassage,
        title: "Massage stick (and percussion gun)",
        statement: "A massage stick eases sore muscles and trigger points and helps recovery; a percussion gun does the same job. Neither belongs right before speed work or a race.",
        default: "about 45 USD (cheaper copies exist); muscle soreness, trigger points, recovery; percussion guns likewise, never before speed work (X-GUN-PRE)",
        sources: &["000"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::B,
        grade_detail: "B / C (gun)",
        qualification: "Like rolling; no gun before speed work.",
        evidence: "7 of the 21 studies in Wiewelhove 2019 used sticks or roller bars [WIE19]. Massage guns: acute flexibility and strength gains in flawed studies [SAM23]; range of motion up, but agility, acceleration and balance unchanged or worse [FER23].",
        references: &[WIE19, SAM23, FER23],
    },
    Rule {
        id: "A-BALL",
        category: Category::SelfMassage,
        title: "Tennis ball",
        statement: "A tennis ball rolled under the foot eases the arches after a long run.",
        default: "a few USD; foot arches after a long run",
        sources: &["000"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Comfort tool; untested.",
        evidence: "Nothing found on balls. The nearest evidence is on foam rollers and roller sticks [WIE19]; balls themselves are untested.",
        references: &[WIE19],
    },
    // ---- Claims -----------------------------------------------------------
    Rule {
        id: "B-ADHESIONS",
        category: Category::Claim,
        title: "Breaking up adhesions",
        statement: "Both sources say moving pressure frees adhesions between fascia and muscle, improving range of motion. Massage does loosen you up a little, but it does not break up adhesions.",
        default: "myth explained: shown as 'loosens a little', never as 'breaks adhesions'",
        sources: BOTH,
        conflict: None,
        status: Status::Myth,
        grade: Grade::D,
        grade_detail: "B (ROM) / D (mechanism)",
        qualification: "Loosens a little; doesn't break adhesions.",
        evidence: "Small but real flexibility gains [DAV20][WIE19]; dense fascia deforms only under extreme force (Threlkeld 1992) [FAS].",
        references: &[DAV20, WIE19, FAS],
    },
    Rule {
        id: "B-CIRCULATION",
        category: Category::Claim,
        title: "Better circulation",
        statement: "Both sources say massage improves circulation, bringing oxygen and nutrients that help recovery. Measured, it does not raise blood flow in the muscle; after exercise it even lowered it.",
        default: "myth explained; never shown as a benefit",
        sources: BOTH,
        conflict: None,
        status: Status::Myth,
        grade: Grade::D,
        grade_detail: "D",
        qualification: "Doesn't boost muscle blood flow.",
        evidence: "Massage lowered post-exercise muscle blood flow (area under the curve 3178 vs 4203 mL with passive rest) [WIL10]; it raised skin, not femoral, blood flow [HIN04].",
        references: &[WIL10, HIN04],
    },
    Rule {
        id: "B-PAIN",
        category: Category::Claim,
        title: "Less pain, problems found early",
        statement: "Massage reduces pain and can reveal an injury you did not know about. Untreated stiffness makes runners compensate and change their gait, which can hurt knees, back or ankles.",
        default: "shown as pain relief; injury detection and the stiffness-to-injury chain are not claimed",
        sources: &["000"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::B,
        grade_detail: "B / C (chain)",
        qualification: "Pain relief yes; injury detection unproven.",
        evidence: "Repeated massage reduces delayed pain [MOY04][GUO17]; nothing found on massage detecting injuries or on stiffness changing gait and hurting knees.",
        references: &[MOY04, GUO17],
    },
    Rule {
        id: "B-RELAX",
        category: Category::Claim,
        title: "Relaxation",
        statement: "Massage relaxes you, and relaxation is part of recovery.",
        default: "shown as a benefit; faster recovery is not claimed",
        sources: BOTH,
        conflict: None,
        status: Status::Applied,
        grade: Grade::A,
        grade_detail: "A / C (speeds recovery)",
        qualification: "Relaxes; faster recovery unproven.",
        evidence: "Anxiety, blood pressure and heart rate fall [MOY04]; cortisol barely changes (d 0.05-0.30, not significant) [MOY11]; runners felt better after it [DAW04].",
        references: &[MOY04, MOY11, DAW04],
    },
    Rule {
        id: "B-DOMS",
        category: Category::Claim,
        title: "Less muscle soreness",
        statement: "A well-timed massage with the right technique can ease the delayed muscle soreness (DOMS) that follows hard training.",
        default: "shown as a small benefit; post-workout massages are timed for it (R-POST-HARD)",
        sources: &["001"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::A,
        grade_detail: "A (small)",
        qualification: "Helps soreness a little.",
        evidence: "Meta-analyses agree on a small to moderate reduction [GUO17][DUP18][DAV20]; publication bias and weak trials [PSD].",
        references: &[GUO17, DUP18, DAV20, PSD],
    },
    Rule {
        id: "C-LACTIC",
        category: Category::Claim,
        title: "Flushing lactic acid",
        statement: "One source (001) says massage flushes lactic acid out of the muscles; the other (000) calls that a myth. It is one: lactate clears on its own within about an hour.",
        default: "never shown as a benefit; explained as a myth when asked",
        sources: BOTH,
        conflict: Some(
            "000 vs 001: 001 says massage flushes lactic acid; 000 says that is a myth, lactate clears on its own within hours. DISPUTED, DEFAULT: knead never presents lactate flushing as a benefit; it can explain the myth.",
        ),
        status: Status::Disputed,
        grade: Grade::D,
        grade_detail: "D (flushing)",
        qualification: "Myth: lactate clears itself in ~1 h.",
        evidence: "Massage impairs lactate and H+ removal after exercise [WIL10]; lactate is back to normal within about an hour, and next-day soreness is muscle damage, not lactate [LAC].",
        references: &[WIL10, LAC],
    },
    Rule {
        id: "C-THERAPIST",
        category: Category::Claim,
        title: "Recurring pain: see a specialist",
        statement: "Pain that keeps coming back deserves a movement therapist, who can find the movement pattern behind it.",
        default: "suggest a clinician or movement therapist when the same area keeps hurting",
        sources: &["001"],
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Recurring pain: see a clinician.",
        evidence: "Nothing specific found. Nearest evidence: contraindication guidance that severe or unexplained pain needs a clinician before massage [ASC].",
        references: &[ASC],
    },
    // ---- Extra rules from the literature ----------------------------------
    Rule {
        id: "X-WARMUP",
        category: Category::Extra,
        title: "Massage is not a warm-up",
        statement: "A massage never replaces your warm-up before a race or a speed session.",
        default: "warm up as usual; a pre-race massage comes on top, never instead",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::B,
        grade_detail: "B",
        qualification: "Massage instead of a warm-up made sprinters slower.",
        evidence: "Massage in place of a warm-up made a 20 m sprint 2.7 % slower (n=20) [FLE10]; over 60 m there was no difference [MOR18].",
        references: &[FLE10, MOR18],
    },
    Rule {
        id: "X-GUN-PRE",
        category: Category::Extra,
        title: "No percussion gun before speed",
        statement: "Don't use a percussion massage gun right before speed work or a race.",
        default: "no percussion gun before a speed session or race on the same day",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Loosens you, but can cost agility and acceleration.",
        evidence: "After percussion massage, range of motion rose but agility, acceleration and balance did not improve or got worse [FER23]; gun studies are flawed [SAM23].",
        references: &[FER23, SAM23],
    },
    // ---- Safety (evidence.md section 3) -----------------------------------
    Rule {
        id: "S-DVT",
        category: Category::Safety,
        title: "Suspected blood clot (DVT)",
        statement: "If you might have a blood clot in a leg (calf pain, swelling or warmth, especially after a flight, surgery or pregnancy), have no massage or self-massage at all and seek medical care.",
        default: "block all massage and self-massage; seek care",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C (case reports)",
        qualification: "Get a possible clot checked before anyone presses on it.",
        evidence: "Case reports of pulmonary embolism and venous thromboembolism after leg or vigorous deep-tissue massage [BMC20][VTE10].",
        references: &[BMC20, VTE10],
    },
    Rule {
        id: "S-FEVER",
        category: Category::Safety,
        title: "Fever or acute illness",
        statement: "With a fever or an acute infection, skip massage and self-massage until you are well.",
        default: "block all massage and self-massage while it lasts",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Get well first; massage can wait.",
        evidence: "Contraindication guidance lists fever and acute infectious illness [ASC].",
        references: &[ASC],
    },
    Rule {
        id: "S-ACUTE",
        category: Category::Safety,
        title: "Fresh strain, sprain or bruise",
        statement: "For the first 72 hours after a strain, sprain, bruise or tear, keep massage and self-massage away from that area.",
        default: "avoid that area for the first 72 h",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Let a fresh injury settle; rubbing a fresh bruise can make it worse.",
        evidence: "Guidance: avoid acute strains, sprains, contusions and tears for the first 48-72 h; massage over a fresh contusion risks myositis ossificans (bone forming in the muscle) [ACU][CON].",
        references: &[ACU, CON],
    },
    Rule {
        id: "S-WOUND",
        category: Category::Safety,
        title: "Wound, burn or skin infection",
        statement: "No massage or self-massage over a wound, a burn or a skin infection.",
        default: "avoid that area",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Keep pressure off broken or infected skin.",
        evidence: "Contraindication guidance: avoid wounds, burns and skin infections [NCCIH][CON].",
        references: &[NCCIH, CON],
    },
    Rule {
        id: "S-FRACTURE",
        category: Category::Safety,
        title: "Fracture or recent surgery",
        statement: "No massage over a fracture (stress fractures included) or a recent surgery site; ask your doctor first.",
        default: "avoid that area; refer to a clinician",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Let bone and surgical wounds heal; ask your doctor.",
        evidence: "Contraindication guidance: fractures and recent surgery [ASC]; 'recent' as about 6 weeks is from memory, unverified.",
        references: &[ASC],
    },
    Rule {
        id: "S-ANTICOAG",
        category: Category::Safety,
        title: "Blood thinners or bleeding disorder",
        statement: "If you take blood thinners or have a bleeding disorder, have light (Swedish) massage only: no deep tissue or ART.",
        default: "light only",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Deep pressure can cause bruising and bleeding.",
        evidence: "Guidance: light pressure only with anticoagulants or a bleeding disorder [NCCIH][ASC].",
        references: &[NCCIH, ASC],
    },
    Rule {
        id: "S-PREGNANCY",
        category: Category::Safety,
        title: "Pregnancy",
        statement: "If you are pregnant, ask your provider first, and have no deep pressure on the legs: light massage only.",
        default: "ask provider; light only, no deep leg pressure",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Ask your provider; a first-trimester ban is disputed.",
        evidence: "Guidance: talk to the provider, no deep pressure on the legs because of clot risk [NCCIH][BMC20]; a blanket first-trimester ban is disputed [PREG].",
        references: &[NCCIH, BMC20, PREG],
    },
    Rule {
        id: "S-CANCER",
        category: Category::Safety,
        title: "Cancer or tumour",
        statement: "With cancer or a tumour, no deep pressure over the site without your oncologist's agreement; talk to them before any massage.",
        default: "refer before any massage; no deep pressure over the site",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Ask your oncologist first.",
        evidence: "Guidance: no deep pressure over a cancer or tumour site without the oncologist's agreement [NCCIH].",
        references: &[NCCIH],
    },
    Rule {
        id: "S-RHABDO",
        category: Category::Safety,
        title: "Warning signs after a race",
        statement: "After a race, cola-coloured urine, pain far beyond normal soreness, or no urine for 12-24 hours can mean muscle breakdown (rhabdomyolysis): no massage, get medical care now.",
        default: "block all massage and self-massage; medical care",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "A medical emergency, not ordinary soreness.",
        evidence: "Warning signs of exertional rhabdomyolysis after long races [RHB].",
        references: &[RHB],
    },
    Rule {
        id: "S-REFER",
        category: Category::Safety,
        title: "See a clinician first",
        statement: "Severe or unexplained pain, numbness, or uncontrolled high blood pressure: see a clinician before any massage.",
        default: "refer to a clinician before any massage",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C",
        qualification: "Find the cause before treating it.",
        evidence: "Contraindication guidance: severe or unexplained pain, numbness and uncontrolled hypertension need clearance [ASC].",
        references: &[ASC],
    },
    // ---- Planning (knead's own constraints) -------------------------------
    Rule {
        id: "P-AVAILABILITY",
        category: Category::Planning,
        title: "Only when the therapist is open",
        statement: "A professional massage is only planned on a day your therapist is open, at a time you are both free for one appointment.",
        default: "open weekdays, minus closed dates; any time unless hours are given (60-minute appointments)",
        sources: KNEAD,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C (design choice)",
        qualification: DESIGN_CHOICE,
        evidence: "A planning constraint, not a health claim; no study applies. The timing windows it must fit come from practitioner consensus [MIT].",
        references: &[MIT],
    },
    Rule {
        id: "P-BOOKED",
        category: Category::Planning,
        title: "Bookings are kept",
        statement: "Massages you have already booked stay as they are; knead plans around them and checks them against the rules.",
        default: "kept as booked; rule breaks are reported, never moved",
        sources: KNEAD,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C (design choice)",
        qualification: DESIGN_CHOICE,
        evidence: "A planning constraint, not a health claim; no study applies. Bookings are checked against the practitioner timing consensus [MIT][PHD].",
        references: &[MIT, PHD],
    },
    Rule {
        id: "P-ONE-A-DAY",
        category: Category::Planning,
        title: "One massage a day at most",
        statement: "At most one professional massage a day.",
        default: "at most 1 a day",
        sources: KNEAD,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C (design choice)",
        qualification: DESIGN_CHOICE,
        evidence: "No study of massage frequency, let alone of several sessions a day [WEE05].",
        references: &[WEE05],
    },
    Rule {
        id: "P-SPACING",
        category: Category::Planning,
        title: "Space massages out",
        statement: "Professional massages are spaced out, and the more you run each week, the closer together they can be. After a deep tissue or ART massage, wait at least 4 days before the next one.",
        default: "target interval by weekly volume: under 3 h/week 28 days, 3-5 h 14 days, 5-7 h 10 days, 7 h and more 7 days; at least 4 days after a deep or ART massage",
        sources: KNEAD,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C (design choice)",
        qualification: DESIGN_CHOICE,
        evidence: "No frequency trial [WEE05]. Tenderness up to 48 h after deep work [PHD] and no intense training 24-36 h after it [MIT] underlie the 4-day floor; the volume bands follow F-MORE and are design choices.",
        references: &[WEE05, PHD, MIT],
    },
    Rule {
        id: "P-SELF",
        category: Category::Planning,
        title: "Self-massage on the days between",
        statement: "On the days after long runs and hard sessions, knead suggests self-massage with the tools you own.",
        default: "the day after a long run or hard session, with the tools owned",
        sources: KNEAD,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C (design choice)",
        qualification: DESIGN_CHOICE,
        evidence: "Rolling after exercise gives small gains in sprint, strength and pain [WIE19]; which days get self-massage is a design choice.",
        references: &[WIE19],
    },
    // ---- Training load (evidence.md section 2) ----------------------------
    Rule {
        id: "L-TRIMP",
        category: Category::Load,
        title: "Training load from heart rate (TRIMP)",
        statement: "Each session's training load is its heart-rate training impulse (Banister TRIMP): minutes weighted by how high your heart rate was. A day's load is the sum of its sessions.",
        default: "TRIMP = sum of (minutes * x * a * e^(b * x)), x = (HR - HRrest) / (HRmax - HRrest); men a = 0.64, b = 1.92; women a = 0.86, b = 1.67; summed over heart-rate samples where there are some, else from the session average",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C (model)",
        qualification: "An estimate of effort from heart rate, not a measure of muscle damage.",
        evidence: "Banister's TRIMP with Morton/Banister 1990 sex weightings [ICU]; GoldenCheetah uses the session-average heart rate and a=0.64 for both sexes [GC-T]; averages under-score intervals, so 1-5 s samples are preferred [FEL].",
        references: &[ICU, GC_T, FEL],
    },
    Rule {
        id: "L-PMC",
        category: Category::Load,
        title: "Fitness, fatigue and form (CTL, ATL, TSB)",
        statement: "Fitness (CTL) is a 42-day rolling average of daily load, fatigue (ATL) a 7-day one, and form (TSB) is yesterday's fitness minus yesterday's fatigue.",
        default: "TrainingPeaks form: CTL_d = CTL_(d-1) + (L_d - CTL_(d-1))/42; ATL likewise with 7; TSB_d = CTL_(d-1) - ATL_(d-1); constants configurable",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C (model)",
        qualification: "A model of fitness and fatigue, not a measurement.",
        evidence: "TrainingPeaks: CTL and ATL as exponential averages with gains 1/42 and 1/7 [TP-CTL]; TSB from yesterday's values [TP-TSB]. GoldenCheetah uses e^(-1/42) and e^(-1/7) decay (gains 0.0235 and 0.133) and also writes yesterday's balance to today [GC-P].",
        references: &[TP_CTL, TP_TSB, GC_P],
    },
    Rule {
        id: "L-HARD",
        category: Category::Load,
        title: "What makes a day hard",
        statement: "A day is hard if it holds a race, intervals, a tempo run or a long run. Otherwise knead judges the session by its intensity or load when it knows them.",
        default: "1. planned race, intervals, hills, tempo or long run (rules.md); 2. from recorded history: a load above 1.5 x the previous day's CTL and at least 60 TRIMP (well above recent load), or a session of 90 min or more (a long run); 3. load over 300: hard for 2 days. evidence.md's IF, TSS and sRPE thresholds need threshold pace, power or RPE, which activity files rarely carry, so knead judges by TRIMP",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C (thresholds are design choices)",
        qualification: "Thresholds are design choices, not findings.",
        evidence: "TrainingPeaks intensity bands: 0.85-0.95 tempo and intervals, 0.95-1.05 threshold [IF]; Coggan: TSS 150-300 leaves some residual fatigue the next day [COG]; session RPE x minutes is a valid load measure [FOS21]. The sRPE and long-run thresholds are uncited (from memory, unverified).",
        references: &[IF, COG, FOS21],
    },
    Rule {
        id: "L-FORM",
        category: Category::Load,
        title: "Low form calls for recovery",
        statement: "When your form is low (fatigue well above fitness), knead favours a recovery massage or self-massage.",
        default: "TSB below -20",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::C,
        grade_detail: "C (design choice)",
        qualification: "Design choice; the -20 threshold is not from a trial.",
        evidence: "Form (TSB) as TrainingPeaks defines it [TP-TSB]; no study links a form threshold to the benefit of a massage.",
        references: &[TP_TSB],
    },
    Rule {
        id: "L-ACWR",
        category: Category::Load,
        title: "Acute:chronic load ratio, as a trend",
        statement: "The ratio of your last week's load to your last four weeks' load is shown as a trend only, never as an injury risk.",
        default: "trend only: rolling coupled mean of 7 days / mean of 28 days; no risk zones",
        sources: EVIDENCE,
        conflict: None,
        status: Status::Applied,
        grade: Grade::D,
        grade_detail: "D (as an injury predictor)",
        qualification: "A trend, not an injury risk.",
        evidence: "No causal framework and ratio pitfalls [IMP20a]; random chronic loads give similar odds ratios (c-statistic 0.574 vs 0.5) [IMP20b]; the 0.8-1.3 'sweet spot' is unsupported [EWM].",
        references: &[IMP20A, IMP20B, EWM],
    },
];
