//! The HTTP side of `koers serve` (and of `koers audit`): only GET and
//! HEAD, only for this machine, only files inside the output folder.

use super::*;

/// Listens on 127.0.0.1:`port` with Nagle's algorithm off: tiny_http
/// writes a response's headers and body in two writes, and Nagle held the
/// body back until the client's delayed ACK, about 40 ms per request on a
/// kept-open connection. Accepted connections inherit the option.
pub(crate) fn listen(port: u16) -> Result<tiny_http::Server> {
    use socket2::{Domain, Protocol, Socket, Type};
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let fail = |e: &dyn std::fmt::Display| Error::Other(format!("cannot listen on {addr}: {e}"));
    let socket =
        Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).map_err(|e| fail(&e))?;
    // As std's TcpListener::bind does: a restarted server may reuse the port at once.
    #[cfg(unix)]
    socket.set_reuse_address(true).map_err(|e| fail(&e))?;
    socket.set_tcp_nodelay(true).map_err(|e| fail(&e))?;
    socket.bind(&addr.into()).map_err(|e| fail(&e))?;
    socket.listen(128).map_err(|e| fail(&e))?;
    let listener: std::net::TcpListener = socket.into();
    tiny_http::Server::from_listener(listener, None).map_err(|e| fail(&e))
}

/// Why a request is not served, if it is not: only GET and HEAD, and only
/// for this machine's own host names, so a page of another site that made
/// its name point at 127.0.0.1 (DNS rebinding) cannot read the preview.
fn refusal(
    request: &tiny_http::Request,
    port: u16,
) -> Option<tiny_http::Response<std::io::Cursor<Vec<u8>>>> {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().trim().to_ascii_lowercase());
    let allowed = ["localhost", "127.0.0.1", "[::1]"].map(|name| format!("{name}:{port}"));
    if !host.as_ref().is_some_and(|h| allowed.contains(h)) {
        let body = format!(
            "403 Forbidden: koers serve answers only requests for {} (this one named host {}), so that other sites cannot read the preview through DNS rebinding.\n",
            allowed.join(", "),
            host.as_deref().map_or("none".to_string(), |h| format!("`{h}`")),
        );
        return Some(text(body, 403));
    }
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        let body = format!(
            "405 Method Not Allowed: koers serve only reads files (GET and HEAD), not {}.\n",
            request.method()
        );
        let mut r = text(body, 405);
        if let Ok(h) = tiny_http::Header::from_bytes("Allow", "GET, HEAD") {
            r.add_header(h);
        }
        return Some(r);
    }
    None
}

fn text(body: String, status: u16) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    ok(body.into_bytes(), "text/plain; charset=utf-8").with_status_code(status)
}

/// Answers one request: the status, the live script, or a file (HEAD: the
/// same headers without the body, which tiny_http leaves out).
pub(super) fn respond(request: tiny_http::Request, output: &Path, state: &State, port: u16) {
    if let Some(response) = refusal(&request, port) {
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/").to_string();
    let response = if path == STATUS_PATH {
        let error = state.error.lock().ok().and_then(|e| e.clone());
        let since = url
            .split_once("since=")
            .and_then(|(_, v)| v.split('&').next()?.parse::<u64>().ok());
        let changed = since.and_then(|v| state.changed_since(v));
        let body = serde_json::json!({
            "version": state.version.load(Ordering::SeqCst),
            "building": state.building.load(Ordering::SeqCst),
            "error": error,
            "changed": changed,
        })
        .to_string();
        ok(body.into_bytes(), "application/json")
    } else if path == SCRIPT_PATH {
        ok(
            crate::render::theme::live_script().to_vec(),
            "text/javascript",
        )
    } else {
        file_response(output, &path, true)
    };
    let _ = request.respond(response);
}

/// Answers one request for a file of `root` as it is on disk, without the
/// live-reload script (`koers audit`). `prefix`: the site's base path
/// (`/` or `/sub/`), which is stripped before the file is looked up.
pub(crate) fn respond_plain(request: tiny_http::Request, root: &Path, prefix: &str, port: u16) {
    if let Some(response) = refusal(&request, port) {
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let response = match path.strip_prefix(prefix.trim_end_matches('/')) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => file_response(root, rest, false),
        _ => not_found(root, false),
    };
    let _ = request.respond(response);
}

/// The file at URL path `path` of `output`, or the 404 page; `live`: with
/// the live-reload script in HTML.
fn file_response(
    output: &Path,
    path: &str,
    live: bool,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    match resolve(output, path) {
        Some(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let mime = mime_guess::from_path(&file)
                    .first_or_octet_stream()
                    .to_string();
                let bytes = if live && mime == "text/html" {
                    inject_live_script(bytes)
                } else {
                    bytes
                };
                let mime = if mime.starts_with("text/") {
                    format!("{mime}; charset=utf-8")
                } else {
                    mime
                };
                ok(bytes, &mime)
            }
            Err(_) => not_found(output, live),
        },
        None => not_found(output, live),
    }
}

fn ok(bytes: Vec<u8>, mime: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut r = tiny_http::Response::from_data(bytes);
    if let Ok(h) = tiny_http::Header::from_bytes("Content-Type", mime) {
        r.add_header(h);
    }
    if let Ok(h) = tiny_http::Header::from_bytes("Cache-Control", "no-store") {
        r.add_header(h);
    }
    r
}

fn not_found(output: &Path, live: bool) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let body = std::fs::read(output.join("404.html")).unwrap_or_else(|_| b"404".to_vec());
    let body = if live { inject_live_script(body) } else { body };
    ok(body, "text/html; charset=utf-8").with_status_code(404)
}

/// Adds the live-reload script to an HTML page (serve mode only).
fn inject_live_script(bytes: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>\n");
    match String::from_utf8(bytes) {
        Ok(html) => match html.rfind("</body>") {
            Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]).into_bytes(),
            None => html.into_bytes(),
        },
        Err(e) => e.into_bytes(),
    }
}

/// The file for a URL path, only if it lies inside `root`.
pub(crate) fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    // None when the decoded path is not valid UTF-8.
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut path = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => path.push(s),
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let real = path.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    (real.starts_with(&real_root) && real.is_file()).then_some(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "ok").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "no").unwrap();
        assert!(resolve(&root, "/a/").is_some());
        assert!(resolve(&root, "/../secret.txt").is_none());
        assert!(resolve(&root, "/%2e%2e/secret.txt").is_none());
        assert!(resolve(&root, "/a/%2E%2E/%2e%2e/secret.txt").is_none());
        assert!(resolve(&root, "/..%2fsecret.txt").is_none());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            assert!(resolve(&root, "/link.txt").is_none());
        }
    }
}
