//! A whole schedule: the scheduler's massages with their reasons, the
//! self-massage and aftercare around them, and warnings where the plan clashes
//! with recovery. This is what every output format renders.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

pub use crate::calendar::day_summary;
use crate::calendar::{self, Day, Totals, Week};
pub use crate::check::CreditUse;
use crate::check::{self, Violation};
use crate::constraints;
use crate::context::PlanContext;
use crate::days::{add_days, month_key};
use crate::model::{BodyArea, Cents, MassageType, Priority, Tool, money};
use crate::objective;
use crate::rules::{self, Grade};
use crate::safety::{self, Alert};
use crate::scheduler::{self, Placed, Solution};
use crate::selfcare;
use crate::slots::Slot;

/// A reason behind an item: a rule id, its evidence grade and what it means here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// The rule id, e.g. `R-POST-HARD` (`rule_id` in JSON, as everywhere).
    #[serde(rename = "rule_id")]
    pub rule: &'static str,
    /// The rule's evidence grade.
    pub grade: Grade,
    /// What the rule says about this item.
    pub text: String,
    /// The sources' claim that `grade` grades, when knead's advice in `text`
    /// replaces that claim (R-HYDRATE: the grade D is for "drink extra water",
    /// not for "drink to thirst"). `None`: the grade is for the advice itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graded_claim: Option<&'static str>,
}

impl Reason {
    /// A reason citing `rule`, with the grade taken from the catalogue.
    pub fn new(rule: &'static str, text: impl Into<String>) -> Reason {
        let grade = rules::rule(rule).map_or(Grade::C, |r| r.grade);
        Reason {
            rule,
            grade,
            text: text.into(),
            graded_claim: None,
        }
    }

    /// A reason whose advice (`text`) replaces the sources' `claim`; the
    /// catalogue's grade is the claim's, and renderers must show it with the claim.
    pub fn against_claim(
        rule: &'static str,
        claim: &'static str,
        text: impl Into<String>,
    ) -> Reason {
        Reason {
            graded_claim: Some(claim),
            ..Reason::new(rule, text)
        }
    }
}

/// The source's claim that R-HYDRATE's grade D is for (rules.md, 000).
pub const HYDRATE_CLAIM: &str = "drink extra water after a massage";

/// What an item is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum What {
    /// A professional massage.
    Massage {
        /// Its type.
        kind: MassageType,
        /// Booked by the runner (kept) or proposed by knead.
        booked: bool,
        /// What it costs in cash, in cents: its price, or 0 when a prepaid
        /// package pays for it.
        price_cents: Cents,
        /// The prepaid package that pays for it, by name or description
        /// ("paid with credit (Clinic 10-pack)"); absent when paid in cash.
        #[serde(skip_serializing_if = "Option::is_none")]
        credit: Option<String>,
        /// That package's index in the athlete's credits (0-based); absent
        /// when paid in cash.
        #[serde(skip_serializing_if = "Option::is_none")]
        credit_package: Option<usize>,
    },
    /// A self-massage session.
    SelfMassage {
        /// Tools to use.
        tools: Vec<Tool>,
        /// Areas to work.
        areas: Vec<BodyArea>,
        /// Areas to keep off.
        avoid: Vec<BodyArea>,
        /// How much.
        dose: String,
    },
    /// Aftercare on the day of a massage.
    Aftercare {
        /// The advice, one line each.
        advice: Vec<String>,
    },
}

/// One entry of the schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// The day.
    pub date: Date,
    /// What it is.
    #[serde(flatten)]
    pub what: What,
    /// Why, by rule.
    pub reasons: Vec<Reason>,
    /// For a proposed massage, the appointment knead names: the earliest
    /// common slot of the runner's free times and the therapist's hours.
    /// `None` for other items, for bookings (their time is the runner's), and
    /// when neither side lists hours (the massage fits any time of the day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot: Option<Slot>,
}

/// A clash between the plan and recovery, or a booking that breaks a rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// The day concerned, if one.
    pub date: Option<Date>,
    /// The rule id (`rule_id` in JSON).
    #[serde(rename = "rule_id")]
    pub rule: &'static str,
    /// What is wrong and what to do.
    pub message: String,
}

