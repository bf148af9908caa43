//! Small pieces of wording shared by every renderer.

use jiff::civil::Date;
use knead_core::model::{credit_kind_words, money};
use knead_core::plan::{CreditUse, Item, Reason, Schedule, What};
use knead_core::safety::Action;
use knead_core::slots::{Slot, show_time};

/// "Mon 21 Dec".
pub fn short_day(date: Date) -> String {
    date.strftime("%a %d %b").to_string()
}

/// "Tue 3 Mar": a day in messages (no leading zero).
pub fn day_name(date: Date) -> String {
    date.strftime("%a %-d %b").to_string()
}

/// "Tue 3 Mar 17:30-18:30 (Europe/Paris)": the day and time of an appointment.
pub fn slot_line(date: Date, slot: &Slot) -> String {
    format!(
        "{} {}-{} ({})",
        day_name(date),
        show_time(slot.start),
        show_time(slot.end),
        slot.time_zone
    )
}

/// The [`headline`], followed by the item's slot when it has one: "massage:
/// Swedish (light) · 55 EUR · Tue 3 Mar 17:30-18:30 (Europe/Paris)".
pub fn headline_with_slot(item: &Item, currency: &str) -> String {
    let head = headline(item, currency);
    match &item.slot {
        Some(slot) => format!("{head} · {}", slot_line(item.date, slot)),
        None => head,
    }
}

/// The headline of an item, e.g. "massage: deep tissue · 70 EUR (booked)",
/// or "massage: deep tissue · paid with credit (Clinic 10-pack)".
pub fn headline(item: &Item, currency: &str) -> String {
    match &item.what {
        What::Massage {
            kind,
            booked,
            price_cents,
            credit,
            ..
        } => format!(
            "massage: {} · {}{}",
            kind.label(),
            match credit {
                Some(package) => format!("paid with credit ({package})"),
                None => format!("{} {currency}", money(*price_cents)),
            },
            if *booked { " (booked)" } else { "" }
        ),
        What::SelfMassage { tools, areas, .. } => format!(
            "self-massage: {} on {}",
            tools
                .iter()
                .map(|t| t.label())
                .collect::<Vec<_>>()
                .join(" + "),
            areas
                .iter()
                .map(|a| a.label())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        What::Aftercare { .. } => "aftercare".to_string(),
    }
}

/// "R-POST-HARD \[B\] 1 day(s) after a hard session ...". When the grade is for a
/// claim of the sources that the advice replaces, the grade goes with the claim:
/// "R-HYDRATE drink to thirst; ... (the source's 'drink extra water after a
/// massage' is graded D)".
pub fn reason_line(r: &Reason) -> String {
    match r.graded_claim {
        Some(claim) => format!(
            "{} {} (the source's '{claim}' is graded {})",
            r.rule,
            r.text,
            r.grade.as_str()
        ),
        None => format!("{} [{}] {}", r.rule, r.grade.as_str(), r.text),
    }
}

/// The safety banner lines when an alert blocks or refers (empty otherwise):
/// every format starts with them, and every calendar event carries them.
pub fn safety_banner(s: &Schedule) -> Vec<String> {
    alert_lines(s, true)
}

/// One line per health flag in the window: blocking ones as `SAFETY`, the rest
/// (an area to avoid, light work only) as `HEALTH`.
pub fn alert_lines(s: &Schedule, blocking_only: bool) -> Vec<String> {
    s.alerts
        .iter()
        .filter(|a| !blocking_only || matches!(a.action, Action::Block | Action::Refer))
        .map(|a| {
            let until = a
                .until
                .map(|u| format!(" until {u}"))
                .unwrap_or_else(|| " (no end date)".into());
            let tag = if matches!(a.action, Action::Block | Action::Refer) {
                "SAFETY"
            } else {
                "HEALTH"
            };
            format!("{tag} {}: from {}{until}: {}", a.rule_id, a.from, a.message)
        })
        .collect()
}

/// One prepaid package in a schedule's summary, e.g. "Clinic 10-pack
/// (deep-tissue, until 2027-06-30): 10 sessions; 4 used in this plan; 6 left,
/// 6 expire unused", or "any-type package until 2027-12-31: 2 sessions; ...".
pub fn credit_line(c: &CreditUse) -> String {
    let name = match &c.name {
        Some(_) => format!(
            "{} ({}, until {})",
            c.label,
            credit_kind_words(c.kind),
            c.valid_until
        ),
        None => c.label.clone(),
    };
    let mut used = format!("{} used in this plan", c.used);
    if c.used_before > 0 {
        used.push_str(&format!(", {} before it", c.used_before));
    }
    if c.used_after > 0 {
        used.push_str(&format!(", {} by bookings after it", c.used_after));
    }
    let expiring = if c.expiring_unused > 0 {
        format!(", {} expire unused", c.expiring_unused)
    } else {
        String::new()
    };
    format!(
        "{name}: {} session{}; {used}; {} left{expiring}",
        c.sessions,
        if c.sessions == 1 { "" } else { "s" },
        c.left
    )
}

/// "100 EUR/month".
pub fn budget_line(s: &Schedule) -> String {
    let budget = s.months.first().map_or(0, |m| m.budget_cents);
    format!("{} {}/month", money(budget), s.currency)
}

/// `s` with its first letter in upper case ("massage: deep" → "Massage: deep").
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
