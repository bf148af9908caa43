//! "Did you mean": the known names nearest to a misspelt one.
//!
//! Only the nearest names are suggested. A name is near when it is at most a third of the input's length away in
//! edit distance (Damerau-Levenshtein: insertions, deletions, substitutions and
//! swaps of neighbours), and fewer edits away than the input is long; or when
//! the shorter of the two, at least two letters long, begins the other or is
//! one of its words, split at hyphens, underscores and slashes (`tempo-run`
//! and `tempo`, `miles` and `mi`, `budget` and `monthly_budget`, `london` and
//! `europe/london`).

/// At most this many names are suggested.
const MAX_SUGGESTIONS: usize = 3;

/// The near `candidates` that are nearest to `input` (all at the same, smallest
/// distance), in the order given, at most three; empty when none is near.
/// Compares names as given: callers normalise case and separators first.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let input_len = input.chars().count();
    let limit = (input_len / 3).max(1);
    let mut near: Vec<(usize, &'a str)> = Vec::new();
    for candidate in candidates {
        if candidate == input || near.iter().any(|(_, c)| *c == candidate) {
            continue;
        }
        let distance = strsim::damerau_levenshtein(input, candidate);
        let close = distance <= limit && distance < input_len;
        if close || is_part_of(input, candidate) || is_part_of(candidate, input) {
            near.push((distance, candidate));
        }
    }
    let Some(best) = near.iter().map(|&(distance, _)| distance).min() else {
        return Vec::new();
    };
    near.into_iter()
        .filter(|&(distance, _)| distance == best)
        .take(MAX_SUGGESTIONS)
        .map(|(_, candidate)| candidate)
        .collect()
}

/// Whether `part`, at least two letters long, begins `name` or is one of its
/// words (split at hyphens, underscores and slashes).
fn is_part_of(part: &str, name: &str) -> bool {
    part.chars().count() >= 2
        && (name.starts_with(part) || name.split(['-', '_', '/']).any(|w| w == part))
}

/// `did you mean "a"?`, `did you mean "a" or "b"?`, `did you mean "a", "b" or
/// "c"?`; `None` when there is nothing to suggest.
pub fn did_you_mean(names: &[impl AsRef<str>]) -> Option<String> {
    let quoted: Vec<String> = names
        .iter()
        .map(|n| format!("\"{}\"", n.as_ref()))
        .collect();
    let list = match quoted.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    Some(format!("did you mean {list}?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_nearest_names_are_suggested() {
        let kinds = ["rest", "easy", "recovery", "long", "tempo", "intervals"];
        assert_eq!(nearest("tmepo", kinds), ["tempo"]);
        assert_eq!(nearest("intervls", kinds), ["intervals"]);
        assert_eq!(nearest("tempo-run", kinds), ["tempo"]);
        assert_eq!(nearest("rset", kinds), ["rest"]);
        assert!(nearest("swimming", kinds).is_empty());
        let ids = ["higdon_adv_mara1", "higdon_nov_half1", "higdon_nov_mara1"];
        assert_eq!(nearest("higdon_nov_mara", ids), ["higdon_nov_mara1"]);
        let fields = ["name", "time_zone", "monthly_budget"];
        assert_eq!(nearest("budget", fields), ["monthly_budget"]);
        let zones = ["europe/london", "europe/lisbon", "america/new_york"];
        assert_eq!(nearest("london", zones), ["europe/london"]);
    }

    #[test]
    fn the_start_or_a_word_of_a_name_counts() {
        let tools = ["foam-roller", "massage-stick", "ball", "percussion-gun"];
        assert_eq!(nearest("foam", tools), ["foam-roller"]);
        assert_eq!(nearest("gun", tools), ["percussion-gun"]);
        assert_eq!(nearest("miles", ["km", "mi"]), ["mi"]);
        // Neither the start nor a whole word.
        assert!(nearest("roll", tools).is_empty());
    }

    #[test]
    fn short_names_need_fewer_edits_than_letters() {
        assert!(nearest("d", ["a", "b", "c"]).is_empty());
        assert_eq!(nearest("mn", ["mon", "tue", "sun"]), ["mon"]);
    }

    #[test]
    fn at_most_three_are_suggested_and_each_once() {
        let near = nearest("ab", ["aa", "ac", "ad", "ae", "ac"]);
        assert_eq!(near, ["aa", "ac", "ad"]);
    }

    #[test]
    fn suggestions_read_as_a_question() {
        assert_eq!(did_you_mean(&[] as &[&str]), None);
        assert_eq!(did_you_mean(&["a"]).as_deref(), Some("did you mean \"a\"?"));
        assert_eq!(
            did_you_mean(&["a", "b", "c"]).as_deref(),
            Some("did you mean \"a\", \"b\" or \"c\"?")
        );
    }
}
