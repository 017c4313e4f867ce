//! The service as a process on a loopback port, and a small HTTP/1.1
//! client over a `TcpStream` (one request per connection): the tests speak
//! to the service as any client would, through its port.

#![allow(dead_code)] // each test file uses part of it

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// The seeded organization (service/seed/acme.json) and its people.
pub const ORG: &str = "0b0e5c3a-6f1d-4c39-9a77-3f1b2f000001";
pub const OWNER: &str = "a0000000-0000-4000-8000-00000000000a";
pub const ADMIN: &str = "b0000000-0000-4000-8000-00000000000b";
pub const DEVELOPER: &str = "c0000000-0000-4000-8000-00000000000c";
pub const PROJECT: &str = "d1000000-0000-4000-8000-000000000001";
pub const ADMIN_TOKEN: &str = "70000000-0000-4000-8000-000000000001";

/// A new database: a SQLite file in the system's temporary directory, or,
/// when `ORGMODEL_SERVICE_POSTGRES` holds a server's `postgres://` URL, a new
/// database on that server (CI runs the tests both ways).
pub fn database() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let name = format!(
        "orgmodel_service_{}_{nanos}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    match std::env::var("ORGMODEL_SERVICE_POSTGRES") {
        Ok(url) if !url.is_empty() => {
            let mut client =
                postgres::Client::connect(&url, postgres::NoTls).expect("the test server answers");
            client
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("a new database");
            let (server, _) = url.rsplit_once('/').expect("a URL with a database");
            format!("{server}/{name}")
        }
        _ => std::env::temp_dir()
            .join(format!("{name}.sqlite"))
            .to_string_lossy()
            .into_owned(),
    }
}

/// A running service; stopped when dropped.
pub struct Service {
    child: Child,
    pub address: String,
}

impl Service {
    /// Starts the service on `database`, seeded with acme.
    pub fn start(database: &str) -> Service {
        let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/acme.json");
        let mut child = Command::new(env!("CARGO_BIN_EXE_orgmodel-service"))
            .args(["--listen", "127.0.0.1:0", "--seed", seed, database])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the service starts");
        let stdout = child.stdout.take().expect("its output");
        let mut lines = BufReader::new(stdout).lines();
        let address = loop {
            let line = lines
                .next()
                .expect("the service prints its address")
                .expect("a line");
            if let Some(url) = line.strip_prefix("listening on http://") {
                break url.to_owned();
            }
        };
        Service { child, address }
    }

    /// Sends one request; `auth` is the whole Authorization value.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        auth: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Response {
        let mut stream = TcpStream::connect(&self.address).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("a timeout");
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.address
        );
        if let Some(auth) = auth {
            head.push_str(&format!("Authorization: {auth}\r\n"));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(body) = body {
            head.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("sends");
        if let Some(body) = body {
            stream.write_all(body).expect("sends the body");
        }
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("reads");
        Response::parse(&raw)
    }

    /// `method path` as `user` (a Bearer), with a JSON body.
    pub fn as_user(&self, user: &str, method: &str, path: &str, body: Option<Value>) -> Response {
        let auth = format!("Bearer {user}");
        let body = body.map(|body| body.to_string());
        self.request(
            method,
            path,
            Some(&auth),
            &[],
            body.as_deref().map(str::as_bytes),
        )
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, headers (lowercase names), body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let split = raw
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .expect("a header block");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse().ok())
            .expect("a status line");
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        let response = Response {
            status,
            headers,
            body: Vec::new(),
        };
        if response.header("transfer-encoding") == Some("chunked") {
            body = dechunk(&body);
        }
        Response { body, ..response }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "not JSON ({error}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The revision its ETag carries.
    pub fn revision(&self) -> u64 {
        self.header("etag")
            .and_then(|tag| tag.trim_matches('"').parse().ok())
            .expect("an ETag with a revision")
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = body.windows(2).position(|window| window == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&body[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
}
