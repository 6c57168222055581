//! The Atom feed of one profile (`/profiles/{token}/feed.atom`): an entry for each published
//! change that altered what its answers qualify for. Served only under the profile's link.
use atom_syndication::{Content, Entry, Feed, Person, Text};

use super::alerts::line_text;
use crate::backend::db::DbError;
use crate::backend::feed::{date, link, without_xml_controls, write};
use crate::backend::store::Backend;

/// The feed of the profile `token`, with links under `base`; `None` when the token opens none.
pub async fn atom(backend: &Backend, base: &str, token: &str) -> Result<Option<String>, DbError> {
    let Some(r) = super::row(backend, token).await? else {
        return Ok(None);
    };
    super::touch(backend, &r).await?;
    let entries = super::entries(backend, &r.token).await?;
    let base = without_xml_controls(base.trim_end_matches('/'));
    let page = format!("{base}/profiles/{}", r.token);
    let items = entries
        .iter()
        .map(|e| {
            let n = e.lines.len();
            let text: String = e
                .lines
                .iter()
                .map(|l| format!("{}\n", line_text(l)))
                .collect();
            Ok(Entry {
                title: Text::plain(without_xml_controls(&format!(
                    "{n} measure{} changed for \"{}\"",
                    if n == 1 { "" } else { "s" },
                    r.name
                ))),
                id: format!("urn:policy-portal:profile-entry:{}", e.id),
                links: vec![link(
                    "alternate",
                    "text/html",
                    format!("{page}#entry-{}", e.id),
                )],
                updated: date(&e.created_at)?,
                content: Some(Content {
                    value: Some(without_xml_controls(&text)),
                    content_type: Some("text".into()),
                    ..Content::default()
                }),
                ..Entry::default()
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let updated = entries
        .first()
        .map(|e| e.created_at.clone())
        .unwrap_or(r.created_at.clone());
    let feed = Feed {
        title: Text::plain(without_xml_controls(&format!(
            "Policy changes for \"{}\"",
            r.name
        ))),
        // The feed's id does not reveal the link.
        id: format!(
            "urn:policy-portal:profile:{}",
            &crate::backend::auth::hash_token(&r.token)[..16]
        ),
        links: vec![
            link("self", "application/atom+xml", format!("{page}/feed.atom")),
            link("alternate", "text/html", page.clone()),
        ],
        updated: date(&updated)?,
        authors: vec![Person {
            name: "Nanjing Innovation Policy Service".into(),
            ..Person::default()
        }],
        entries: items,
        ..Feed::default()
    };
    write(&feed).map(Some)
}
