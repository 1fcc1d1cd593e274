//! `ensemble demo`: a believable sample, for trying Ensemble out. Safe to run twice: what
//! exists already is kept, and only what is missing is created.

use crate::accounts::admin;
use crate::events::{self, EventForm};
use crate::sessions::Viewer;
use crate::{App, AppResult, comments, participations};
use chrono::{Duration, Utc};
use ensemble_domain::Role;
use ensemble_store::entities::{events as event_rows, participations as participation_rows};
use ensemble_store::queries::actors as actor_queries;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The password of every demo account (they are for trying out only).
pub const PASSWORD: &str = "ensemble demo password";

const PEOPLE: [(&str, &str, &str); 5] = [
    ("rose@demo.invalid", "rose", "Rose"),
    ("narcisse@demo.invalid", "narcisse", "Narcisse"),
    ("camille@demo.invalid", "camille", "Camille"),
    ("benedict@demo.invalid", "benedict", "Benedict"),
    ("karate@demo.invalid", "dojo_martin", "Dojo Martin"),
];

async fn person(app: &App, email: &str, username: &str, name: &str, created: &mut Vec<String>) -> AppResult<Viewer> {
    if actor_queries::local_by_username(&app.db, username).await?.is_none() {
        admin::create_user(app, email, username, Some(PASSWORD), Role::User).await?;
        created.push(app.url(&format!("/@{username}")));
    }
    let summary = admin::find_user(app, email).await?;
    let identity = summary.identities.into_iter().find(|a| a.username == username).ok_or(crate::AppError::NotFound)?;
    if identity.display_name.is_empty() {
        let viewer = Viewer { token_hash: String::new(), account: summary.account.clone(), identity: identity.clone() };
        let form = crate::identities::IdentityForm {
            display_name: name.to_owned(),
            bio: format!("Hello, I am {name}."),
            ..Default::default()
        };
        crate::identities::update_identity(app, &viewer, username, form).await?;
    }
    let identity = actor_queries::live_local_by_username(&app.db, username).await?.ok_or(crate::AppError::NotFound)?;
    Ok(Viewer { token_hash: String::new(), account: summary.account, identity })
}

