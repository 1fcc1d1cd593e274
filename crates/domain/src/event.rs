//! Events: what an organiser publishes and people join.

use crate::FieldError;
use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Defines a closed set of values with their stored (and wire) names.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($word => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

word_enum! {
    /// Who can see an event.
    Visibility {
        /// Listed, searchable, federated.
        Public = "public",
        /// Reachable by its link only.
        Unlisted = "unlisted",
        /// Only its organisers, participants and invitees.
        Private = "private",
    }
}

word_enum! {
    /// Whether the event will happen (`ical:status`).
    EventStatus {
        Tentative = "tentative",
        Confirmed = "confirmed",
        Cancelled = "cancelled",
    }
}

word_enum! {
    /// How people join (Mobilizon's `joinMode`).
    JoinMode {
        Free = "free",
        /// The organisers approve each request.
        Approval = "restricted",
        /// Only people the organisers invite.
        Invite = "invite",
        /// Registration happens elsewhere, at `external_url`.
        External = "external",
    }
}

word_enum! {
    /// Mobilizon's 30 categories, with their wire names.
    Category {
        Arts = "ARTS",
        BookClubs = "BOOK_CLUBS",
        Business = "BUSINESS",
        Causes = "CAUSES",
        Comedy = "COMEDY",
        Crafts = "CRAFTS",
        FoodDrink = "FOOD_DRINK",
        Health = "HEALTH",
        Music = "MUSIC",
        AutoBoatAir = "AUTO_BOAT_AIR",
        Community = "COMMUNITY",
        FamilyEducation = "FAMILY_EDUCATION",
        FashionBeauty = "FASHION_BEAUTY",
        FilmMedia = "FILM_MEDIA",
        Games = "GAMES",
        LanguageCulture = "LANGUAGE_CULTURE",
        Learning = "LEARNING",
        Lgbtq = "LGBTQ",
        MovementsPolitics = "MOVEMENTS_POLITICS",
        Networking = "NETWORKING",
        Party = "PARTY",
        PerformingVisualArts = "PERFORMING_VISUAL_ARTS",
        Pets = "PETS",
        Photography = "PHOTOGRAPHY",
        OutdoorsAdventure = "OUTDOORS_ADVENTURE",
        SpiritualityReligionBeliefs = "SPIRITUALITY_RELIGION_BELIEFS",
        ScienceTech = "SCIENCE_TECH",
        Sports = "SPORTS",
        Theatre = "THEATRE",
        Meeting = "MEETING",
    }
}

impl Category {
    /// The Fluent key of its name: `category-arts`, `category-book-clubs`, …
    pub fn message_key(self) -> String {
        format!("category-{}", self.as_str().to_ascii_lowercase().replace('_', "-"))
    }
}

word_enum! {
    /// Accessibility features an organiser can announce.
    Accessibility {
        Wheelchair = "wheelchair",
        SignLanguage = "sign-language",
        HearingLoop = "hearing-loop",
        Subtitles = "subtitles",
        QuietSpace = "quiet-space",
    }
}

/// An event's title: trimmed, 3 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    pub fn parse(input: &str) -> Result<Title, FieldError> {
        let title: String = input.trim().chars().filter(|c| !c.is_control()).collect();
        match title.chars().count() {
            0 => Err(FieldError::Required),
            1..=2 => Err(FieldError::TooShort),
            201.. => Err(FieldError::TooLong),
            _ => Ok(Title(title)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone such as `Europe/Paris`.
pub fn parse_time_zone(input: &str) -> Result<Tz, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(FieldError::Required);
    }
    input.parse::<Tz>().map_err(|_| FieldError::TimeZoneUnknown)
}

/// A wall-clock date and time in `zone`, as typed in a form (`2026-12-24` and `19:30`), to UTC.
/// In the hour skipped by a change to summer time the time does not exist: it is refused
/// rather than silently moved. In the hour repeated in autumn, the first occurrence is taken.
pub fn parse_local_time(date: &str, time: &str, zone: Tz) -> Result<DateTime<Utc>, FieldError> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| FieldError::DateInvalid)?;
    let time = if time.trim().is_empty() {
        NaiveTime::MIN
    } else {
        NaiveTime::parse_from_str(time.trim(), "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
            .map_err(|_| FieldError::DateInvalid)?
    };
    match zone.from_local_datetime(&NaiveDateTime::new(date, time)) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(FieldError::TimeSkipped),
    }
}

/// A web address people can follow: http or https only.
pub fn parse_link(input: &str) -> Result<Option<String>, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    if input.len() > 2000 {
        return Err(FieldError::TooLong);
    }
    match url::Url::parse(input) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => Ok(Some(url.to_string())),
        _ => Err(FieldError::UrlInvalid),
    }
}

/// Hashtags from a comma- or space-separated list: `#` dropped, at most 40 characters each,
/// no duplicates (case-insensitively), at most 10.
pub fn parse_tags(input: &str) -> Result<Vec<String>, FieldError> {
    let mut tags: Vec<String> = Vec::new();
    for raw in input.split([',', ' ', '\n']) {
        let tag = raw.trim().trim_start_matches('#');
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > 40 || !tag.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            return Err(FieldError::TagInvalid);
        }
        if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            tags.push(tag.to_owned());
        }
    }
    if tags.len() > 10 {
        return Err(FieldError::TooMany);
    }
    Ok(tags)
}

