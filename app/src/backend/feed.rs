//! The Atom 1.0 feed of published announcements (`/updates.atom`).
use super::clock::{now_rfc3339, today};
use super::db::DbError;
use super::store::Backend;
use crate::wire::updates::PublicAnnouncement;

/// Entries in the feed, newest first.
const FEED_ENTRIES: i64 = 50;

/// The feed of the announcements published by today, with links under `base`.
pub async fn for_site(backend: &Backend, base: &str) -> Result<String, DbError> {
    let entries = super::updates::published(backend, today(), FEED_ENTRIES).await?;
    Ok(atom(base, &entries, &now_rfc3339()))
}

/// Name of the feed and of its author.
const FEED_TITLE: &str = "Nanjing Innovation Policy Service: policy updates";
const FEED_AUTHOR: &str = "Nanjing Innovation Policy Service";

/// Escapes text for XML content and attribute values, dropping the control characters XML 1.0
/// does not allow at all.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The Atom document for `entries` (newest first), with links under `base` (for example
/// `https://policy.example.org`, no trailing slash). `now` (RFC 3339) dates an empty feed.
pub fn atom(base: &str, entries: &[PublicAnnouncement], now: &str) -> String {
    let base = xml_escape(base.trim_end_matches('/'));
    let updated = entries
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .unwrap_or(now);
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"{base}/\">\n"
    ));
    xml.push_str(&format!("  <title>{}</title>\n", xml_escape(FEED_TITLE)));
    xml.push_str(&format!("  <id>{base}/updates</id>\n"));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/updates.atom\"/>\n"
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{base}/updates\"/>\n"
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", xml_escape(updated)));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(FEED_AUTHOR)
    ));
    for e in entries {
        let link = format!("{base}/updates#{}", xml_escape(&e.id));
        xml.push_str("  <entry>\n");
        xml.push_str(&format!(
            "    <title type=\"text\">{}</title>\n",
            xml_escape(&e.title)
        ));
        xml.push_str(&format!("    <id>{link}</id>\n"));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n"
        ));
        xml.push_str(&format!(
            "    <published>{}</published>\n",
            xml_escape(&e.published)
        ));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            xml_escape(&e.updated)
        ));
        xml.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml_escape(&e.html)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
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
        );
        assert!(xml.contains(
            "<title type=\"text\">R&amp;D &lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &apos;news&apos;</title>"
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
        );
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
        assert!(xml.contains("<id>https://policy.example.org/updates</id>"));
        assert!(xml.contains("<id>https://policy.example.org/updates#0123abcd</id>"));
        assert!(xml.contains("href=\"https://policy.example.org/updates.atom\""));
        // The feed is as new as its newest entry.
        assert!(xml.contains("  <updated>2026-03-02T08:00:00Z</updated>"));
        assert!(xml.contains("<author><name>"));
        assert_eq!(xml.matches("<entry>").count(), 1);
        assert_eq!(xml.matches("</entry>").count(), 1);
    }

    #[test]
    fn empty_feed_is_dated_now() {
        let xml = atom("http://localhost:3000", &[], "2026-01-01T00:00:00Z");
        assert!(xml.contains("<updated>2026-01-01T00:00:00Z</updated>"));
        assert!(!xml.contains("<entry>"));
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(xml_escape("a\u{0}b\u{1b}c\n"), "abc\n");
    }
}
