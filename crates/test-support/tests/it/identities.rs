use crate::helpers::*;
use ensemble_test_support::TestApp;

/// A JPEG with an EXIF segment carrying a GPS marker.
fn photo_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_fn(900, 600, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90]));
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    let exif = b"Exif\0\0MM\0*\0\0\0\x08\0\0GPSLatitude=48.8566 GPSLongitude=2.3522";
    let len = u16::try_from(exif.len() + 2).unwrap().to_be_bytes();
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1, len[0], len[1]];
    out.extend_from_slice(exif);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[tokio::test]
async fn second_identity_with_avatar_switching_and_privacy() {
    let app = TestApp::spawn().await;
    let browser = signed_up(&app, "rose@example.org", "rose").await;
    let created = browser
        .post_multipart(
            "/identities/new",
            &[
                ("username", "Rose_Family"),
                ("display_name", "Rosie"),
                ("bio", "Aunt of *many*.\n\n<script>alert(1)</script>"),
            ],
            vec![("avatar", "me.jpg", photo_with_gps())],
        )
        .await;
    assert_eq!(created.location().as_deref(), Some("/identities"), "{}", created.body);
    let list = browser.follow(created).await;
    assert_eq!(list.notice().as_deref(), Some("Identity created. Switch to it from the header."));
    assert_eq!(list.texts(".identity-list > li").len(), 2);

    // The public page shows this identity only, its avatar re-encoded without metadata.
    let profile = app.browser().get("/@rose_family").await;
    assert_eq!(profile.status, 200);
    assert_eq!(profile.h1(), "Rosie");
    assert!(profile.body.contains("<em>many</em>"));
    assert!(!profile.body.contains("<script>alert"));
    assert!(
        !profile.body.contains("@rose@") && !profile.body.contains("/@rose\""),
        "nothing links to the other identity"
    );
    let avatar = profile.attr("img.avatar", "src").unwrap();
    assert!(avatar.starts_with("/media/") && avatar.ends_with(".jpg"));
    let picture = browser.raw().get(format!("{}{avatar}", app.base_url)).send().await.unwrap();
    assert_eq!(picture.headers()["content-type"], "image/jpeg");
    let bytes = picture.bytes().await.unwrap();
    assert!(!bytes.windows(11).any(|w| w == b"GPSLatitude"));
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 400);
    let other_profile = app.browser().get("/@rose").await;
    assert!(!other_profile.body.contains("rose_family") && !other_profile.body.contains("Rosie"));

    // Switch from the header, and back.
    assert_eq!(acting_as(&browser).await.as_deref(), Some("rose"));
    let switched = browser.post("/identity/switch", &[("username", "rose_family"), ("back", "/account")]).await;
    assert_eq!(switched.location().as_deref(), Some("/account"));
    assert_eq!(acting_as(&browser).await.as_deref(), Some("rose_family"));
    assert!(browser.get("/identities").await.text(".identity-list li:last-child").unwrap().contains("Acting as"));
    // Another account's identity cannot be switched to, and a hostile "back" goes home.
    signed_up(&app, "camille@example.org", "camille").await;
    assert_eq!(browser.post("/identity/switch", &[("username", "camille"), ("back", "/")]).await.status, 404);
    let offsite = browser.post("/identity/switch", &[("username", "rose"), ("back", "//evil.example/")]).await;
    assert_eq!(offsite.location().as_deref(), Some("/"));

    // Default identity: the one a new log-in acts as.
    assert_eq!(browser.post("/identities/rose_family/default", &[]).await.status, 303);
    let fresh = app.browser();
    log_in(&fresh, "rose@example.org", PASSWORD).await;
    assert_eq!(acting_as(&fresh).await.as_deref(), Some("rose_family"));
}

