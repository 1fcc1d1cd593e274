//! The JSON-LD `@context` of every document Ensemble serves.
//!
//! It is Mobilizon's (ActivityStreams, security v1, then the `sc:`, `ical:`, `pt:`, `toot:`
//! and `mz:` terms), so that software written for Mobilizon reads our documents unchanged,
//! with three additions: `rdfs:`, which Mobilizon uses without declaring; `fep8a8e:` and the
//! FEP-8a8e terms Mobilizon does not have (`eventStatus` and its values, `organizers`,
//! `attendees`, `isBannerImage`); and `isAnnouncement`, which Mobilizon sends undeclared.
//! Mobilizon's `"location": {"@id": "sc:location"}` is left out too: it hides the
//! ActivityStreams `location` from JSON-LD readers (Fedify saw no location at all), while
//! plain-JSON readers, Mobilizon included, read the key either way.
//! No term we emit is left undefined. Mobilizon's `"@language": "und"` is left out: it
//! changes nothing for plain-JSON readers and turns every `name` into a `nameMap` for
//! JSON-LD ones.

use serde_json::{Value, json};

/// `https://www.w3.org/ns/activitystreams`
pub const ACTIVITYSTREAMS: &str = "https://www.w3.org/ns/activitystreams";
/// `https://w3id.org/security/v1`, for `publicKey`.
pub const SECURITY_V1: &str = "https://w3id.org/security/v1";

/// The `@context` value: an array of the two standard contexts and our term definitions.
pub fn context() -> Value {
    json!([
        ACTIVITYSTREAMS,
        SECURITY_V1,
        {
            "sc": "http://schema.org#",
            "ical": "http://www.w3.org/2002/12/cal/ical#",
            "pt": "https://joinpeertube.org/ns#",
            "toot": "http://joinmastodon.org/ns#",
            "mz": "https://joinmobilizon.org/ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "fep8a8e": "https://w3id.org/fep/8a8e/",
            "discoverable": "toot:discoverable",
            "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
            "Hashtag": "as:Hashtag",
            "category": "sc:category",
            "uuid": "sc:identifier",
            "maximumAttendeeCapacity": "sc:maximumAttendeeCapacity",
            "remainingAttendeeCapacity": "sc:remainingAttendeeCapacity",
            "PostalAddress": "sc:PostalAddress",
            "address": {"@id": "sc:address", "@type": "sc:PostalAddress"},
            "addressCountry": "sc:addressCountry",
            "addressRegion": "sc:addressRegion",
            "postalCode": "sc:postalCode",
            "addressLocality": "sc:addressLocality",
            "streetAddress": "sc:streetAddress",
            "repliesModerationOptionType": {"@id": "mz:repliesModerationOptionType", "@type": "rdfs:Class"},
            "repliesModerationOption": {"@id": "mz:repliesModerationOption", "@type": "mz:repliesModerationOptionType"},
            "commentsEnabled": {"@id": "pt:commentsEnabled", "@type": "sc:Boolean"},
            "joinModeType": {"@id": "mz:joinModeType", "@type": "rdfs:Class"},
            "joinMode": {"@id": "mz:joinMode", "@type": "mz:joinModeType"},
            "anonymousParticipationEnabled": {"@id": "mz:anonymousParticipationEnabled", "@type": "sc:Boolean"},
            "participationMessage": {"@id": "mz:participationMessage", "@type": "sc:Text"},
            "participantCount": {"@id": "mz:participantCount", "@type": "sc:Integer"},
            "memberCount": {"@id": "mz:memberCount", "@type": "sc:Integer"},
            "isOnline": {"@id": "mz:isOnline", "@type": "sc:Boolean"},
            "externalParticipationUrl": {"@id": "mz:externalParticipationUrl", "@type": "sc:URL"},
            "PropertyValue": "sc:PropertyValue",
            "value": "sc:value",
            "propertyID": "sc:propertyID",
            "inLanguage": "sc:inLanguage",
            "timezone": {"@id": "mz:timezone", "@type": "sc:Text"},
            "discussions": {"@id": "mz:discussions", "@type": "@id"},
            "events": {"@id": "mz:events", "@type": "@id"},
            "members": {"@id": "mz:members", "@type": "@id"},
            "openness": {"@id": "mz:openness", "@type": "@id"},
            "posts": {"@id": "mz:posts", "@type": "@id"},
            "resources": {"@id": "mz:resources", "@type": "@id"},
            "todos": {"@id": "mz:todos", "@type": "@id"},
            "status": {"@id": "ical:status", "@type": "ical:status"},
            "isAnnouncement": {"@id": "mz:isAnnouncement", "@type": "sc:Boolean"},
            "eventStatus": {"@id": "fep8a8e:eventStatus", "@type": "@vocab"},
            "EventScheduled": "fep8a8e:EventScheduled",
            "EventTentative": "fep8a8e:EventTentative",
            "EventCancelled": "fep8a8e:EventCancelled",
            "organizers": {"@id": "fep8a8e:organizers", "@type": "@id"},
            "attendees": {"@id": "fep8a8e:attendees", "@type": "@id"},
            "isBannerImage": {"@id": "fep8a8e:isBannerImage", "@type": "sc:Boolean"}
        }
    ])
}

#[cfg(test)]
mod tests {
    #[test]
    fn starts_with_the_two_standard_contexts() {
        let c = super::context();
        assert_eq!(c[0], super::ACTIVITYSTREAMS);
        assert_eq!(c[1], super::SECURITY_V1);
        assert_eq!(c[2]["sc"], "http://schema.org#");
        assert_eq!(c[2]["status"]["@id"], "ical:status");
    }
}
