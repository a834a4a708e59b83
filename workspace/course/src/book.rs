//! `cargo course book`: build the book with mdBook as a library, and serve it.
//!
//! Using `mdbook-driver` and `mdbook-mermaid` as libraries means a fresh
//! machine needs nothing but cargo; `book.toml` still names the
//! `mdbook-mermaid` command, so `mdbook build` with the two binaries installed
//! makes the same book. The serve mode is a small static server on
//! 127.0.0.1 that rebuilds when a source changes and tells open pages to
//! reload (a short poll: no websocket needed for a book).

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use mdbook_driver::MDBook;
use notify::{RecursiveMode, Watcher};

/// Where open pages ask whether the book was rebuilt.
const RELOAD_PATH: &str = "/__course_reload";
/// Injected before `</body>` of every page served: reload when the build
/// generation changes.
const RELOAD_SCRIPT: &str = "<script>(() => { let seen = null; setInterval(async () => { try { const now = await (await fetch('/__course_reload')).text(); if (seen !== null && now !== seen) location.reload(); seen = now; } catch (_) {} }, 1000); })();</script>";
/// The sources whose change triggers a rebuild: the Markdown, and everything it includes.
const WATCHED: [&str; 3] = ["book", "workspace", "exercises"];

/// Builds the book into its build directory (`target/book`) and returns that directory.
pub fn build(root: &Path) -> Result<PathBuf> {
    let mut book =
        MDBook::load(root).map_err(|error| anyhow!("cannot load the book: {error:#}"))?;
    book.with_preprocessor(mdbook_mermaid::Mermaid);
    book.build()
        .map_err(|error| anyhow!("the book does not build: {error:#}"))?;
    Ok(book.build_dir_for("html"))
}

/// Every broken link in the built site: a relative `href` or `src` whose file
/// is missing, or whose `#fragment` names no element of the page it points at.
pub fn broken_links(site: &Path) -> Result<Vec<String>> {
    let pages = html_files(site)?;
    let mut problems = Vec::new();
    for page in &pages {
        let html =
            fs::read_to_string(page).with_context(|| format!("cannot read {}", page.display()))?;
        let shown = page
            .strip_prefix(site)
            .unwrap_or(page)
            .display()
            .to_string();
        for link in attribute_values(&html, &["href", "src"]) {
            if is_external(link) {
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
            let path = path.split('?').next().unwrap_or("");
            let target = match path {
                "" => page.clone(),
                absolute if absolute.starts_with('/') => site.join(percent_decode(&absolute[1..])),
                relative => page.parent().unwrap_or(site).join(percent_decode(relative)),
            };
            let target = if target.is_dir() {
                target.join("index.html")
            } else {
                target
            };
            if !target.is_file() {
                problems.push(format!("{shown}: link to `{link}`: no such file"));
            } else if !fragment.is_empty() && target.extension().is_some_and(|e| e == "html") {
                let text = fs::read_to_string(&target).unwrap_or_default();
                let fragment = percent_decode(fragment);
                if !text.contains(&format!("id=\"{fragment}\"")) {
                    problems.push(format!(
                        "{shown}: link to `{link}`: no element with id `{fragment}`"
                    ));
                }
            }
        }
    }
    Ok(problems)
}

fn is_external(link: &str) -> bool {
    link.contains("://")
        || link.starts_with("mailto:")
        || link.starts_with("javascript:")
        || link.starts_with("data:")
        || link.starts_with("{{")
}

/// The values of the given attributes, in document order (enough HTML parsing
/// for the pages mdBook writes, which always quote with `"`).
fn attribute_values<'a>(html: &'a str, names: &[&str]) -> Vec<&'a str> {
    let mut values = Vec::new();
    for name in names {
        let opening = format!(" {name}=\"");
        let mut rest = html;
        while let Some(at) = rest.find(&opening) {
            rest = &rest[at + opening.len()..];
            if let Some(end) = rest.find('"') {
                values.push(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    values
}

fn html_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))? {
            let path = entry
                .with_context(|| format!("cannot list {}", dir.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Builds the book, serves it on `127.0.0.1:port`, and rebuilds on change
/// until interrupted. With `open`, also opens it in the default browser.
pub fn serve(root: &Path, port: u16, open: bool) -> Result<()> {
    let site = build(root)?;
    let generation = Arc::new(AtomicU64::new(0));
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|error| anyhow!("cannot listen on 127.0.0.1:{port}: {error} (try --port)"))?;
    let url = format!("http://127.0.0.1:{port}/");
    println!("Serving the book at {url} (Ctrl-C to stop); it rebuilds when you save.");
    spawn_rebuilder(root.to_path_buf(), Arc::clone(&generation))?;
    if open {
        open_browser(&url);
    }
    for request in server.incoming_requests() {
        let response = respond(&site, request.url(), generation.load(Ordering::Relaxed));
        let _ = request.respond(response);
    }
    Ok(())
}

/// Watches the sources and rebuilds, bumping `generation` after each success.
fn spawn_rebuilder(root: PathBuf, generation: Arc<AtomicU64>) -> Result<()> {
    let (sender, changes) = mpsc::channel();
    // Building the book reads the sources it includes; only a change that
    // alters the sources may trigger a rebuild, or each build would start the next.
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|event| is_source_change(&event)) {
            let _ = sender.send(());
        }
    })
    .context("cannot watch the book's sources")?;
    for dir in WATCHED {
        watcher
            .watch(&root.join(dir), RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {dir}/"))?;
    }
    thread::spawn(move || {
        let _watcher = watcher;
        while changes.recv().is_ok() {
            // Editors save in bursts; rebuild once per burst.
            while changes.recv_timeout(Duration::from_millis(300)).is_ok() {}
            match build(&root) {
                Ok(_) => {
                    generation.fetch_add(1, Ordering::Relaxed);
                    println!("Rebuilt the book.");
                }
                Err(error) => eprintln!("{error:#}"),
            }
        }
    });
    Ok(())
}

/// Whether `event` creates, writes, renames or removes a source file
/// (not a read, and nothing under a build directory).
fn is_source_change(event: &notify::Event) -> bool {
    use notify::EventKind;
    let writes = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    ) && !matches!(
        event.kind,
        EventKind::Modify(notify::event::ModifyKind::Metadata(_))
    );
    writes
        && event
            .paths
            .iter()
            .any(|path| !path.components().any(|part| part.as_os_str() == "target"))
}