/// Spend in one calendar month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    /// Professional massages that month.
    pub massages: usize,
    /// Spend in cents.
    pub spend_cents: Cents,
    /// Budget in cents.
    pub budget_cents: Cents,
}

/// A complete, explained schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// The athlete's name.
    pub athlete: String,
    /// Currency of all amounts.
    pub currency: String,
    /// First day planned.
    pub from: Date,
    /// Last day planned.
    pub to: Date,
    /// Safety alerts; when any blocks or refers, outputs start with them.
    pub alerts: Vec<Alert>,
    /// True when an alert blocks massage or asks for a clinician first.
    pub blocking_alert: bool,
    /// Every item, in date order (massage, then aftercare, then self-massage on a day).
    pub items: Vec<Item>,
    /// Clashes and broken rules in the plan as given.
    pub warnings: Vec<Warning>,
    /// Advice about the plan as a whole (e.g. no budget for a therapist: tools to buy).
    pub notices: Vec<Reason>,
    /// Spend per month.
    pub months: Vec<Month>,
    /// What the schedule does with each prepaid package (absent from JSON
    /// when the athlete has none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<CreditUse>,
    /// Every day of the window with its training.
    pub days: Vec<Day>,
    /// The window's weeks, Monday to Sunday.
    pub weeks: Vec<Week>,
    /// What the schedule adds up to.
    pub totals: Totals,
    /// The objective value reached (hundredths of a point).
    pub score: i64,
}

impl Schedule {
    /// The professional massages of the schedule.
    pub fn massages(&self) -> Vec<Placed> {
        self.items
            .iter()
            .filter_map(|i| match i.what {
                What::Massage {
                    kind,
                    booked,
                    credit_package,
                    ..
                } => Some(Placed {
                    date: i.date,
                    kind,
                    booked,
                    credit: credit_package,
                }),
                _ => None,
            })
            .collect()
    }
}

/// Plans `ctx`: solves, then explains and fills in the rest.
pub fn build(ctx: &PlanContext<'_>) -> Schedule {
    let solution = scheduler::solve(ctx);
    assemble(ctx, &solution)
}

/// Turns a solution into a schedule.
pub fn assemble(ctx: &PlanContext<'_>, solution: &Solution) -> Schedule {
    let athlete = &ctx.plan.athlete;
    let mut items = Vec::new();
    let massage_days: BTreeMap<Date, Placed> =
        solution.massages.iter().map(|m| (m.date, *m)).collect();

    let mut prev: Option<Placed> = None;
    let mut month_count: BTreeMap<(i16, i8), usize> = BTreeMap::new();
    for m in &month_massages(ctx, solution) {
        *month_count.entry(month_key(m.date)).or_default() += 1;
    }
    for m in &solution.massages {
        let (gap, prev_deep) =
            objective::gap_before(ctx, prev.map(|p: Placed| (p.date, p.kind)), m.date);
        items.push(Item {
            date: m.date,
            what: What::Massage {
                kind: m.kind,
                booked: m.booked,
                price_cents: m.cost(&athlete.prices),
                credit: m
                    .credit
                    .and_then(|c| athlete.credits.get(c))
                    .map(|c| c.label()),
                credit_package: m.credit,
            },
            reasons: massage_reasons(ctx, m, gap, prev_deep, &month_count),
            slot: if m.booked { None } else { ctx.slot(m.date) },
        });
        items.push(Item {
            date: m.date,
            what: What::Aftercare { advice: Vec::new() },
            reasons: aftercare(ctx, m),
            slot: None,
        });
        prev = Some(*m);
    }
    // Self-massage for every day without a professional massage; days the
    // safety screening blocks become warnings.
    let mut blocked = Vec::new();
    for d in ctx.days() {
        let s = match selfcare::session(ctx, d) {
            Some(Ok(s)) if !massage_days.contains_key(&d) => s,
            Some(Err((rule, reason))) => {
                blocked.push(Warning {
                    date: Some(d),
                    rule,
                    message: format!("no self-massage: {reason}"),
                });
                continue;
            }
            _ => continue,
        };
        items.push(Item {
            date: d,
            what: What::SelfMassage {
                tools: s.tools,
                areas: s.areas,
                avoid: s.avoid.iter().map(|(a, _)| *a).collect(),
                dose: s.dose.to_string(),
            },
            reasons: s
                .reasons
                .into_iter()
                .chain(
                    s.avoid
                        .iter()
                        .map(|(a, rule)| (*rule, format!("keep off the {}", a.label()))),
                )
                .map(|(r, t)| Reason::new(r, t))
                .collect(),
            slot: None,
        });
    }
    for item in &mut items {
        if let What::Aftercare { advice } = &mut item.what {
            *advice = item.reasons.iter().map(|r| r.text.clone()).collect();
        }
    }
    items.sort_by_key(|i| (i.date, order(&i.what)));

    let alerts = safety::alerts(athlete, ctx.from, ctx.to);
    let months = months(ctx, solution);
    Schedule {
        days: calendar::days(ctx),
        weeks: calendar::weeks(ctx),
        totals: totals(&items, &months),
        athlete: athlete.name.clone(),
        currency: athlete.currency.clone(),
        from: ctx.from,
        to: ctx.to,
        blocking_alert: safety::any_blocking(&alerts),
        alerts,
        items,
        warnings: warnings(ctx, solution, blocked),
        notices: notices(ctx),
        credits: check::credit_uses(ctx, &solution.massages),
        months,
        score: solution.score,
    }
}

