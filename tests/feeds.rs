//! Feeds through the whole program: RSS, Atom and JSON Feed files in a
//! folder become articles; a broken feed is a warning and hides nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>
<item><title>Talks resume in Geneva</title><link>https://example.org/geneva</link>
<pubDate>Tue, 19 Nov 2019 10:00:00 GMT</pubDate><author>ann@example.org (Ann Lee)</author>
<description>&lt;p&gt;Negotiators met in Geneva on Tuesday &amp;amp; agreed to talk again.&lt;/p&gt;</description></item>
<item><title>Markets calm</title><link>https://example.org/markets</link>
<description><![CDATA[<p>Shares were flat in <b>London</b>.</p><script>track()</script>]]></description></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><id>urn:b</id><updated>2020-01-01T00:00:00Z</updated>
<entry><title type="html">Rain &amp;amp; wind</title><id>urn:1</id><updated>2020-02-03T00:00:00Z</updated>
<author><name>Bo Chen</name></author><link href="https://example.org/rain"/>
<content type="html">&lt;p&gt;Storms crossed Ottawa overnight.&lt;/p&gt;</content></entry></feed>"#;

const JSON_FEED: &str = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J",
 "items": [{"id": "1", "title": "Harvest in Lyon", "url": "https://example.org/lyon",
 "date_published": "2021-09-01T08:00:00Z", "content_text": "Growers in Lyon began the harvest early."}]}"#;

#[test]
fn feeds_in_a_folder_become_articles_and_a_broken_one_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.rss"), RSS).unwrap();
    std::fs::write(dir.path().join("b.atom"), ATOM).unwrap();
    std::fs::write(dir.path().join("c.json"), JSON_FEED).unwrap();
    std::fs::write(
        dir.path().join("d.xml"),
        "<rss><channel><item><title>cut off",
    )
    .unwrap();
    let out = common::dateline()
        .args(["export", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Talks resume in Geneva",
            "Markets calm",
            "Rain & wind",
            "Harvest in Lyon"
        ]
    );
    assert_eq!(
        rows[0]["body"],
        "Negotiators met in Geneva on Tuesday & agreed to talk again."
    );
    assert_eq!(rows[0]["date"], "2019-11-19");
    assert_eq!(rows[0]["url"], "https://example.org/geneva");
    assert_eq!(rows[1]["body"], "Shares were flat in London.");
    assert_eq!(rows[2]["authors"], serde_json::json!(["Bo Chen"]));
    assert_eq!(rows[2]["date"], "2020-02-03");
    assert_eq!(rows[3]["body"], "Growers in Lyon began the harvest early.");
    assert_eq!(rows[3]["date"], "2021-09-01");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("d.xml") && err.contains("not a readable feed"),
        "{err}"
    );
}

#[test]
fn search_hits_in_a_feed_point_at_the_feed_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.rss");
    std::fs::write(&path, RSS).unwrap();
    for (word, expect) in [("geneva", "Geneva"), ("london", "London")] {
        let out = common::dateline()
            .args(["search", word, path.to_str().unwrap(), "--format", "jsonl"])
            .output()
            .unwrap();
        let row: serde_json::Value =
            serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap())
                .unwrap();
        let hits = row["hits"].as_array().unwrap();
        assert!(!hits.is_empty());
        for h in hits {
            let (s, e) = (
                h[0].as_u64().unwrap() as usize,
                h[1].as_u64().unwrap() as usize,
            );
            assert_eq!(&RSS[s..e], expect);
        }
    }
}
