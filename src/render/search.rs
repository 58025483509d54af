//! The full-text search index, built in-process with Pagefind from the
//! rendered pages, so search works offline from the output folder with no
//! outside service. The search page's own script (themes/default/static/
//! search.js) is an accessible front end on Pagefind's JavaScript API.

use super::OutputFile;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// The folder of the index in the output.
pub const INDEX_DIR: &str = "pagefind/";

/// Indexes every content page in `files` (pages mark their indexable part
/// with `data-pagefind-body`) and returns the index files.
pub fn index(files: &[OutputFile]) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .build();
        let mut index =
            PagefindIndex::new(Some(config)).map_err(|e| format!("search index: {e}"))?;
        for f in files {
            if !f.path.ends_with(".html") || f.path.ends_with("404.html") {
                continue;
            }
            let Ok(html) = std::str::from_utf8(&f.bytes) else {
                continue;
            };
            if !html.contains("data-pagefind-body") {
                continue;
            }
            index
                .add_html_file(Some(f.path.clone()), None, html.to_string())
                .await
                .map_err(|e| format!("search index: {}: {e}", f.path))?;
        }
        let out = index
            .get_files()
            .await
            .map_err(|e| format!("search index: {e}"))?;
        Ok(out
            .into_iter()
            .map(|f| OutputFile {
                path: format!(
                    "{INDEX_DIR}{}",
                    f.filename.to_string_lossy().replace('\\', "/")
                ),
                bytes: f.contents,
            })
            .collect())
    })
}
