//! The Atom feed of one application: each step of its journey as an entry, for the applicant
//! to follow in a feed reader. Served only under the application's secret link.
use atom_syndication::{Content, Entry, Feed, Person, Text};

use super::db::DbError;
use super::feed::{date, link, without_xml_controls, write};
use crate::wire::applications::ApplicationView;

/// The feed of `app`, whose page is `{base}/applications/{token}`.
pub fn atom(base: &str, token: &str, app: &ApplicationView) -> Result<String, DbError> {
    let base = without_xml_controls(base.trim_end_matches('/'));
    let page = format!("{base}/applications/{}", without_xml_controls(token));
    let entries = app
        .events
        .iter()
        .enumerate()
        .rev()
        .map(|(i, e)| {
            let mut text = format!("The application is {}.", e.stage);
            if let Some(m) = &e.message {
                text.push(' ');
                text.push_str(m);
            }
            Ok(Entry {
                title: Text::plain(without_xml_controls(&format!(
                    "{}: {}",
                    app.estimate.title, e.stage
                ))),
                id: format!("urn:policy-portal:application:{}:{}", app.id, i + 1),
                links: vec![link("alternate", "text/html", page.clone())],
                updated: date(&e.at)?,
                content: Some(Content {
                    value: Some(without_xml_controls(&text)),
                    content_type: Some("text".into()),
                    ..Content::default()
                }),
                ..Entry::default()
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let feed = Feed {
        title: Text::plain(without_xml_controls(&format!(
            "Application {} — {}",
            app.id, app.estimate.title
        ))),
        id: format!("urn:policy-portal:application:{}", app.id),
        links: vec![
            link("self", "application/atom+xml", format!("{page}/feed.atom")),
            link("alternate", "text/html", page.clone()),
        ],
        updated: date(&app.updated_at)?,
        authors: vec![Person {
            name: "Nanjing Innovation Policy Service".into(),
            ..Person::default()
        }],
        entries,
        ..Feed::default()
    };
    write(&feed)
}
