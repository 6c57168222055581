//! The built site's files (wasm, JavaScript, CSS) under a URL that names the build, so browsers
//! may keep them for a year: `/static/{build}/pkg/{file}`. The build id is a hash of the
//! package folder's files, taken at start-up, so a new build gets new URLs. Each file is sent
//! as its build-time `.br` or `.gz` twin when the browser accepts it (written by
//! `.ci/finish-site`), otherwise as is (then the compression layer compresses it).
//!
//! `/pkg/{file}` (the plain address cargo-leptos uses) keeps working, with `no-cache`: the
//! browser revalidates with `If-Modified-Since`.
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use axum::{
    body::Body,
    extract::{Path as UrlPath, Request},
    http::{header, HeaderValue, StatusCode, Uri},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// Where the built package lives and its build id.
#[derive(Clone, Debug)]
pub struct Assets {
    pkg_dir: PathBuf,
    build: String,
}

/// `Cache-Control` for files under the current build's URL: never change, keep a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` for files whose URL does not name the build.
const REVALIDATE: &str = "no-cache";

impl Assets {
    /// The package folder `site_root/pkg_dir` and the id of what it holds now.
    pub fn new(site_root: &str, pkg_dir: &str) -> Assets {
        let pkg_dir = Path::new(site_root).join(pkg_dir);
        let build = build_id(&pkg_dir);
        Assets { pkg_dir, build }
    }

    /// The URL prefix pages load the package from, e.g. `/static/1a2b3c4d5e6f7a8b`, passed
    /// to the shell as [`app::app::AssetRoot`].
    pub fn root(&self) -> String {
        format!("/static/{}", self.build)
    }

    /// The routes serving the package (they only read).
    pub const READS: [&'static str; 2] = ["/static/{build}/pkg/{*file}", "/pkg/{*file}"];

    /// The routes serving the package.
    pub fn routes<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        let versioned = self.clone();
        let plain = self.clone();
        Router::new()
            .route(
                Self::READS[0],
                get(
                    move |UrlPath((build, file)): UrlPath<(String, String)>, req: Request| {
                        let assets = versioned.clone();
                        async move {
                            // An older build's URL still gets today's file, but not for a year.
                            let cache = if build == assets.build {
                                IMMUTABLE
                            } else {
                                REVALIDATE
                            };
                            assets.serve(&file, req, cache).await
                        }
                    },
                ),
            )
            .route(
                Self::READS[1],
                get(move |UrlPath(file): UrlPath<String>, req: Request| {
                    let assets = plain.clone();
                    async move { assets.serve(&file, req, REVALIDATE).await }
                }),
            )
    }

    /// Sends `file` of the package folder (or its precompressed twin) with `cache`.
    async fn serve(&self, file: &str, req: Request, cache: &'static str) -> Response {
        let Ok(uri) = format!("/{file}").parse::<Uri>() else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let (mut parts, body) = req.into_parts();
        parts.uri = uri;
        let req = Request::from_parts(parts, body);
        let files = ServeDir::new(&self.pkg_dir)
            .precompressed_br()
            .precompressed_gzip();
        match files.oneshot(req).await {
            Ok(res) => {
                let mut res = res.map(Body::new);
                if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
                    res.headers_mut()
                        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
                }
                res
            }
            Err(never) => match never {},
        }
    }
}

/// A hash of every file name and content in `dir` (16 hex digits); "dev" when it cannot be read.
fn build_id(dir: &Path) -> String {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return "dev".into();
    };
    let mut names: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| !matches!(p.extension().and_then(|e| e.to_str()), Some("br" | "gz")))
        .collect();
    names.sort();
    let mut hash = std::hash::DefaultHasher::new();
    for path in &names {
        hash.write(
            path.file_name()
                .map(|n| n.as_encoded_bytes())
                .unwrap_or_default(),
        );
        match std::fs::read(path) {
            Ok(bytes) => hash.write(&bytes),
            Err(_) => return "dev".into(),
        }
    }
    format!("{:016x}", hash.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(app: &Router, uri: &str, encoding: &str) -> Response {
        let req = Request::builder()
            .uri(uri)
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .expect("request");
        app.clone().oneshot(req).await.expect("response")
    }

    fn header_text(res: &Response, name: header::HeaderName) -> String {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }

    #[tokio::test]
    async fn files_under_the_build_url_are_kept_a_year_and_sent_precompressed() {
        let dir = std::env::temp_dir().join(format!("assets-test-{}", std::process::id()));
        let pkg = dir.join("pkg");
        std::fs::create_dir_all(&pkg).expect("dir");
        std::fs::write(pkg.join("site.css"), "body{color:red}").expect("css");
        std::fs::write(pkg.join("site.css.br"), b"\x0b\x07\x80body{color:red}\x03").expect("br");
        let assets = Assets::new(dir.to_str().expect("utf-8"), "pkg");
        assert_eq!(assets.build.len(), 16);
        let app: Router = assets.routes();

        let res = get(&app, &format!("{}/pkg/site.css", assets.root()), "gzip, br").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header_text(&res, header::CACHE_CONTROL), IMMUTABLE);
        assert_eq!(header_text(&res, header::CONTENT_ENCODING), "br");
        assert_eq!(header_text(&res, header::CONTENT_TYPE), "text/css");

        // Without brotli and with no .gz twin: the file as it is.
        let res = get(&app, &format!("{}/pkg/site.css", assets.root()), "gzip").await;
        assert_eq!(header_text(&res, header::CONTENT_ENCODING), "");
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .expect("body");
        assert_eq!(&body[..], b"body{color:red}");

        // Another build's URL, and the plain one: revalidated, never kept.
        let res = get(&app, "/static/0000000000000000/pkg/site.css", "").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header_text(&res, header::CACHE_CONTROL), REVALIDATE);
        let res = get(&app, "/pkg/site.css", "").await;
        assert_eq!(header_text(&res, header::CACHE_CONTROL), REVALIDATE);

        // Nothing outside the folder, nothing missing.
        for uri in [
            "/pkg/../pkg/site.css",
            "/pkg/%2e%2e/Cargo.toml",
            "/pkg/missing.js",
        ] {
            let res = get(&app, uri, "").await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{uri}");
        }

        // A new build gets a new id.
        std::fs::write(pkg.join("site.css"), "body{color:blue}").expect("css");
        assert_ne!(
            Assets::new(dir.to_str().expect("utf-8"), "pkg").build,
            assets.build
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