fn order(what: &What) -> u8 {
    match what {
        What::Massage { .. } => 0,
        What::Aftercare { .. } => 1,
        What::SelfMassage { .. } => 2,
    }
}

fn massage_reasons(
    ctx: &PlanContext<'_>,
    m: &Placed,
    gap: u32,
    prev_deep: bool,
    month_count: &BTreeMap<(i16, i8), usize>,
) -> Vec<Reason> {
    let mut out = Vec::new();
    if m.booked {
        out.push(Reason::new("P-BOOKED", "booked by you; kept as it is"));
        // A booking that breaks a rule says so first, by that rule.
        for b in constraints::blocks(ctx, m.date, m.kind, crate::constraints::Origin::Booked) {
            out.push(Reason::new(
                b.rule_id,
                format!("BREAKS THIS RULE: {}", b.reason),
            ));
        }
    }
    let terms = objective::day_terms(ctx, m.date, m.kind);
    let type_rule = m.kind.rule_id();
    if !m.booked && !terms.iter().any(|t| t.rule_id == type_rule) {
        let why = match m.kind {
            // A credit costs nothing: "the cheapest" is for cash.
            MassageType::Swedish if m.credit.is_some() => {
                "light work: relaxes without stressing the tissue"
            }
            MassageType::Swedish => {
                "light work: relaxes without stressing the tissue, and the cheapest that fits"
            }
            MassageType::Deep => "deep tissue for a period of hard training",
            MassageType::Art => "Active Release for a specific problem area",
        };
        out.push(Reason::new(type_rule, why));
    }
    for t in terms {
        out.push(Reason::new(t.rule_id, t.text));
    }
    for t in objective::spacing_terms(ctx, m.date, m.kind, gap, prev_deep) {
        out.push(Reason::new(
            t.rule_id,
            format!("trade-off accepted: {}", t.text),
        ));
    }
    if ctx.is_training_month(m.date) && month_count.get(&month_key(m.date)) == Some(&1) {
        out.push(Reason::new(
            "F-MIN",
            "the month's massage: at least one a month while training 3-4 times a week",
        ));
    }
    if let Some(c) = m.credit.and_then(|c| ctx.plan.athlete.credits.get(c)) {
        out.push(Reason::new(
            "F-BUDGET",
            format!(
                "paid with credit ({}): nothing from this month's budget",
                c.label()
            ),
        ));
    }
    for (area, rule) in safety::avoided_areas(&ctx.plan.athlete, m.date) {
        out.push(Reason::new(
            rule,
            format!("tell your therapist: keep off the {}", area.label()),
        ));
    }
    for flag in ctx
        .plan
        .athlete
        .health
        .iter()
        .filter(|f| f.active_on(m.date))
    {
        let (rule, action) = safety::rule_for(flag.condition);
        if action == safety::Action::LightOnly {
            out.push(Reason::new(
                rule,
                format!("{}: light massage only", safety::describe(flag.condition)),
            ));
        }
    }
    let tomorrow = add_days(m.date, 1);
    if constraints::blocks(ctx, m.date, m.kind, crate::constraints::Origin::Booked).is_empty() {
        out.push(Reason::new(
            "R-NOT-ADJACENT",
            format!(
                "not on or the day before a hard session ({}: {})",
                tomorrow,
                day_summary(ctx, tomorrow)
            ),
        ));
    }
    out
}

