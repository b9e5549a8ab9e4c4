use super::*;

const PAGE: &str = r##"<!DOCTYPE html><html><head>
<title>Storm hits coast &amp; town | The Daily Site</title>
<meta property="og:title" content="Storm hits coast &amp; town">
<meta property="article:published_time" content="2019-11-20T07:00:00Z">
<meta name="author" content="Jane   Doe">
<link rel="canonical" href="https://example.com/storm">
<script>var x = "<p>not text</p>";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<header><h1 class="headline">Storm hits coast &amp; town</h1></header>
<div class="share-bar"><a href="#">Share on Facebook</a>, <a href="#">Twitter</a></div>
<article class="story-body">
<p>The storm reached the coast on Tuesday, flooding streets, closing schools and cutting power to
   thousands of homes, officials said.</p>
<p>Damage was put at &#163;5m by the council, which said repairs would take weeks, perhaps months.</p>
<p>Residents were told to stay indoors<br>until the wind dropped, and to call for help if needed.</p>
</article>
<aside class="related"><h3>Related</h3><p>Another story about storms, with many words in it, and commas.</p></aside>
<footer><p>Copyright 2019, The Daily Site, all rights reserved.</p></footer>
</body></html>"##;

#[test]
fn the_article_without_the_page_around_it() {
    let a = parse(PAGE).unwrap();
    assert_eq!(a.title.as_deref(), Some("Storm hits coast & town"));
    assert_eq!(a.date.as_deref(), Some("2019-11-20"));
    assert_eq!(a.author.as_deref(), Some("Jane Doe"));
    assert_eq!(a.url.as_deref(), Some("https://example.com/storm"));
    assert_eq!(
        a.body,
        "The storm reached the coast on Tuesday, flooding streets, closing schools and cutting power to thousands of homes, officials said.\n\n\
         Damage was put at \u{a3}5m by the council, which said repairs would take weeks, perhaps months.\n\n\
         Residents were told to stay indoors\nuntil the wind dropped, and to call for help if needed."
    );
}

#[test]
fn every_piece_of_the_body_and_title_maps_to_its_bytes() {
    let a = parse(PAGE).unwrap();
    let span = |s: &str, o: &OffsetMap, text: &str| {
        let at = s.find(text).unwrap();
        PAGE[o.to_file(at)..o.to_file_end(at + text.len())].to_owned()
    };
    assert_eq!(span(&a.body, &a.origin, "\u{a3}5m"), "&#163;5m");
    assert_eq!(
        span(&a.body, &a.origin, "power to thousands"),
        "power to\n   thousands"
    );
    assert_eq!(
        span(&a.body, &a.origin, "officials said."),
        "officials said."
    );
    assert_eq!(span(&a.body, &a.origin, "indoors"), "indoors");
    assert_eq!(span(&a.body, &a.origin, "needed."), "needed.");
    let t = a.title.unwrap();
    let o = a.title_origin.unwrap();
    assert_eq!(span(&t, &o, "coast & town"), "coast &amp; town");
    // The headline is the page's <h1>, not the <meta>.
    assert!(o.to_file(0) > PAGE.find("<h1").unwrap());
}

#[test]
fn a_page_title_loses_the_site_name() {
    let page = "<title>Storm hits the coast - Daily Site</title><p>Some text, with commas, enough of it to count for something.</p>";
    let a = parse(page).unwrap();
    assert_eq!(a.title.as_deref(), Some("Storm hits the coast"));
    let o = a.title_origin.unwrap();
    assert_eq!(
        &page[o.to_file(0)..o.to_file_end(20)],
        "Storm hits the coast"
    );
}

#[test]
fn a_page_with_no_article_shows_its_text() {
    let a = parse("<div><a href=/a>Home</a></div><div><a href=/b>About us</a></div>").unwrap();
    assert_eq!(a.body, "Home\n\nAbout us");
}

#[test]
fn nothing_to_read_is_none() {
    assert!(parse("").is_none());
    assert!(parse("<html><head><script>x</script></head><body> </body></html>").is_none());
}
