//! The use cases end to end on real inputs: the example, a template without a
//! plan file, a calendar, and the responses' shapes.

use jiff::civil::date;
use knead_app::respond::{self, RuleFilter};
use knead_app::season::{self, PlanSource, SeasonInput, TemplateChoice, TextFile};
use knead_app::{AppError, Level};
use knead_core::days::days_between;
use knead_core::model::DistanceUnit;
use knead_core::plan::What;

fn today() -> jiff::civil::Date {
    date(2026, 11, 30)
}

#[test]
fn the_schedule_carries_every_day_week_and_total() {
    let season = season::prepare(SeasonInput::new(PlanSource::Example, today())).unwrap();
    assert!(season.is_example);
    assert!(
        season
            .notices
            .iter()
            .any(|n| n.message.contains("built-in example"))
    );
    let s = respond::plan(&season).unwrap().schedule;
    assert_eq!(s.days.len() as i64, days_between(s.from, s.to) + 1);
    // Weeks tile the window: consecutive, Monday-based, no gaps.
    assert_eq!(s.weeks.first().unwrap().from, s.from);
    assert_eq!(s.weeks.last().unwrap().to, s.to);
    for pair in s.weeks.windows(2) {
        assert_eq!(days_between(pair[0].to, pair[1].from), 1);
        assert_eq!(pair[1].monday.weekday(), jiff::civil::Weekday::Monday);
    }
    let massages = s
        .items
        .iter()
        .filter(|i| matches!(i.what, What::Massage { .. }))
        .count();
    assert_eq!(s.totals.massages, massages);
    assert_eq!(s.totals.booked + s.totals.proposed, massages);
    assert!(
        s.days
            .iter()
            .any(|d| d.hard.as_deref().is_some_and(|h| h.contains("race")))
    );
}

#[test]
fn a_template_without_a_plan_file_plans_for_the_default_athlete() {
    let t = knead_formats::template::load("higdon_nov_mara1").unwrap();
    let mut input = SeasonInput::new(PlanSource::DefaultAthlete, today());
    input.template = Some(TemplateChoice {
        template: &t,
        race: date(2027, 4, 25),
        units: DistanceUnit::Mi,
    });
    let season = season::prepare(input).unwrap();
    assert_eq!(season.plan.athlete.currency, "USD");
    assert_eq!(season.plan.races.last().unwrap().date, date(2027, 4, 25));
    assert!(respond::plan(&season).unwrap().schedule.totals.massages > 0);
}

#[test]
fn a_calendar_alone_is_planned_from_today() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20261210\r\nSUMMARY:Sports massage\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20261206\r\nSUMMARY:Long run 2h\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let mut input = SeasonInput::new(PlanSource::DefaultAthlete, today());
    input.calendars.push(TextFile {
        name: "ana.ics",
        text: ics,
    });
    let season = season::prepare(input).unwrap();
    assert_eq!(season.options.from, Some(today()));
    assert_eq!(season.plan.bookings.len(), 1);
    let note = season
        .notices
        .iter()
        .find(|n| n.location.as_deref() == Some("ana.ics"))
        .expect("a note about the calendar");
    assert_eq!(note.level, Level::Note);
    assert!(note.message.contains("1 booked massage(s) imported"));
}

#[test]
fn a_bad_plan_file_is_an_error_with_its_position() {
    let input = SeasonInput::new(
        PlanSource::File(TextFile {
            name: "bad.toml",
            text: "[athlete]\nname = 3\n",
        }),
        today(),
    );
    match season::prepare(input) {
        Err(AppError::PlanFile(e)) => {
            assert_eq!(e.file(), "bad.toml");
            assert_eq!(e.line(), 2);
        }
        other => panic!("expected a plan file error, got {other:?}"),
    }
}

#[test]
fn responses_name_their_format_and_use_rule_id() {
    let season = season::prepare(SeasonInput::new(PlanSource::Example, today())).unwrap();
    let plan = serde_json::to_value(respond::plan(&season).unwrap()).unwrap();
    assert_eq!(plan["format"], "knead-schedule/2");
    assert!(plan["items"][0]["reasons"][0]["rule_id"].is_string());
    assert!(plan["diagnostics"][0]["level"].is_string());
    let check = serde_json::to_value(respond::check(&season).unwrap()).unwrap();
    assert_eq!(check["format"], "knead-check/1");
    let explain =
        serde_json::to_value(respond::explain(&season, date(2027, 3, 16)).unwrap()).unwrap();
    assert_eq!(explain["format"], "knead-explain/2");
    let rules = respond::rules(&RuleFilter {
        grade: Some("d"),
        ..RuleFilter::default()
    })
    .unwrap();
    assert!(rules.rules.iter().all(|r| r.grade.as_str() == "D"));
    assert!(
        respond::rules(&RuleFilter {
            id: Some("R-POST-RAC"),
            ..RuleFilter::default()
        })
        .is_err_and(|e| e.to_string().contains("did you mean \"R-POST-RACE\""))
    );
}
