//! One HTTP/1.1 request per connection over a `TcpStream`, to loopback.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;

/// A response: its status, the revision of its ETag, its JSON body.
pub struct Response {
    pub status: u16,
    pub revision: Option<u64>,
    pub body: Value,
}

/// Sends `method path` to `address` as `user`, with `body` and `if_match`.
pub fn send(
    address: &str,
    method: &str,
    path: &str,
    user: &str,
    body: Option<&Value>,
    if_match: Option<u64>,
) -> Result<Response, String> {
    let mut stream = TcpStream::connect(address).map_err(|error| format!("{address}: {error}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|error| error.to_string())?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nAuthorization: Bearer {user}\r\n"
    );
    if let Some(revision) = if_match {
        head.push_str(&format!("If-Match: \"{revision}\"\r\n"));
    }
    if !body.is_empty() {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    head.push_str(&body);
    stream
        .write_all(head.as_bytes())
        .map_err(|error| error.to_string())?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|error| error.to_string())?;
    parse(&raw)
}

fn parse(raw: &[u8]) -> Result<Response, String> {
    let split = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .ok_or("no header block")?;
    let head = String::from_utf8_lossy(raw.get(..split).unwrap_or_default()).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or("no status line")?;
    let mut revision = None;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("etag") {
                revision = value.trim().trim_matches('"').parse().ok();
            }
        }
    }
    let rest = raw.get(split + 4..).unwrap_or_default();
    let body = if rest.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(rest).map_err(|error| format!("a body that is not JSON: {error}"))?
    };
    Ok(Response {
        status,
        revision,
        body,
    })
}
