//! Uploaded images: checked, decoded, turned upright, resized and re-encoded before they are
//! stored. Re-encoding keeps only pixels, so EXIF (GPS position, camera, date) never survives.
//! Files are named by the hash of their bytes: the address reveals nothing of the uploader.

use crate::{AppResult, FieldErrors, crypto};
use chrono::Utc;
use ensemble_domain::FieldError;
use ensemble_store::entities::media;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, imageops::FilterType};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// What an image is for, which decides its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageRole {
    /// Square, 400 × 400.
    Avatar,
    /// 3:1, 1500 × 500.
    Banner,
}

impl ImageRole {
    fn size(self) -> (u32, u32) {
        match self {
            ImageRole::Avatar => (400, 400),
            ImageRole::Banner => (1500, 500),
        }
    }
}

pub struct MediaStore {
    dir: PathBuf,
}

/// The stored, re-encoded image, before it is recorded.
struct Encoded {
    bytes: Vec<u8>,
    ext: &'static str,
    content_type: &'static str,
    width: u32,
    height: u32,
}

impl MediaStore {
    pub fn new(dir: PathBuf) -> MediaStore {
        MediaStore { dir }
    }

    /// The file behind a media name, if the name is one we could have made.
    pub fn path_of(&self, file_name: &str) -> Option<PathBuf> {
        let (hash, ext) = file_name.split_once('.')?;
        let valid = hash.len() == 64
            && hash.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            && matches!(ext, "jpg" | "png");
        valid.then(|| self.dir.join(file_name))
    }

    /// Processes an upload and records it. `field` names the form field for error messages.
    pub async fn store_image(
        &self,
        db: &impl ConnectionTrait,
        field: &'static str,
        bytes: Vec<u8>,
        role: ImageRole,
        max_bytes: usize,
    ) -> AppResult<media::Model> {
        if bytes.len() > max_bytes {
            return Err(FieldErrors::single(field, FieldError::ImageTooLarge));
        }
        let encoded = tokio::task::spawn_blocking(move || encode(&bytes, role))
            .await
            .map_err(anyhow::Error::from)?
            .map_err(|e| FieldErrors::single(field, e))?;
        let file_name = format!("{}.{}", crypto::sha256_hex(&encoded.bytes), encoded.ext);
        write_atomically(&self.dir, &file_name, &encoded.bytes).await?;
        if let Some(existing) = by_file_name(db, &file_name).await? {
            return Ok(existing);
        }
        let row = media::ActiveModel {
            file_name: Set(file_name),
            content_type: Set(encoded.content_type.to_owned()),
            width: Set(i32::try_from(encoded.width).unwrap_or(i32::MAX)),
            height: Set(i32::try_from(encoded.height).unwrap_or(i32::MAX)),
            size: Set(i64::try_from(encoded.bytes.len()).unwrap_or(i64::MAX)),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        Ok(row.insert(db).await?)
    }
}

/// The recorded image of this file name.
pub async fn by_file_name(db: &impl ConnectionTrait, file_name: &str) -> AppResult<Option<media::Model>> {
    Ok(media::Entity::find().filter(media::Column::FileName.eq(file_name)).one(db).await?)
}

fn encode(bytes: &[u8], role: ImageRole) -> Result<Encoded, FieldError> {
    let format = image::guess_format(bytes).map_err(|_| FieldError::ImageType)?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP | ImageFormat::Gif) {
        return Err(FieldError::ImageType);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    // A few kilobytes can claim to be a gigapixel image: refuse before allocating.
    limits.max_image_width = Some(10_000);
    limits.max_image_height = Some(10_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| FieldError::ImageType)?;
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| FieldError::ImageType)?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    let (w, h) = role.size();
    let image = image.resize_to_fill(w, h, FilterType::Lanczos3);
    let mut out = Vec::new();
    let (ext, content_type) = if image.color().has_alpha() {
        image.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)).map_err(|_| FieldError::ImageType)?;
        ("png", "image/png")
    } else {
        image
            .to_rgb8()
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85))
            .map_err(|_| FieldError::ImageType)?;
        ("jpg", "image/jpeg")
    };
    Ok(Encoded { bytes: out, ext, content_type, width: image.width(), height: image.height() })
}

/// Writes through a temporary file and a rename, so a reader never sees half an image.
async fn write_atomically(dir: &Path, file_name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let target = dir.join(file_name);
    if tokio::fs::try_exists(&target).await? {
        return Ok(());
    }
    let temp = dir.join(format!(".{}.tmp", crypto::random_token()));
    tokio::fs::write(&temp, bytes).await?;
    tokio::fs::rename(&temp, &target).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg_with_gps() -> Vec<u8> {
        let img = image::RgbImage::from_fn(800, 600, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        let mut jpeg = Vec::new();
        DynamicImage::ImageRgb8(img).write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut jpeg)).unwrap();
        // An APP1 Exif segment right after SOI, carrying a recognisable GPS marker string.
        let exif_payload = b"Exif\0\0MM\0*\0\0\0\x08\0\0GPSLatitude=48.8566";
        let len = u16::try_from(exif_payload.len() + 2).unwrap().to_be_bytes();
        let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1, len[0], len[1]];
        with_exif.extend_from_slice(exif_payload);
        with_exif.extend_from_slice(&jpeg[2..]);
        with_exif
    }

    #[test]
    fn re_encoding_drops_metadata_and_resizes() {
        let input = jpeg_with_gps();
        assert!(input.windows(11).any(|w| w == b"GPSLatitude"));
        let out = encode(&input, ImageRole::Avatar).unwrap();
        assert_eq!((out.width, out.height, out.ext), (400, 400, "jpg"));
        assert!(!out.bytes.windows(4).any(|w| w == b"Exif"));
        assert!(!out.bytes.windows(11).any(|w| w == b"GPSLatitude"));
        let banner = encode(&input, ImageRole::Banner).unwrap();
        assert_eq!((banner.width, banner.height), (1500, 500));
    }

    #[test]
    fn refuses_what_is_not_an_image() {
        assert_eq!(encode(b"%PDF-1.7 not an image", ImageRole::Avatar).err(), Some(FieldError::ImageType));
        assert_eq!(encode(b"\x89PNG\r\n\x1a\ntruncated", ImageRole::Avatar).err(), Some(FieldError::ImageType));
    }

    #[test]
    fn media_names_are_validated() {
        let store = MediaStore::new(PathBuf::from("/m"));
        let good = format!("{}.jpg", "a".repeat(64));
        assert_eq!(store.path_of(&good), Some(PathBuf::from("/m").join(&good)));
        assert_eq!(store.path_of("../etc/passwd"), None);
        assert_eq!(store.path_of(&format!("{}.svg", "a".repeat(64))), None);
    }
}
