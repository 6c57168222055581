//! The Atom 1.0 feed of published announcements (`/updates.atom`), written by
//! `atom_syndication`.
use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text, WriteConfig};

use super::clock::{now_rfc3339, today};
use super::db::DbError;
use super::store::Backend;
use crate::wire::updates::PublicAnnouncement;

/// Entries in the feed, newest first.
const FEED_ENTRIES: i64 = 50;

/// The feed of the announcements published by today, with links under `base`.
pub async fn for_site(backend: &Backend, base: &str) -> Result<String, DbError> {
    let entries = super::updates::published(backend, today(), FEED_ENTRIES).await?;
    atom(base, &entries, &now_rfc3339())
}

/// Name of the feed and of its author.
const FEED_TITLE: &str = "Nanjing Innovation Policy Service: policy updates";
const FEED_AUTHOR: &str = "Nanjing Innovation Policy Service";

/// The text without the control characters XML 1.0 does not allow at all (the writer escapes
/// markup, but would pass these through and make the document unreadable).
pub fn without_xml_controls(text: &str) -> String {
    text.chars()
        .filter(|c| matches!(c, '\t' | '\n' | '\r') || !c.is_control())
        .collect()
}

/// A stored RFC 3339 timestamp as the feed's date type.
pub(crate) fn date(rfc3339: &str) -> Result<FixedDateTime, DbError> {
    FixedDateTime::parse_from_rfc3339(rfc3339)
        .map_err(|e| DbError::Corrupt(format!("feed date \"{rfc3339}\": {e}")))
}

/// A link with its relation and media type.
pub(crate) fn link(rel: &str, mime_type: &str, href: String) -> Link {
    Link {
        href,
        rel: rel.into(),
        mime_type: Some(mime_type.into()),
        ..Link::default()
    }
}

