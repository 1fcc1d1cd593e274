//! Who may do what with an event: one table, every action × every kind of person.

use crate::helpers::*;
use ensemble_domain::participation::EventAction::{self, *};
use ensemble_test_support::TestApp;

const ACTIONS: [EventAction; 9] =
    [View, Edit, Delete, Join, SeeParticipants, ManageParticipants, Comment, ModerateComments, Announce];

/// Expected rights on a public published event, in the order of `ACTIONS`.
const PUBLIC: &[(&str, [bool; 9])] = &[
    //                      view   edit   delete join   see    manage comment moder. announce
    ("visitor", [true, false, false, false, false, false, false, false, false]),
    ("anonymous", [true, false, false, false, false, false, false, false, false]),
    ("participant", [true, false, false, false, false, false, true, false, false]),
    ("other_identity", [true, false, false, true, false, false, true, false, false]),
    ("organizer", [true, true, true, false, true, true, true, true, true]),
    ("co_organizer", [true, true, false, false, true, true, true, true, true]),
    ("moderator", [true, false, true, true, false, false, true, true, false]),
    ("administrator", [true, false, true, true, false, false, true, true, false]),
];

/// On a private event, only those involved see it at all.
const PRIVATE_VIEW: &[(&str, bool)] = &[
    ("visitor", false),
    ("anonymous", false),
    ("participant", true),
    ("other_identity", false),
    ("organizer", true),
    ("co_organizer", true),
    ("moderator", false),
    ("administrator", false),
];

async fn rights(app: &TestApp, who: &str, event: &str) -> Option<[bool; 9]> {
    let viewer = match who {
        "visitor" | "anonymous" => None,
        "other_identity" => Some(viewer_of(app, "organizer_family").await),
        name => Some(viewer_of(app, name).await),
    };
    let details = ensemble_app::events::event_for(&app.app, viewer.as_ref(), event).await.ok()?;
    Some(ACTIONS.map(|a| details.can(a)))
}

#[tokio::test]
async fn event_permissions_table() {
    let app = TestApp::spawn().await;
    use ensemble_domain::Role;
    for (email, name, role) in [
        ("orga@example.org", "organizer", Role::User),
        ("co@example.org", "co_organizer", Role::User),
        ("p@example.org", "participant", Role::User),
        ("mod@example.org", "moderator", Role::Moderator),
        ("admin@example.org", "administrator", Role::Administrator),
    ] {
        ensemble_app::accounts::admin::create_user(&app.app, email, name, Some(PASSWORD), role).await.unwrap();
    }
    let organizer = viewer_of(&app, "organizer").await;
    ensemble_app::identities::create_identity(
        &app.app,
        &organizer,
        ensemble_app::identities::IdentityForm { username: "organizer_family".into(), ..Default::default() },
    )
    .await
    .unwrap();

    for visibility in ["public", "private"] {
        let event = publish_event(&app, "organizer", |f| {
            f.visibility = visibility.into();
            f.anonymous_participation = true;
        })
        .await;
        // The participant joins while the event is public to them; the private one by invitation
        // stands in for it: make them participants directly.
        for (name, decision) in
            [("participant", None), ("co_organizer", Some(ensemble_app::participations::Decision::Promote))]
        {
            let viewer = viewer_of(&app, name).await;
            if visibility == "public" {
                ensemble_app::participations::join_event(&app.app, &viewer, &event, "", "").await.unwrap();
            } else {
                invite(&app, &event, viewer.identity.id).await;
                ensemble_app::participations::join_event(&app.app, &viewer, &event, "", "").await.unwrap();
            }
            if let Some(decision) = decision {
                let (_, rows) =
                    ensemble_app::participations::participants(&app.app, &organizer, &event, None).await.unwrap();
                let id = rows
                    .iter()
                    .find(|p| p.participation.actor_id == Some(viewer.identity.id))
                    .unwrap()
                    .participation
                    .uuid;
                ensemble_app::participations::decide(&app.app, &organizer, &event, &[id], decision, "").await.unwrap();
            }
        }
        // An anonymous participant acts only through the links in their mails: as a visitor.
        if visibility == "public" {
            ensemble_app::participations::join_anonymously(
                &app.app,
                &event,
                "rose@example.org",
                "",
                "127.0.0.1",
                ensemble_domain::Locale::En,
            )
            .await
            .unwrap();
        }
        for (who, expected) in PUBLIC {
            let got = rights(&app, who, &event).await;
            if visibility == "public" {
                assert_eq!(got, Some(*expected), "{who} on a public event");
            } else {
                let visible = PRIVATE_VIEW.iter().find(|(w, _)| w == who).unwrap().1;
                assert_eq!(got.is_some(), visible, "{who} seeing a private event");
                if let Some(got) = got {
                    assert_eq!(&got[1..], &expected[1..], "{who} on a private event");
                }
            }
        }
    }

    // A draft is its organisers' (and the staff's) alone.
    let draft = publish_event(&app, "organizer", |f| f.publish = false).await;
    for (who, visible) in [
        ("visitor", false),
        ("participant", false),
        ("other_identity", false),
        ("organizer", true),
        ("moderator", false),
    ] {
        assert_eq!(rights(&app, who, &draft).await.is_some(), visible, "{who} seeing a draft");
    }
}

/// Invites an identity to an event, as an organiser would.
async fn invite(app: &TestApp, event: &str, actor_id: i64) {
    use ensemble_app::rows::{events, participations};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
    let event = events::Entity::find()
        .filter(events::Column::Uuid.eq(uuid::Uuid::parse_str(event).unwrap()))
        .one(&app.app.db)
        .await
        .unwrap()
        .unwrap();
    participations::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4()),
        event_id: Set(event.id),
        actor_id: Set(Some(actor_id)),
        email: Set(None),
        role: Set("invited".into()),
        message: Set(String::new()),
        locale: Set(None),
        created_at: Set(chrono::Utc::now()),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.app.db)
    .await
    .unwrap();
}