type Response = tiny_http::Response<Cursor<Vec<u8>>>;

/// The response for one request path, read from the built site.
fn respond(site: &Path, url: &str, generation: u64) -> Response {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == RELOAD_PATH {
        return tiny_http::Response::from_string(generation.to_string());
    }
    let Some(file) = resolve(site, path) else {
        return not_found(site);
    };
    let Ok(mut bytes) = fs::read(&file) else {
        return not_found(site);
    };
    let kind = content_type(&file);
    if kind.starts_with("text/html") {
        bytes = inject_reload(bytes);
    }
    with_type(tiny_http::Response::from_data(bytes), kind)
}

/// The file a request path names, refusing anything outside the site.
fn resolve(site: &Path, path: &str) -> Option<PathBuf> {
    let relative = percent_decode(path.trim_start_matches('/'));
    if relative.split('/').any(|part| part == "..") {
        return None;
    }
    let candidate = site.join(&relative);
    let file = if candidate.is_dir() {
        candidate.join("index.html")
    } else {
        candidate
    };
    file.is_file().then_some(file)
}

fn not_found(site: &Path) -> Response {
    let page = fs::read(site.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
    with_type(
        tiny_http::Response::from_data(inject_reload(page)),
        "text/html; charset=utf-8",
    )
    .with_status_code(404)
}

fn with_type(response: Response, kind: &str) -> Response {
    match tiny_http::Header::from_bytes("Content-Type", kind) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

fn inject_reload(page: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&page);
    match text.rfind("</body>") {
        Some(at) => format!("{}{RELOAD_SCRIPT}{}", &text[..at], &text[at..]).into_bytes(),
        None => page,
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" | "md" | "py" | "out" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes `%20`-style escapes in a URL path.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn open_browser(url: &str) {
    let opened = ["xdg-open", "open"].iter().any(|command| {
        std::process::Command::new(command)
            .arg(url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if !opened {
        println!("Could not open a browser here; open {url} yourself.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_writes_to_sources_trigger_a_rebuild() {
        use notify::event::{AccessKind, CreateKind, DataChange, ModifyKind};
        use notify::{Event, EventKind};
        let event = |kind, path: &str| Event::new(kind).add_path(PathBuf::from(path));
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert!(is_source_change(&event(write, "/r/book/ch01/index.md")));
        assert!(is_source_change(&event(
            EventKind::Create(CreateKind::File),
            "/r/book/new.md"
        )));
        assert!(!is_source_change(&event(
            EventKind::Access(AccessKind::Any),
            "/r/book/ch01/index.md"
        )));
        assert!(!is_source_change(&event(write, "/r/exercises/target/x")));
    }

    #[test]
    fn paths_resolve_inside_the_site_only() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir_all(site.path().join("ch01")).unwrap();
        fs::write(site.path().join("index.html"), "<body></body>").unwrap();
        fs::write(site.path().join("ch01/a b.html"), "x").unwrap();
        assert_eq!(
            resolve(site.path(), "/"),
            Some(site.path().join("index.html"))
        );
        assert_eq!(
            resolve(site.path(), "/ch01/a%20b.html"),
            Some(site.path().join("ch01/a b.html"))
        );
        assert_eq!(resolve(site.path(), "/../etc/passwd"), None);
        assert_eq!(resolve(site.path(), "/missing.html"), None);
    }

    #[test]
    fn broken_files_and_fragments_are_found() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir_all(site.path().join("ch01")).unwrap();
        fs::write(site.path().join("index.html"), r#"<a href="ch01/a.html#good">ok</a> <a href="ch01/a.html#bad">x</a> <img src="missing.png"> <a href="https://example.org/x">web</a>"#).unwrap();
        fs::write(
            site.path().join("ch01/a.html"),
            r##"<h1 id="good">A</h1><a href="../index.html">up</a><a href="#good">self</a>"##,
        )
        .unwrap();
        let problems = broken_links(site.path()).unwrap();
        assert_eq!(
            problems,
            vec![
                "index.html: link to `ch01/a.html#bad`: no element with id `bad`".to_string(),
                "index.html: link to `missing.png`: no such file".to_string(),
            ]
        );
    }

    #[test]
    fn served_pages_learn_to_reload() {
        let page = inject_reload(b"<html><body><p>hi</p></body></html>".to_vec());
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains(RELOAD_PATH));
        assert!(page.ends_with("</script></body></html>"));
    }
}