struct Sample {
    title: &'static str,
    days: i64,
    time: &'static str,
    zone: &'static str,
    place: (&'static str, &'static str, &'static str),
    coordinates: (&'static str, &'static str),
    online: &'static str,
    description: &'static str,
    language: &'static str,
    category: &'static str,
    capacity: &'static str,
    join_mode: &'static str,
    publish: bool,
}

const SAMPLES: [Sample; 6] = [
    Sample {
        title: "Plus d'arbres, moins de pubs !",
        days: 12,
        time: "14:00",
        zone: "Europe/Paris",
        place: ("Parc de la Villette", "211 avenue Jean Jaurès", "Paris"),
        coordinates: ("48.8938", "2.3906"),
        online: "",
        description: "Plantation collective d'arbres. Apportez des gants !",
        language: "fr",
        category: "CAUSES",
        capacity: "",
        join_mode: "free",
        publish: true,
    },
    Sample {
        title: "Karate for beginners",
        days: 5,
        time: "18:30",
        zone: "Europe/Paris",
        place: ("Dojo Martin", "12 rue du Sport", "Lyon"),
        coordinates: ("45.7640", "4.8357"),
        online: "",
        description: "A first lesson, no experience needed. **Places are limited.**",
        language: "en",
        category: "SPORTS",
        capacity: "2",
        join_mode: "free",
        publish: true,
    },
    Sample {
        title: "Online repair café",
        days: 3,
        time: "19:00",
        zone: "America/Montreal",
        place: ("", "", ""),
        coordinates: ("", ""),
        online: "https://meet.example.org/repair-cafe",
        description: "Bring a broken thing to your webcam; we help you fix it.",
        language: "en",
        category: "CRAFTS",
        capacity: "",
        join_mode: "free",
        publish: true,
    },
    Sample {
        title: "Assemblée générale de l'association",
        days: 20,
        time: "18:00",
        zone: "Europe/Paris",
        place: ("Maison des associations", "3 place du Marché", "Nantes"),
        coordinates: ("", ""),
        online: "",
        description: "Ordre du jour : bilan, budget, élection du bureau.",
        language: "fr",
        category: "MEETING",
        capacity: "",
        join_mode: "restricted",
        publish: true,
    },
    Sample {
        title: "Winter picnic (past)",
        days: -30,
        time: "12:00",
        zone: "Europe/Brussels",
        place: ("Bois de la Cambre", "", "Bruxelles"),
        coordinates: ("50.8096", "4.3774"),
        online: "",
        description: "It was cold, and lovely.",
        language: "en",
        category: "OUTDOORS_ADVENTURE",
        capacity: "",
        join_mode: "free",
        publish: true,
    },
    Sample {
        title: "Anniversaire surprise (brouillon)",
        days: 40,
        time: "20:00",
        zone: "Europe/Paris",
        place: ("Chez Narcisse", "", "Rennes"),
        coordinates: ("", ""),
        online: "",
        description: "Chut ! C'est une surprise.",
        language: "fr",
        category: "PARTY",
        capacity: "",
        join_mode: "invite",
        publish: false,
    },
];

/// Fills the instance; returns the address of everything created, one per entry.
pub async fn fill(app: &App) -> AppResult<Vec<String>> {
    let mut created = Vec::new();
    let mut people = Vec::new();
    for (email, username, name) in PEOPLE {
        people.push(person(app, email, username, name, &mut created).await?);
    }
    let [rose, narcisse, camille, benedict, dojo] =
        <[Viewer; 5]>::try_from(people).map_err(|_| crate::AppError::NotFound)?;
    for (sample, organizer) in SAMPLES.iter().zip([&rose, &dojo, &camille, &benedict, &rose, &narcisse]) {
        let exists = event_rows::Entity::find()
            .filter(event_rows::Column::Title.eq(sample.title))
            .filter(event_rows::Column::OrganizerId.eq(organizer.identity.id))
            .one(&app.db)
            .await?;
        if exists.is_some() {
            continue;
        }
        let date = (Utc::now() + Duration::days(sample.days)).format("%Y-%m-%d").to_string();
        let mut form = EventForm {
            title: sample.title.into(),
            description: sample.description.into(),
            start_date: date.clone(),
            start_time: sample.time.into(),
            end_date: date,
            end_time: "23:00".into(),
            time_zone: sample.zone.into(),
            place_name: sample.place.0.into(),
            street: sample.place.1.into(),
            locality: sample.place.2.into(),
            latitude: sample.coordinates.0.into(),
            longitude: sample.coordinates.1.into(),
            online_url: sample.online.into(),
            category: sample.category.into(),
            language: sample.language.into(),
            capacity: sample.capacity.into(),
            show_remaining: !sample.capacity.is_empty(),
            join_mode: sample.join_mode.into(),
            anonymous_participation: sample.join_mode == "free",
            comments_enabled: true,
            publish: sample.publish,
            ..Default::default()
        };
        let event = events::create_event(app, organizer, &mut form).await?;
        let uuid = event.uuid.to_string();
        created.push(app.url(&format!("/events/{uuid}")));
        if !sample.publish {
            continue;
        }
        // The karate course fills up and has a waitlist; the others get a few participants.
        // Nobody joins a past event any more.
        let guests = if sample.days < 0 { Vec::new() } else { vec![&narcisse, &camille, &benedict, &rose] };
        for guest in guests.into_iter().filter(|g| g.identity.id != organizer.identity.id) {
            participations::join_event(app, guest, &uuid, "", "").await?;
        }
        let first =
            comments::post_comment(app, &camille, &uuid, "Looking forward to it! / J'ai hâte !", None, false).await?;
        comments::post_comment(
            app,
            organizer,
            &uuid,
            "See you there. / À bientôt.",
            Some(&first.uuid.to_string()),
            false,
        )
        .await?;
    }
    let waitlisted = participation_rows::Entity::find()
        .filter(participation_rows::Column::Role.eq("waitlisted"))
        .one(&app.db)
        .await?;
    if waitlisted.is_some() {
        tracing::info!("the karate course is full and has a waitlist");
    }
    Ok(created)
}

/// A large public event with `participants` participants and `comments` comments, for
/// benchmarks and for seeing how pages hold up; returns its address.
pub async fn crowd(app: &App, participants: usize, comments: usize) -> AppResult<String> {
    let mut created = Vec::new();
    let organizer = person(app, "crowd@demo.invalid", "crowd_organizer", "Crowd organiser", &mut created).await?;
    let mut form = EventForm {
        title: "Big assembly".into(),
        description: "A large event, with many participants and comments.".into(),
        start_date: (Utc::now() + Duration::days(30)).format("%Y-%m-%d").to_string(),
        start_time: "10:00".into(),
        time_zone: "Europe/Paris".into(),
        place_name: "Grande salle".into(),
        locality: "Paris".into(),
        comments_enabled: true,
        publish: true,
        ..Default::default()
    };
    let uuid = events::create_event(app, &organizer, &mut form).await?.uuid.to_string();
    for i in 0..participants {
        let guest =
            person(app, &format!("crowd{i}@demo.invalid"), &format!("crowd_{i}"), &format!("Guest {i}"), &mut created)
                .await?;
        participations::join_event(app, &guest, &uuid, "", "").await?;
        if i < comments {
            comments::post_comment(
                app,
                &guest,
                &uuid,
                &format!("Comment number {i}, with a little **Markdown**."),
                None,
                false,
            )
            .await?;
        }
    }
    Ok(app.url(&format!("/events/{uuid}")))
}
