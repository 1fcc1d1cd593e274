//! Collections (outbox, followers, following) as paginated `OrderedCollection`s: the
//! collection gives its size and its first page inline; `?page=N` is page N, which links to
//! the pages before and after it.

use ensemble_activitypub::{Kind, OrderedCollection, OrderedCollectionPage, Reference, context};
use ensemble_app::published::{CollectionPage, PAGE_SIZE};
use serde_json::Value;

/// The collection `id` of `owner`, with `first`, its first page.
pub fn collection_to_ap(id: &str, owner: &str, first: OrderedCollectionPage) -> OrderedCollection {
    OrderedCollection {
        context: Some(context()),
        id: id.to_owned(),
        kind: Kind::named("OrderedCollection"),
        attributed_to: Some(owner.to_owned()),
        total_items: first.total_items,
        first: Some(Reference::Object(Box::new(OrderedCollectionPage { context: None, ..first }))),
        ..Default::default()
    }
}

/// Page `number` (from 1) of the collection `id`.
pub fn page_to_ap(id: &str, number: u64, page: CollectionPage<Value>) -> OrderedCollectionPage {
    let pages = page.total.div_ceil(PAGE_SIZE);
    OrderedCollectionPage {
        context: Some(context()),
        id: Some(page_id(id, number)),
        kind: Kind::named("OrderedCollectionPage"),
        part_of: Some(id.to_owned()),
        total_items: Some(page.total),
        ordered_items: page.items,
        next: (number < pages).then(|| page_id(id, number + 1)),
        prev: (number > 1).then(|| page_id(id, (number - 1).min(pages.max(1)))),
    }
}

fn page_id(id: &str, number: u64) -> String {
    format!("{id}?page={number}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn items(n: usize) -> Vec<Value> {
        (0..n).map(|i| json!(format!("https://x.example/{i}"))).collect()
    }

    #[test]
    fn pages_link_to_their_neighbours() {
        let id = "https://ensemble.example/@rose/outbox";
        let first = page_to_ap(id, 1, CollectionPage { items: items(20), total: 45 });
        assert_eq!(first.next.as_deref(), Some("https://ensemble.example/@rose/outbox?page=2"));
        assert_eq!(first.prev, None);
        let last = page_to_ap(id, 3, CollectionPage { items: items(5), total: 45 });
        assert_eq!((last.next, last.prev.as_deref()), (None, Some("https://ensemble.example/@rose/outbox?page=2")));
        // Beyond the end: empty, pointing back to the last page.
        let beyond = page_to_ap(id, 9, CollectionPage { items: Vec::new(), total: 45 });
        assert_eq!((beyond.next, beyond.prev.as_deref()), (None, Some("https://ensemble.example/@rose/outbox?page=3")));

        let collection = serde_json::to_value(collection_to_ap(id, "https://ensemble.example/@rose", first)).unwrap();
        assert_eq!(collection["type"], "OrderedCollection");
        assert_eq!(collection["totalItems"], 45);
        assert_eq!(collection["first"]["type"], "OrderedCollectionPage");
        assert_eq!(collection["first"]["partOf"], id);
        assert!(collection["first"].get("@context").is_none());
        assert_eq!(collection["first"]["orderedItems"].as_array().unwrap().len(), 20);
    }

    #[test]
    fn an_empty_collection_has_one_empty_page() {
        let id = "https://ensemble.example/relay/followers";
        let page = page_to_ap(id, 1, CollectionPage::empty());
        assert_eq!((page.next, page.prev, page.total_items), (None, None, Some(0)));
        assert!(page.ordered_items.is_empty());
    }
}
