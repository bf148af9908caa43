//! The training-load series for people and spreadsheets: a table and CSV.

use std::fmt::Write;

use knead_app::respond::LoadResponse;

/// CSV: `date,load,ctl,atl,tsb`.
pub fn csv(r: &LoadResponse) -> String {
    let mut s = String::from("date,load,ctl,atl,tsb\n");
    for d in &r.series {
        let _ = writeln!(
            s,
            "{},{:.1},{:.1},{:.1},{:.1}",
            d.date, d.load, d.ctl, d.atl, d.tsb
        );
    }
    s
}

/// A table with the acute:chronic ratio, and a legend naming the averaging
/// (`weighting`, e.g. "1/N (TrainingPeaks)") and its periods.
pub fn table(r: &LoadResponse, ctl_days: f64, atl_days: f64, weighting: &str) -> String {
    let mut s = format!(
        "{:<10} {:>7} {:>7} {:>7} {:>7} {:>6}\n",
        "DATE", "LOAD", "CTL", "ATL", "TSB", "A:C"
    );
    for (d, rounded) in r.series.iter().zip(&r.days) {
        let ratio = rounded
            .acwr
            .map(|x| format!("{x:.2}"))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            s,
            "{} {:>7.1} {:>7.1} {:>7.1} {:>7.1} {:>6}",
            d.date, d.load, d.ctl, d.atl, d.tsb, ratio
        );
    }
    let _ = writeln!(
        s,
        "CTL fitness ({ctl_days:.0}-day), ATL fatigue ({atl_days:.0}-day), TSB form = yesterday's CTL - ATL (L-PMC), {weighting} weighting.\nA:C is the acute:chronic ratio, a trend only, not an injury risk (L-ACWR)."
    );
    s
}
