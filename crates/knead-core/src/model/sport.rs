//! The sports of recorded activities: one vocabulary for every file format,
//! written as kebab-case strings in JSON and CSV (`run`, `trail-run`,
//! `indoor-ride`, `pool-swim`, ...), each in a [`SportFamily`] that the load
//! model reasons with.

use serde::{Deserialize, Serialize};

/// Sport of a recorded activity, as precise as the file says it.
///
/// The names are those of [`Sport::as_str`] (and serde): e.g. `run`,
/// `treadmill-run`, `mountain-bike-ride`, `open-water-swim`, `other`. Readers
/// map each format's own words onto these (see `knead_formats::activity::sport`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Sport {
    /// A run on roads or of unknown kind.
    Run,
    /// A trail or off-road run (obstacle and ultra trail races too).
    TrailRun,
    /// A run on a treadmill.
    TreadmillRun,
    /// A run on a running track.
    TrackRun,
    /// A run indoors, not on a treadmill (an indoor track, a hall).
    IndoorRun,
    /// A treadmill run in a virtual world (Zwift, say).
    VirtualRun,
    /// A walk (casual, speed or indoor walking).
    Walk,
    /// A hike or a mountaineering day.
    Hike,
    /// Snowshoeing.
    Snowshoe,
    /// A wheelchair push (walk or run pace).
    Wheelchair,
    /// A swim of unknown kind.
    Swim,
    /// A swim in a pool (lap swimming).
    PoolSwim,
    /// A swim in open water.
    OpenWaterSwim,
    /// Rowing on water.
    Row,
    /// Rowing on a machine (ergometer).
    IndoorRow,
    /// A ride on the road or of unknown kind (track, BMX, recumbent, commuting).
    Ride,
    /// A ride on a trainer or a spin bike.
    IndoorRide,
    /// A trainer ride in a virtual world (Zwift, say).
    VirtualRide,
    /// A mountain-bike ride (downhill and enduro too).
    MountainBikeRide,
    /// A gravel, cyclocross or mixed-surface ride.
    GravelRide,
    /// A ride on an e-bike.
    EBikeRide,
    /// A ride on an electric mountain bike.
    EMountainBikeRide,
    /// A hand-cycle ride (indoor or out).
    Handcycle,
    /// Cross-country (Nordic) skiing, classic or skate.
    CrossCountrySki,
    /// Alpine (resort, downhill) skiing.
    AlpineSki,
    /// Backcountry (touring) skiing.
    BackcountrySki,
    /// Roller skiing.
    RollerSki,
    /// Snowboarding.
    Snowboard,
    /// Ice skating.
    IceSkate,
    /// Inline skating.
    InlineSkate,
    /// An elliptical trainer.
    Elliptical,
    /// A stair climber or stair stepper (floor climbing too).
    StairClimb,
    /// Strength (weight) training.
    Strength,
    /// Yoga.
    Yoga,
    /// Pilates.
    Pilates,
    /// Flexibility and mobility work, stretching.
    Mobility,
    /// High-intensity interval training (HIIT, CrossFit, AMRAP, EMOM, Tabata).
    Hiit,
    /// Cardio training, gym workouts and classes of unknown kind (boxing, dance, jump rope).
    Cardio,
    /// Paddling of unknown kind, rafting.
    Paddle,
    /// Kayaking.
    Kayak,
    /// Canoeing.
    Canoe,
    /// Stand-up paddleboarding.
    StandUpPaddle,
    /// Rock climbing and bouldering.
    Climb,
    /// Indoor (gym) climbing.
    IndoorClimb,
    /// Team sports: football, basketball, hockey, rugby, volleyball...
    TeamSport,
    /// Racket sports: tennis, squash, badminton, padel, pickleball, table tennis...
    RacketSport,
    /// Board and wind water sports: surfing, sailing, windsurfing, kitesurfing...
    WaterSport,
    /// A multisport activity (triathlon, duathlon) as a whole.
    Multisport,
    /// A multisport transition.
    Transition,
    /// Anything else, or a sport the file names that knead does not know.
    Other,
}

