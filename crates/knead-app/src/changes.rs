//! What an edit moved: the recovery items of two schedules of one season
//! compared, in words a runner reads after saving ("Deep tissue massage moved
//! from Tue 3 Mar to Thu 5 Mar").
//!
//! Massages are matched by type: each massage that left a day is paired with
//! the nearest new massage of the same type (a move), and what is left over
//! was dropped or added. Self-massage days and aftercare are counted.

use std::collections::BTreeSet;

use jiff::civil::Date;
use knead_core::model::MassageType;
use knead_core::plan::{Schedule, What};

use crate::edit::day_name;

/// One massage as the comparison sees it.
type Massage = (Date, MassageType, bool);

fn massages(s: &Schedule) -> BTreeSet<Massage> {
    s.items
        .iter()
        .filter_map(|i| match &i.what {
            What::Massage { kind, booked, .. } => Some((i.date, *kind, *booked)),
            _ => None,
        })
        .collect()
}

fn self_days(s: &Schedule) -> BTreeSet<Date> {
    s.items
        .iter()
        .filter(|i| matches!(i.what, What::SelfMassage { .. }))
        .map(|i| i.date)
        .collect()
}

/// What moved between `before` and `after`, one line each, massages first;
/// empty when the recovery plan is the same.
pub fn what_moved(before: &Schedule, after: &Schedule) -> Vec<String> {
    let (old, new) = (massages(before), massages(after));
    // A massage that only changed from proposed to booked did not move.
    let key = |m: &Massage| (m.0, m.1);
    let old_keys: BTreeSet<_> = old.iter().map(key).collect();
    let new_keys: BTreeSet<_> = new.iter().map(key).collect();
    let mut gone: Vec<(Date, MassageType)> = old_keys.difference(&new_keys).copied().collect();
    let mut came: Vec<(Date, MassageType)> = new_keys.difference(&old_keys).copied().collect();
    let mut lines = Vec::new();
    gone.retain(|&(date, kind)| {
        let nearest = came
            .iter()
            .enumerate()
            .filter(|(_, c)| c.1 == kind)
            .min_by_key(|(_, c)| (c.0 - date).get_days().abs());
        match nearest {
            Some((i, &(to, _))) => {
                lines.push(format!(
                    "{} moved from {} to {}",
                    kind.label(),
                    day_name(date),
                    day_name(to)
                ));
                came.remove(i);
                false
            }
            None => true,
        }
    });
    for (date, kind) in gone {
        lines.push(format!("{} on {} dropped", kind.label(), day_name(date)));
    }
    for (date, kind) in came {
        lines.push(format!("{} added on {}", kind.label(), day_name(date)));
    }
    let (old_self, new_self) = (self_days(before), self_days(after));
    let added = new_self.difference(&old_self).count();
    let removed = old_self.difference(&new_self).count();
    if added + removed > 0 {
        lines.push(format!(
            "self-massage: {added} day(s) added, {removed} removed"
        ));
    }
    lines
}

/// The one-line history summary of an edit: what it did, then what moved.
pub fn summary(description: &str, moved: &[String]) -> String {
    if moved.is_empty() {
        format!("{description} (recovery plan unchanged)")
    } else {
        format!("{description}: {}", moved.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use knead_formats::example::MARATHON_TOML;

    use super::*;
    use crate::edit::{self, Edit};
    use crate::respond;
    use crate::season::{self, PlanSource, SeasonInput, TextFile};

    fn schedule(toml: &str) -> Schedule {
        let today = jiff::civil::date(2026, 12, 1);
        let file = TextFile {
            name: "plan.toml",
            text: toml,
        };
        let s = season::prepare(SeasonInput::new(PlanSource::File(file), today)).unwrap();
        respond::plan(&s).unwrap().schedule
    }

    #[test]
    fn the_same_schedule_moved_nothing() {
        let s = schedule(MARATHON_TOML);
        assert!(what_moved(&s, &s).is_empty());
    }

    #[test]
    fn a_hard_session_next_to_a_massage_moves_it() {
        let before = schedule(MARATHON_TOML);
        // Put intervals on the day before, on and after each proposed massage
        // in turn, until one of them moves a massage: the rules forbid deep
        // work the day before a hard session.
        let proposed: Vec<Date> = before
            .items
            .iter()
            .filter_map(|i| match i.what {
                What::Massage { booked: false, .. } => Some(i.date),
                _ => None,
            })
            .collect();
        let mut seen_move = false;
        for date in proposed.iter().take(6) {
            for day in [date.yesterday().unwrap(), *date, date.tomorrow().unwrap()] {
                let done = edit::apply(
                    MARATHON_TOML,
                    &Edit::AddWorkout {
                        date: day,
                        kind: "intervals".into(),
                        minutes: Some(60.0),
                        distance_km: None,
                        title: None,
                    },
                )
                .unwrap();
                let after = schedule(&done.plan_toml);
                let lines = what_moved(&before, &after);
                if lines.iter().any(|l| l.contains("moved from")) {
                    seen_move = true;
                }
                // Whatever moved, the lines account for every changed massage.
                let changed = massages(&before)
                    .symmetric_difference(&massages(&after))
                    .count();
                assert_eq!(changed > 0, lines.iter().any(|l| !l.starts_with("self")));
            }
        }
        assert!(seen_move, "no intervals moved a massage");
    }

    #[test]
    fn summary_reads_as_one_line() {
        assert_eq!(
            summary(
                "Intervals added on Wed 6 Jan",
                &["Deep tissue massage moved from Tue 5 Jan to Thu 7 Jan".into()]
            ),
            "Intervals added on Wed 6 Jan: Deep tissue massage moved from Tue 5 Jan to Thu 7 Jan"
        );
        assert!(summary("x", &[]).contains("unchanged"));
    }
}
