use sea_orm::entity::prelude::*;

/// A stored, re-encoded image. Named by the hash of its bytes, so its address says
/// nothing about who uploaded it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "media")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `<sha256>.<ext>`
    #[sea_orm(unique)]
    pub file_name: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub size: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
