//! The articles of a collection as the workspace names them: each by a key
//! made of its file's path relative to the root it was found under and its
//! place in the file, so that the same collection opened from another
//! directory (or through another relative path) has the same keys.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::corpus::{Article, Input};

use super::ContentHash;

/// The roots a collection was opened with.
#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// Each path as given, with its root's rank among the sorted canonical
    /// roots.
    given: Vec<(PathBuf, usize)>,
}

/// How the workspace names one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleName {
    /// Its file relative to its root (`tech/001.txt`).
    pub path: String,
    /// Its place in the file.
    pub ordinal: u32,
    /// Key of the path and place (what the index deletes by).
    pub key: u64,
    /// Hash of its content.
    pub hash: ContentHash,
}

impl Collection {
    /// The collection of `input`.
    pub fn of(input: &Input) -> Collection {
        let Input::Paths(paths) = input else {
            return Collection::default();
        };
        let roots = super::location::roots(input);
        let given = paths
            .iter()
            .map(|p| {
                let canon = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                let rank = roots.iter().position(|r| *r == canon).unwrap_or(0);
                (p.clone(), rank)
            })
            .collect();
        Collection { given }
    }

    /// `path` relative to the root it lies under, with that root's rank.
    fn relative(&self, path: &Path) -> (String, usize) {
        for (root, rank) in &self.given {
            if let Some(rest) = plain_rest(path, root) {
                return (rest, *rank);
            }
            if let Ok(rest) = path.strip_prefix(root) {
                let rest = if rest.as_os_str().is_empty() {
                    path.file_name().map_or_else(PathBuf::new, PathBuf::from)
                } else {
                    rest.to_path_buf()
                };
                return (rest.to_string_lossy().into_owned(), *rank);
            }
        }
        (path.to_string_lossy().into_owned(), 0)
    }

    /// The names of `articles`: an article's place is its rank among the
    /// articles of its file (they follow each other in load order; a
    /// watched file's later articles come after the others).
    pub fn names(&self, articles: &[Arc<Article>]) -> Vec<ArticleName> {
        let mut out: Vec<ArticleName> = Vec::with_capacity(articles.len());
        let mut files: HashMap<&Path, (String, usize, u32)> = HashMap::new();
        for a in articles {
            let (path, rank, next) = files.entry(&*a.path).or_insert_with(|| {
                let (rel, rank) = self.relative(&a.path);
                (rel, rank, 0)
            });
            let ordinal = *next;
            *next += 1;
            out.push(ArticleName {
                path: path.clone(),
                ordinal,
                key: key_of(*rank, path, ordinal),
                hash: ContentHash::default(),
            });
        }
        // Hashing all the text is the costly part: on every core.
        let hashes: Vec<ContentHash> = articles
            .par_iter()
            .map(|a| ContentHash::of(&a.title, a.date.as_deref(), &a.body))
            .collect();
        for (n, h) in out.iter_mut().zip(hashes) {
            n.hash = h;
        }
        out
    }
}

/// `path` under `root` as `Path::strip_prefix` gives it, when `path` is
/// `root` joined with plain names (as the loader's walk makes paths): the
/// bytes after the root, found without parsing components. `None`
/// otherwise (the caller parses them).
fn plain_rest(path: &Path, root: &Path) -> Option<String> {
    if !cfg!(unix) {
        return None;
    }
    let (p, r) = (
        path.as_os_str().as_encoded_bytes(),
        root.as_os_str().as_encoded_bytes(),
    );
    let rest = p.strip_prefix(r)?;
    let rest = if r.ends_with(b"/") {
        rest
    } else {
        rest.strip_prefix(b"/")?
    };
    let plain = !rest.is_empty()
        && rest
            .split(|&b| b == b'/')
            .all(|part| !matches!(part, b"" | b"." | b".."));
    plain.then(|| String::from_utf8_lossy(rest).into_owned())
}

/// A file whose modification time is this close to the moment it was
/// looked at may change again without its time changing (timestamps are
/// coarse on some file systems): its stamp is not trusted.
const RACY: std::time::Duration = std::time::Duration::from_secs(2);

/// One file the loader would read, looked at without reading it: where it
/// is (its root's rank and its path under that root) and what `stat` says
/// of it (size, modification and change times, inode and device).
///
/// Two equal trusted stamps mean the loader would read the same contents
/// (as `make` and `rsync` assume); an untrusted one (the file could not be
/// looked at, or was modified within [`RACY`] of the look) equals nothing,
/// so the file is read again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    /// Rank of its root among the sorted canonical roots.
    pub rank: u32,
    /// Its path relative to that root.
    pub rel: String,
    /// Size, modification time (ns), change time (s, ns), inode, device.
    pub meta: [u64; 6],
    /// False when the file could not be looked at or was too fresh.
    pub trusted: bool,
}

impl FileStamp {
    /// Whether the file is known unchanged since `before` was taken.
    pub fn same(&self, before: &FileStamp) -> bool {
        self.trusted && before.trusted && self == before
    }

    /// The key of the article at `ordinal` in this file.
    pub fn key(&self, ordinal: u32) -> u64 {
        key_of(self.rank as usize, &self.rel, ordinal)
    }
}

/// The files of a collection as they are now ([`Collection::files_now`]),
/// in the loader's order, with the paths to read them by.
#[derive(Debug, Clone, Default)]
pub struct FilesNow {
    /// Each file's stamp.
    pub stamps: Vec<FileStamp>,
    /// Each file's path (as the loader names it) and kind.
    pub paths: Vec<(PathBuf, crate::corpus::FileKind)>,
    /// The loader's size limit when they were looked at.
    pub max_size: u64,
}