/// A place's coordinates: both or neither, within the globe.
pub fn parse_coordinates(latitude: &str, longitude: &str) -> Result<Option<(f64, f64)>, FieldError> {
    let (lat, lon) = (latitude.trim(), longitude.trim());
    if lat.is_empty() && lon.is_empty() {
        return Ok(None);
    }
    let lat: f64 = lat.replace(',', ".").parse().map_err(|_| FieldError::CoordinatesInvalid)?;
    let lon: f64 = lon.replace(',', ".").parse().map_err(|_| FieldError::CoordinatesInvalid)?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(FieldError::CoordinatesInvalid);
    }
    Ok(Some((lat, lon)))
}

/// A maximum number of participants; empty means no limit.
pub fn parse_capacity(input: &str) -> Result<Option<i32>, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    match input.parse::<i32>() {
        Ok(n) if n >= 1 => Ok(Some(n)),
        _ => Err(FieldError::CapacityInvalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(Title::parse("  Fête  ").map(|t| t.0), Ok("Fête".to_owned()));
        assert_eq!(Title::parse("ab"), Err(FieldError::TooShort));
        assert_eq!(Title::parse(""), Err(FieldError::Required));
        assert_eq!(Title::parse(&"x".repeat(201)), Err(FieldError::TooLong));
        assert!(Title::parse(&"é".repeat(200)).is_ok());
    }

    #[test]
    fn wall_clock_times_across_daylight_saving_changes() {
        let paris: Tz = parse_time_zone("Europe/Paris").unwrap();
        let montreal: Tz = parse_time_zone("America/Montreal").unwrap();
        // Winter and summer offsets.
        assert_eq!(parse_local_time("2026-12-24", "19:30", paris).unwrap().to_rfc3339(), "2026-12-24T18:30:00+00:00");
        assert_eq!(parse_local_time("2026-07-14", "22:00", paris).unwrap().to_rfc3339(), "2026-07-14T20:00:00+00:00");
        // 29 March 2026, 02:30 does not exist in Paris; 25 October 2026, 02:30 happens twice.
        assert_eq!(parse_local_time("2026-03-29", "02:30", paris), Err(FieldError::TimeSkipped));
        assert_eq!(parse_local_time("2026-10-25", "02:30", paris).unwrap().to_rfc3339(), "2026-10-25T00:30:00+00:00");
        // 8 March 2026, 02:30 does not exist in Montreal; 1 November 2026, 01:30 happens twice.
        assert_eq!(parse_local_time("2026-03-08", "02:30", montreal), Err(FieldError::TimeSkipped));
        assert_eq!(
            parse_local_time("2026-11-01", "01:30", montreal).unwrap().to_rfc3339(),
            "2026-11-01T05:30:00+00:00"
        );
        assert_eq!(parse_local_time("2026-02-30", "10:00", paris), Err(FieldError::DateInvalid));
        assert_eq!(parse_local_time("2026-02-03", "25:00", paris), Err(FieldError::DateInvalid));
        assert_eq!(parse_time_zone("Mars/Olympus"), Err(FieldError::TimeZoneUnknown));
    }

    #[test]
    fn links_tags_coordinates_capacity() {
        assert_eq!(parse_link(""), Ok(None));
        assert_eq!(parse_link("https://meet.example/room"), Ok(Some("https://meet.example/room".into())));
        assert_eq!(parse_link("javascript:alert(1)"), Err(FieldError::UrlInvalid));
        assert_eq!(parse_link("not a link"), Err(FieldError::UrlInvalid));
        assert_eq!(parse_tags("#climat, Climat  vélo,,"), Ok(vec!["climat".into(), "vélo".into()]));
        assert_eq!(parse_tags("a<b"), Err(FieldError::TagInvalid));
        assert_eq!(
            parse_tags(&(0..11).map(|i| format!("t{i}")).collect::<Vec<_>>().join(",")),
            Err(FieldError::TooMany)
        );
        assert_eq!(parse_coordinates("48,85", "2.35"), Ok(Some((48.85, 2.35))));
        assert_eq!(parse_coordinates("", ""), Ok(None));
        assert_eq!(parse_coordinates("91", "0"), Err(FieldError::CoordinatesInvalid));
        assert_eq!(parse_coordinates("48.8", ""), Err(FieldError::CoordinatesInvalid));
        assert_eq!(parse_capacity(""), Ok(None));
        assert_eq!(parse_capacity("12"), Ok(Some(12)));
        assert_eq!(parse_capacity("0"), Err(FieldError::CapacityInvalid));
    }

    #[test]
    fn words_round_trip() {
        assert_eq!(Category::ALL.len(), 30);
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(*c));
        }
        assert_eq!(Category::FoodDrink.message_key(), "category-food-drink");
        assert_eq!(JoinMode::parse("restricted"), Some(JoinMode::Approval));
    }
}