/// The broad kind of a [`Sport`], for rules that do not care about the
/// sub-kind: the load model counts every sport of the [`SportFamily::Run`]
/// family as running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SportFamily {
    /// Running of any kind.
    Run,
    /// Walking, hiking, snowshoeing.
    Walk,
    /// Swimming.
    Swim,
    /// Rowing.
    Row,
    /// Cycling of any kind.
    Ride,
    /// Snow sports: skiing of every kind, snowboarding.
    Ski,
    /// Skating.
    Skate,
    /// Gym work: machines, strength, yoga, HIIT, cardio classes.
    Gym,
    /// Paddle sports.
    Paddle,
    /// Climbing.
    Climb,
    /// Team and racket sports.
    Team,
    /// Multisport and transitions.
    Multisport,
    /// Everything else.
    Other,
}

impl Sport {
    /// Every sport, in declaration order.
    pub const ALL: &'static [Sport] = &[
        Sport::Run,
        Sport::TrailRun,
        Sport::TreadmillRun,
        Sport::TrackRun,
        Sport::IndoorRun,
        Sport::VirtualRun,
        Sport::Walk,
        Sport::Hike,
        Sport::Snowshoe,
        Sport::Wheelchair,
        Sport::Swim,
        Sport::PoolSwim,
        Sport::OpenWaterSwim,
        Sport::Row,
        Sport::IndoorRow,
        Sport::Ride,
        Sport::IndoorRide,
        Sport::VirtualRide,
        Sport::MountainBikeRide,
        Sport::GravelRide,
        Sport::EBikeRide,
        Sport::EMountainBikeRide,
        Sport::Handcycle,
        Sport::CrossCountrySki,
        Sport::AlpineSki,
        Sport::BackcountrySki,
        Sport::RollerSki,
        Sport::Snowboard,
        Sport::IceSkate,
        Sport::InlineSkate,
        Sport::Elliptical,
        Sport::StairClimb,
        Sport::Strength,
        Sport::Yoga,
        Sport::Pilates,
        Sport::Mobility,
        Sport::Hiit,
        Sport::Cardio,
        Sport::Paddle,
        Sport::Kayak,
        Sport::Canoe,
        Sport::StandUpPaddle,
        Sport::Climb,
        Sport::IndoorClimb,
        Sport::TeamSport,
        Sport::RacketSport,
        Sport::WaterSport,
        Sport::Multisport,
        Sport::Transition,
        Sport::Other,
    ];

    /// The kebab-case name used in JSON and CSV, e.g. `trail-run`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sport::Run => "run",
            Sport::TrailRun => "trail-run",
            Sport::TreadmillRun => "treadmill-run",
            Sport::TrackRun => "track-run",
            Sport::IndoorRun => "indoor-run",
            Sport::VirtualRun => "virtual-run",
            Sport::Walk => "walk",
            Sport::Hike => "hike",
            Sport::Snowshoe => "snowshoe",
            Sport::Wheelchair => "wheelchair",
            Sport::Swim => "swim",
            Sport::PoolSwim => "pool-swim",
            Sport::OpenWaterSwim => "open-water-swim",
            Sport::Row => "row",
            Sport::IndoorRow => "indoor-row",
            Sport::Ride => "ride",
            Sport::IndoorRide => "indoor-ride",
            Sport::VirtualRide => "virtual-ride",
            Sport::MountainBikeRide => "mountain-bike-ride",
            Sport::GravelRide => "gravel-ride",
            Sport::EBikeRide => "e-bike-ride",
            Sport::EMountainBikeRide => "e-mountain-bike-ride",
            Sport::Handcycle => "handcycle",
            Sport::CrossCountrySki => "cross-country-ski",
            Sport::AlpineSki => "alpine-ski",
            Sport::BackcountrySki => "backcountry-ski",
            Sport::RollerSki => "roller-ski",
            Sport::Snowboard => "snowboard",
            Sport::IceSkate => "ice-skate",
            Sport::InlineSkate => "inline-skate",
            Sport::Elliptical => "elliptical",
            Sport::StairClimb => "stair-climb",
            Sport::Strength => "strength",
            Sport::Yoga => "yoga",
            Sport::Pilates => "pilates",
            Sport::Mobility => "mobility",
            Sport::Hiit => "hiit",
            Sport::Cardio => "cardio",
            Sport::Paddle => "paddle",
            Sport::Kayak => "kayak",
            Sport::Canoe => "canoe",
            Sport::StandUpPaddle => "stand-up-paddle",
            Sport::Climb => "climb",
            Sport::IndoorClimb => "indoor-climb",
            Sport::TeamSport => "team-sport",
            Sport::RacketSport => "racket-sport",
            Sport::WaterSport => "water-sport",
            Sport::Multisport => "multisport",
            Sport::Transition => "transition",
            Sport::Other => "other",
        }
    }

    /// The sport named `name` as [`Sport::as_str`] writes it; `None` for any other text.
    pub fn from_name(name: &str) -> Option<Sport> {
        Sport::ALL.iter().copied().find(|s| s.as_str() == name)
    }

    /// The family this sport belongs to.
    pub fn family(self) -> SportFamily {
        use Sport::*;
        match self {
            Run | TrailRun | TreadmillRun | TrackRun | IndoorRun | VirtualRun => SportFamily::Run,
            Walk | Hike | Snowshoe => SportFamily::Walk,
            Swim | PoolSwim | OpenWaterSwim => SportFamily::Swim,
            Row | IndoorRow => SportFamily::Row,
            Ride | IndoorRide | VirtualRide | MountainBikeRide | GravelRide | EBikeRide
            | EMountainBikeRide | Handcycle => SportFamily::Ride,
            CrossCountrySki | AlpineSki | BackcountrySki | RollerSki | Snowboard => {
                SportFamily::Ski
            }
            IceSkate | InlineSkate => SportFamily::Skate,
            Elliptical | StairClimb | Strength | Yoga | Pilates | Mobility | Hiit | Cardio => {
                SportFamily::Gym
            }
            Paddle | Kayak | Canoe | StandUpPaddle => SportFamily::Paddle,
            Climb | IndoorClimb => SportFamily::Climb,
            TeamSport | RacketSport => SportFamily::Team,
            Multisport | Transition => SportFamily::Multisport,
            Wheelchair | WaterSport | Other => SportFamily::Other,
        }
    }

    /// True for every kind of run (road, trail, treadmill, track, indoor,
    /// virtual): what the load model counts as running.
    pub fn is_run(self) -> bool {
        self.family() == SportFamily::Run
    }
}