/// The Atom document for `entries` (newest first), with links under `base` (for example
/// `https://policy.example.org`, no trailing slash). `now` (RFC 3339) dates an empty feed.
pub fn atom(base: &str, entries: &[PublicAnnouncement], now: &str) -> Result<String, DbError> {
    let base = without_xml_controls(base.trim_end_matches('/'));
    let updated = entries
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .unwrap_or(now);
    let entries = entries
        .iter()
        .map(|e| {
            let link_to = format!("{base}/updates#{}", without_xml_controls(&e.id));
            Ok(Entry {
                title: Text::plain(without_xml_controls(&e.title)),
                id: link_to.clone(),
                links: vec![link("alternate", "text/html", link_to)],
                published: Some(date(&e.published)?),
                updated: date(&e.updated)?,
                content: Some(Content {
                    value: Some(without_xml_controls(&e.html)),
                    content_type: Some("html".into()),
                    ..Content::default()
                }),
                ..Entry::default()
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let feed = Feed {
        title: Text::plain(FEED_TITLE),
        id: format!("{base}/updates"),
        base: Some(format!("{base}/")),
        links: vec![
            link(
                "self",
                "application/atom+xml",
                format!("{base}/updates.atom"),
            ),
            link("alternate", "text/html", format!("{base}/updates")),
        ],
        updated: date(updated)?,
        authors: vec![Person {
            name: FEED_AUTHOR.into(),
            ..Person::default()
        }],
        entries,
        ..Feed::default()
    };
    write(&feed)
}

/// The feed as an XML document. The declaration names the encoding, which the crate's own
/// declaration leaves out.
pub(crate) fn write(feed: &Feed) -> Result<String, DbError> {
    let config = WriteConfig {
        write_document_declaration: false,
        indent_size: Some(2),
    };
    let mut xml = b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n".to_vec();
    xml = feed
        .write_with_config(xml, config)
        .map_err(|e| DbError::Corrupt(format!("feed: {e}")))?;
    xml.push(b'\n');
    String::from_utf8(xml).map_err(|e| DbError::Corrupt(format!("feed: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::updates::LinkedMeasure;

    fn entry(title: &str, html: &str) -> PublicAnnouncement {
        PublicAnnouncement {
            id: "0123abcd".into(),
            title: title.into(),
            html: html.into(),
            published_on: "2026-03-01".into(),
            published: "2026-02-28T16:00:00Z".into(),
            updated: "2026-03-02T08:00:00Z".into(),
            measures: vec![LinkedMeasure {
                id: "m".into(),
                title: "M".into(),
            }],
        }
    }

    #[test]
    fn titles_and_content_are_escaped() {
        let html = crate::backend::markdown::render("R&D <b>grants</b> & **more**");
        let xml = atom(
            "https://policy.example.org/",
            &[entry("R&D <script>alert(\"1\")</script> 'news'", &html)],
            "2026-01-01T00:00:00Z",
        )
        .expect("feed");
        // Plain text is Atom's default title type, so the writer leaves `type="text"` out.
        assert!(xml.contains(
            "<title>R&amp;D &lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &apos;news&apos;</title>"
        ), "{xml}");
        assert!(!xml.contains("<script"), "{xml}");
        // The HTML content is escaped once more for XML: `<p>` becomes `&lt;p&gt;`, and the
        // text `<b>` the author typed (already `&lt;b&gt;` in the HTML) becomes `&amp;lt;b&amp;gt;`.
        assert!(
            xml.contains("<content type=\"html\">&lt;p&gt;R&amp;amp;D &amp;lt;b&amp;gt;grants"),
            "{xml}"
        );
        assert!(xml.contains("&lt;strong&gt;more&lt;/strong&gt;"), "{xml}");
    }

    #[test]
    fn feed_has_the_required_atom_elements() {
        let xml = atom(
            "https://policy.example.org",
            &[entry("A", "<p>x</p>")],
            "2026-01-01T00:00:00Z",
        )
        .expect("feed");
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
        assert!(xml.contains("<id>https://policy.example.org/updates</id>"));
        assert!(xml.contains("<id>https://policy.example.org/updates#0123abcd</id>"));
        assert!(xml.contains("href=\"https://policy.example.org/updates.atom\""));
        // The feed is as new as its newest entry (RFC 3339 as chrono writes UTC: `+00:00`).
        assert!(xml.contains("  <updated>2026-03-02T08:00:00+00:00</updated>"));
        assert!(xml.contains("<author>\n    <name>Nanjing Innovation Policy Service</name>"));
        assert_eq!(xml.matches("<entry>").count(), 1);
        assert_eq!(xml.matches("</entry>").count(), 1);
    }

    #[test]
    fn empty_feed_is_dated_now() {
        let xml = atom("http://localhost:3000", &[], "2026-01-01T00:00:00Z").expect("feed");
        assert!(xml.contains("<updated>2026-01-01T00:00:00+00:00</updated>"));
        assert!(!xml.contains("<entry>"));
    }

    /// A feed reader gets back what was put in: titles, links, dates and the HTML content.
    #[test]
    fn the_feed_reads_back_as_written() {
        let html = "<p>R&amp;D &lt;b&gt; & more</p>\n";
        let xml = atom(
            "https://policy.example.org/",
            &[entry("R&D <news>", html)],
            "2026-01-01T00:00:00Z",
        )
        .expect("feed");
        let feed: Feed = xml.parse().expect("the feed parses");
        assert_eq!(feed.title.value, FEED_TITLE);
        assert_eq!(feed.id, "https://policy.example.org/updates");
        assert_eq!(feed.base.as_deref(), Some("https://policy.example.org/"));
        assert_eq!(feed.updated, date("2026-03-02T08:00:00Z").expect("date"));
        assert_eq!(feed.authors[0].name, FEED_AUTHOR);
        let links: Vec<(&str, &str)> = feed
            .links
            .iter()
            .map(|l| (l.rel.as_str(), l.href.as_str()))
            .collect();
        assert_eq!(
            links,
            [
                ("self", "https://policy.example.org/updates.atom"),
                ("alternate", "https://policy.example.org/updates")
            ]
        );
        let e = &feed.entries[0];
        assert_eq!(e.title.value, "R&D <news>");
        assert_eq!(e.id, "https://policy.example.org/updates#0123abcd");
        assert_eq!(e.links[0].href, e.id);
        assert_eq!(
            e.published,
            Some(date("2026-02-28T16:00:00Z").expect("date"))
        );
        let content = e.content.as_ref().expect("content");
        assert_eq!(content.content_type.as_deref(), Some("html"));
        assert_eq!(content.value.as_deref(), Some(html));
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(without_xml_controls("a\u{0}b\u{1b}c\n"), "abc\n");
    }
}