fn aftercare(ctx: &PlanContext<'_>, m: &Placed) -> Vec<Reason> {
    let tomorrow = add_days(m.date, 1);
    let mut out = vec![
        Reason::against_claim(
            "R-HYDRATE",
            HYDRATE_CLAIM,
            "drink to thirst; no extra water is needed",
        ),
        Reason::new(
            "R-DAY-AFTER",
            format!(
                "{tomorrow}: easy run or rest (plan: {})",
                day_summary(ctx, tomorrow)
            ),
        ),
    ];
    if m.kind.is_deep() {
        out.push(Reason::new(
            "T-DEPTH",
            "expect tenderness for up to 48 hours; deep work needs its own recovery",
        ));
    }
    out
}

/// The schedule's massages plus the bookings outside the window that share a
/// month with it: together they make the months' spend.
fn month_massages(ctx: &PlanContext<'_>, solution: &Solution) -> Vec<Placed> {
    let mut all = solution.massages.clone();
    let mut months = std::collections::BTreeSet::new();
    for d in ctx.days().filter(|&d| months.insert(month_key(d))) {
        all.extend(
            ctx.indexed_bookings_outside_window_in_month(d)
                .map(|(i, _)| scheduler::booked(ctx, i)),
        );
    }
    all.sort_by_key(|m| m.date);
    all
}

fn warnings(ctx: &PlanContext<'_>, solution: &Solution, blocked: Vec<Warning>) -> Vec<Warning> {
    let mut out: Vec<Warning> = check::check_massages(ctx, &month_massages(ctx, solution))
        .into_iter()
        .filter(|v| ctx.index(v.date).is_some() || v.rule_id == "F-BUDGET")
        .map(|v: Violation| Warning {
            date: Some(v.date),
            rule: v.rule_id,
            message: format!(
                "your booked {} massage on {}{}: {}",
                v.kind.as_str(),
                v.date,
                series_of(ctx, &v),
                v.reason
            ),
        })
        .collect();
    out.extend(booking_warnings(ctx));
    out.extend(blocked);
    let cheapest = ctx.plan.athlete.prices.cheapest();
    let any_credit = ctx.credits_after_bookings().iter().any(|&l| l > 0);
    for race in ctx.races().filter(|r| r.priority != Priority::C) {
        let open_day = |days: std::ops::RangeInclusive<i64>, kinds: &[MassageType]| {
            days.into_iter().any(|b| {
                let d = add_days(race.date, -b);
                ctx.index(d).is_some()
                    && kinds.iter().any(|&k| {
                        constraints::can_propose(ctx, d, k)
                            || (ctx.credit_available(d, k) && constraints::allowed(ctx, d, k))
                    })
            })
        };
        let light = open_day(constraints::PRE_RACE_LIGHT_WINDOW, &[MassageType::Swedish]);
        let deep = open_day(
            constraints::PRE_RACE_DEEP_PREFERRED,
            &[MassageType::Deep, MassageType::Art],
        );
        let in_window = ctx.index(add_days(race.date, -2)).is_some();
        if in_window && !light && !deep && (cheapest <= ctx.budget || any_credit) {
            out.push(Warning {
                date: Some(race.date),
                rule: "R-PRE-RACE-LIGHT",
                message: format!(
                    "no window at all before {}: no day 2-3 days out for a light massage and none 5-15 days out for deep work (therapist closed or no common slot, hard sessions or health flags)",
                    race.name
                ),
            });
        }
    }
    out.sort_by_key(|w| w.date);
    out
}