impl std::fmt::Display for Sport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl SportFamily {
    /// The kebab-case name, e.g. `run`.
    pub fn as_str(self) -> &'static str {
        match self {
            SportFamily::Run => "run",
            SportFamily::Walk => "walk",
            SportFamily::Swim => "swim",
            SportFamily::Row => "row",
            SportFamily::Ride => "ride",
            SportFamily::Ski => "ski",
            SportFamily::Skate => "skate",
            SportFamily::Gym => "gym",
            SportFamily::Paddle => "paddle",
            SportFamily::Climb => "climb",
            SportFamily::Team => "team",
            SportFamily::Multisport => "multisport",
            SportFamily::Other => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_serde_names_and_round_trip() {
        assert_eq!(Sport::ALL.len(), 50);
        for s in Sport::ALL {
            let json = serde_json::to_string(s).expect("serialises");
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(Sport::from_name(s.as_str()), Some(*s));
            assert_eq!(s.to_string(), s.as_str());
            let fam = serde_json::to_string(&s.family()).expect("serialises");
            assert_eq!(fam, format!("\"{}\"", s.family().as_str()));
        }
        let back: Sport = serde_json::from_str("\"e-mountain-bike-ride\"").expect("parses");
        assert_eq!(back, Sport::EMountainBikeRide);
        assert_eq!(Sport::from_name("running"), None);
    }

    #[test]
    fn every_run_and_only_runs_are_runs() {
        let runs: Vec<&str> = Sport::ALL
            .iter()
            .filter(|s| s.is_run())
            .map(|s| s.as_str())
            .collect();
        assert_eq!(
            runs,
            [
                "run",
                "trail-run",
                "treadmill-run",
                "track-run",
                "indoor-run",
                "virtual-run"
            ]
        );
        assert_eq!(Sport::Walk.family(), SportFamily::Walk);
        assert_eq!(Sport::IndoorRide.family(), SportFamily::Ride);
        assert!(!Sport::Wheelchair.is_run() && !Sport::Other.is_run());
    }
}