/// What `stat` says of a file: its stamp's numbers, whether they can be
/// trusted, and its identity (device, inode).
type Looked = ([u64; 6], bool, (u64, u64));

impl Collection {
    /// The files the loader would read, in its order (a file reached twice
    /// once), each stamped without being read; `None` without paths. A
    /// file that cannot be looked at is listed untrusted (the loader will
    /// say why it cannot read it).
    pub fn files_now(&self) -> Option<FilesNow> {
        if self.given.is_empty() {
            return None;
        }
        let paths: Vec<PathBuf> = self.given.iter().map(|(p, _)| p.clone()).collect();
        let mut found: Vec<(PathBuf, crate::corpus::FileKind)> = Vec::new();
        // The warnings say what the loader will say; the files are what
        // matters here.
        let _ = crate::corpus::discover(&paths, &mut |path, kind| found.push((path, kind)));
        let now = std::time::SystemTime::now();
        // One `stat` per file: on every core (only numbers are made there,
        // so the loader's threads keep no memory of this).
        let looked: Vec<Option<Looked>> = found
            .par_iter()
            .map(|(path, _)| {
                let meta = std::fs::metadata(path).ok()?;
                let modified = meta.modified().ok();
                let trusted =
                    modified.is_some_and(|m| now.duration_since(m).is_ok_and(|age| age > RACY));
                let since = modified
                    .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
                    .unwrap_or_default();
                let mut words = [meta.len(), since.as_nanos() as u64, 0, 0, 0, 0];
                #[cfg(unix)]
                let id = {
                    use std::os::unix::fs::MetadataExt;
                    words[2] = meta.ctime() as u64;
                    words[3] = meta.ctime_nsec() as u64;
                    words[4] = meta.ino();
                    words[5] = meta.dev();
                    (meta.dev(), meta.ino())
                };
                #[cfg(not(unix))]
                let id = (u64::MAX, u64::MAX);
                Some((words, trusted, id))
            })
            .collect();
        let mut seen: std::collections::HashSet<(u64, u64)> = std::collections::HashSet::new();
        let mut out = FilesNow {
            max_size: crate::corpus::max_file_size(),
            ..FilesNow::default()
        };
        for (look, place) in looked.into_iter().zip(found) {
            // A file that cannot be looked at is read again (and the loader
            // says why it cannot be read).
            let (meta, trusted, id) = look.unwrap_or(([0; 6], false, (u64::MAX, u64::MAX)));
            // A second name of a file already listed is not read again.
            if id != (u64::MAX, u64::MAX) && !seen.insert(id) {
                continue;
            }
            let (rel, rank) = self.relative(&place.0);
            out.stamps.push(FileStamp {
                rank: rank as u32,
                rel,
                meta,
                trusted,
            });
            out.paths.push(place);
        }
        Some(out)
    }
}

/// The key of the article at `ordinal` in `path` under root `rank`.
fn key_of(rank: usize, path: &str, ordinal: u32) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&(rank as u64).to_le_bytes());
    h.update(path.as_bytes());
    h.update(&[0]);
    h.update(&ordinal.to_le_bytes());
    h.digest()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::corpus::load_all;

    #[test]
    fn plain_rest_is_what_strip_prefix_gives() {
        let cases = [
            ("news/a/one.txt", "news"),
            ("news/a/one.txt", "news/"),
            ("/abs/news/x.txt", "/abs/news"),
            ("news/./a/x.txt", "news"),
            ("news//a/x.txt", "news"),
            ("newsroom/x.txt", "news"),
            ("news", "news"),
            ("./news/a.txt", "."),
            ("news/a/../b.txt", "news"),
        ];
        for (path, root) in cases {
            let (path, root) = (Path::new(path), Path::new(root));
            let parsed = path
                .strip_prefix(root)
                .ok()
                .map(|r| r.to_string_lossy().into_owned());
            if let Some(fast) = plain_rest(path, root) {
                assert_eq!(Some(fast), parsed, "{path:?} under {root:?}");
            }
        }
        assert_eq!(
            plain_rest(Path::new("news/a/one.txt"), Path::new("news")).as_deref(),
            Some("a/one.txt")
        );
        assert_eq!(
            plain_rest(Path::new("newsroom/x.txt"), Path::new("news")),
            None
        );
    }

    #[test]
    fn names_do_not_depend_on_how_the_root_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("news");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/one.txt"), "One\n\nFirst body.").unwrap();
        std::fs::write(
            root.join("two.jsonl"),
            "{\"title\":\"T1\",\"body\":\"b1\"}\n{\"title\":\"T2\",\"body\":\"b2\"}\n",
        )
        .unwrap();
        let names = |input: Input| {
            let loaded = load_all(&input);
            let arts: Vec<Arc<Article>> = loaded.articles.into_iter().map(Arc::new).collect();
            Collection::of(&input).names(&arts)
        };
        let direct = names(Input::Paths(vec![root.clone()]));
        let dotted = names(Input::Paths(vec![root.join("a/..")]));
        assert_eq!(direct, dotted);
        let rel: Vec<(&str, u32)> = direct
            .iter()
            .map(|n| (n.path.as_str(), n.ordinal))
            .collect();
        assert_eq!(rel, [("a/one.txt", 0), ("two.jsonl", 0), ("two.jsonl", 1)]);
        let mut keys: Vec<u64> = direct.iter().map(|n| n.key).collect();
        keys.dedup();
        assert_eq!(keys.len(), 3);
    }
}