/// Bookings inside the window that the runner's free times and the
/// therapist's hours leave no common slot for (P-AVAILABILITY): warnings,
/// not violations, since a booking may have been made outside the listed
/// hours ([`constraints::booking_outside_hours`]; `knead check` lists them too).
pub fn booking_warnings(ctx: &PlanContext<'_>) -> Vec<Warning> {
    ctx.plan
        .bookings
        .iter()
        .filter(|b| ctx.index(b.date).is_some())
        .filter_map(|b| {
            let block = constraints::booking_outside_hours(ctx, b.date)?;
            Some(Warning {
                date: Some(b.date),
                rule: block.rule_id,
                message: format!(
                    "your booked {} massage on {}{}: {}",
                    b.kind.as_str(),
                    b.date,
                    b.series
                        .as_deref()
                        .map(|s| format!(" ({s})"))
                        .unwrap_or_default(),
                    block.reason
                ),
            })
        })
        .collect()
}

/// " (every 2 weeks from 2027-01-07)" when the violation's booking repeats.
fn series_of(ctx: &PlanContext<'_>, v: &Violation) -> String {
    ctx.plan
        .bookings
        .iter()
        .find(|b| b.date == v.date && b.kind == v.kind)
        .and_then(|b| b.series.as_deref())
        .map(|s| format!(" ({s})"))
        .unwrap_or_default()
}

fn notices(ctx: &PlanContext<'_>) -> Vec<Reason> {
    let athlete = &ctx.plan.athlete;
    let mut out = Vec::new();
    let cheapest = athlete.prices.cheapest();
    let no_therapist = ctx.budget < cheapest;
    if no_therapist {
        let credits = athlete
            .credits
            .iter()
            .zip(ctx.credits_after_bookings())
            .any(|(c, &left)| {
                left > 0 && c.valid_until >= ctx.from && c.valid_from.is_none_or(|f| f <= ctx.to)
            });
        let sessions = if credits {
            "new therapist sessions only from your prepaid packages; self-massage carries the rest of the recovery"
        } else {
            "no new therapist sessions in this plan; self-massage carries the recovery"
        };
        out.push(Reason::new(
            "F-BUDGET",
            format!(
                "the monthly budget ({} {}) is below the cheapest massage ({} {}): {sessions}",
                money(ctx.budget),
                athlete.currency,
                money(cheapest),
                athlete.currency
            ),
        ));
    }
    if no_therapist || athlete.tools.is_empty() {
        for tool in [Tool::FoamRoller, Tool::MassageStick, Tool::Ball] {
            if let Some(price) = selfcare::typical_price(tool)
                && !athlete.tools.contains(&tool)
            {
                out.push(Reason::new(
                    selfcare::tool_rule(tool),
                    format!(
                        "consider a {} ({}) for {}",
                        tool.label(),
                        price,
                        match tool {
                            Tool::FoamRoller => "general rolling and hip flexors",
                            Tool::MassageStick => "sore muscles and trigger points",
                            _ => "foot arches after long runs",
                        }
                    ),
                ));
            }
        }
    }
    out
}

fn months(ctx: &PlanContext<'_>, solution: &Solution) -> Vec<Month> {
    let mut map: BTreeMap<(i16, i8), (usize, Cents)> = BTreeMap::new();
    for d in ctx.days() {
        map.entry(month_key(d)).or_default();
    }
    for m in &month_massages(ctx, solution) {
        let e = map.entry(month_key(m.date)).or_default();
        e.0 += 1;
        e.1 = e.1.saturating_add(m.cost(&ctx.plan.athlete.prices));
    }
    map.into_iter()
        .map(|((y, mo), (n, spend))| Month {
            month: format!("{y:04}-{mo:02}"),
            massages: n,
            spend_cents: spend,
            budget_cents: ctx.budget,
        })
        .collect()
}

/// What `items` and `months` add up to.
fn totals(items: &[Item], months: &[Month]) -> Totals {
    let booked = items
        .iter()
        .filter(|i| matches!(i.what, What::Massage { booked: true, .. }))
        .count();
    let massages = items
        .iter()
        .filter(|i| matches!(i.what, What::Massage { .. }))
        .count();
    Totals {
        massages,
        booked,
        proposed: massages - booked,
        spend_cents: months.iter().map(|m| m.spend_cents).sum(),
        self_massage_days: items
            .iter()
            .filter(|i| matches!(i.what, What::SelfMassage { .. }))
            .count(),
    }
}