#[tokio::test]
async fn edit_identity_and_refuse_bad_pictures_keeping_the_form() {
    let app = TestApp::spawn_with(|s| s.uploads.max_banner_bytes = 10_000).await;
    let browser = signed_up(&app, "rose@example.org", "rose").await;
    let form = browser.get("/identities/rose/edit").await;
    assert_eq!(form.status, 200);
    assert!(!form.has("input[name=username]"), "the username cannot change");

    let refused = browser
        .post_multipart(
            "/identities/rose/edit",
            &[("display_name", "Rose Lavande"), ("bio", "Gardener")],
            vec![("avatar", "notes.pdf", b"%PDF-1.7 not a picture".to_vec()), ("banner", "big.jpg", photo_with_gps())],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.field_error("avatar").unwrap().contains("not an image"));
    assert!(refused.field_error("banner").unwrap().contains("too large"));
    assert_eq!(refused.value("display_name").as_deref(), Some("Rose Lavande"));
    assert_eq!(refused.value("bio").as_deref(), Some("Gardener"));

    let saved = browser
        .post_multipart("/identities/rose/edit", &[("display_name", "Rose Lavande"), ("bio", "Gardener")], vec![])
        .await;
    assert_eq!(saved.status, 303);
    assert_eq!(app.browser().get("/@rose").await.h1(), "Rose Lavande");
    let too_long = browser.post_multipart("/identities/rose/edit", &[("display_name", &"x".repeat(201))], vec![]).await;
    assert!(too_long.field_error("display_name").unwrap().contains("too long"));

    // Someone else's identity is not found, for editing as for deleting.
    let camille = signed_up(&app, "camille@example.org", "camille").await;
    assert_eq!(camille.get("/identities/rose/edit").await.status, 404);
    assert_eq!(
        camille.post_multipart("/identities/rose/edit", &[("display_name", "Hacked")], vec![]).await.status,
        404
    );
    assert_eq!(camille.post("/identities/rose/delete", &[]).await.status, 404);
    assert_eq!(app.browser().get("/@rose").await.h1(), "Rose Lavande");
}

#[tokio::test]
async fn delete_identity_keeps_one_and_reserves_the_name() {
    let app = TestApp::spawn().await;
    let browser = signed_up(&app, "rose@example.org", "rose").await;
    let last = browser.post("/identities/rose/delete", &[]).await;
    assert_eq!(last.status, 422);
    assert!(last.text("#form-errors").unwrap().contains("at least one identity"));

    browser.post_multipart("/identities/new", &[("username", "rose_work")], vec![]).await;
    browser.post("/identity/switch", &[("username", "rose_work"), ("back", "/")]).await;
    let confirm = browser.get("/identities/rose_work/delete").await;
    assert!(confirm.h1().contains("rose_work"));
    assert_eq!(browser.post("/identities/rose_work/delete", &[]).await.status, 303);
    assert_eq!(acting_as(&browser).await.as_deref(), Some("rose"), "the browser falls back to the default identity");
    assert_eq!(app.browser().get("/@rose_work").await.status, 404);

    let taken = browser.post_multipart("/identities/new", &[("username", "rose_work")], vec![]).await;
    assert!(taken.field_error("username").unwrap().contains("taken"));
    let other = app.browser();
    assert!(
        submit_sign_up(&other, "x@example.org", "rose_work").await.field_error("username").unwrap().contains("taken")
    );
}

#[tokio::test]
async fn identity_pages_need_a_session() {
    let app = TestApp::spawn().await;
    for path in ["/identities", "/identities/new", "/account", "/account/delete"] {
        assert_eq!(app.browser().get(path).await.location().as_deref(), Some("/login"), "{path}");
    }
    assert_eq!(app.browser().get("/@nobody").await.status, 404);
    assert_eq!(app.browser().get("/@relay").await.status, 404, "the instance actor has no profile page");
}

#[tokio::test]
async fn each_identity_is_an_actor_with_its_own_keys_and_address() {
    use ensemble_app::rows::actors;
    use sea_orm::EntityTrait;
    let app = TestApp::spawn().await;
    let browser = signed_up(&app, "rose@example.org", "rose").await;
    browser.post_multipart("/identities/new", &[("username", "rose_family")], vec![]).await;
    let rows: Vec<_> =
        actors::Entity::find().all(&app.app.db).await.unwrap().into_iter().filter(|a| a.kind == "person").collect();
    assert_eq!(rows.len(), 2);
    let (a, b) = (&rows[0], &rows[1]);
    assert_eq!(a.ap_id, format!("{}/@rose", app.base_url));
    assert_eq!(b.ap_id, format!("{}/@rose_family", app.base_url));
    assert_ne!(a.public_key_pem, b.public_key_pem);
    assert_ne!(a.uuid, b.uuid);
    for row in &rows {
        assert!(row.public_key_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
        assert!(row.private_key_pem.as_deref().unwrap().starts_with("-----BEGIN PRIVATE KEY-----"));
    }
}
