//! The platform's organization endpoints over `orgmodel`: an HTTP server
//! whose every organization is an event log in SQLite (a file, created on
//! first start) or Postgres (a `postgres://` URL).
//!
//! ```sh
//! cargo run -p orgmodel-service -- service.sqlite
//! cargo run -p orgmodel-service -- --listen 127.0.0.1:8080 --seed service/seed/acme.json service.sqlite
//! ```
//!
//! Identity is a stand-in: `Authorization: Bearer <user id>` for a person,
//! `Authorization: Token <API token id>` for an API token.

mod error;
mod postgres_log;
mod routes;
mod seed;
mod spec;
mod state;
mod store;
mod wire;

use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::IntoResponse;

use crate::error::ApiError;
use crate::state::Inner;

/// The largest body a request may have.
pub(crate) const BODY_LIMIT: usize = 256 * 1024;

const USAGE: &str = "usage: orgmodel-service [--listen ADDRESS:PORT] [--seed FILE.json] DATABASE (a file for SQLite, or postgres://…)";

struct Options {
    listen: String,
    seed: Option<String>,
    database: String,
}

fn options() -> Result<Options, String> {
    let mut listen = "127.0.0.1:8080".to_owned();
    let mut seed = None;
    let mut database = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--listen" => listen = args.next().ok_or(USAGE)?,
            "--seed" => seed = Some(args.next().ok_or(USAGE)?),
            "--help" | "-h" => return Err(USAGE.to_owned()),
            _ if database.is_none() && !arg.starts_with("--") => database = Some(arg),
            _ => return Err(USAGE.to_owned()),
        }
    }
    Ok(Options {
        listen,
        seed,
        database: database.ok_or(USAGE)?,
    })
}

async fn not_found() -> axum::response::Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no_such_path",
        "no operation has this path",
    )
    .into_response()
}

/// Binds the port, opens the store and rebuilds the organizations, before
/// any async runtime runs (the Postgres client runs one of its own).
fn prepare(options: &Options) -> Result<(std::net::TcpListener, Inner), String> {
    if spec::count() != 45 {
        return Err(format!(
            "the OpenAPI document declares {} operations, not 45",
            spec::count()
        ));
    }
    let listener = std::net::TcpListener::bind(&options.listen)
        .map_err(|error| format!("cannot listen on {}: {error}", options.listen))?;
    listener
        .set_nonblocking(true)
        .map_err(|error| error.to_string())?;
    let address = listener.local_addr().map_err(|error| error.to_string())?;
    let store = store::Store::open(&options.database).map_err(|error| error.body().to_string())?;
    let mut inner =
        Inner::new(store, format!("http://{address}")).map_err(|error| error.body().to_string())?;
    if let Some(path) = &options.seed {
        let text = std::fs::read_to_string(path).map_err(|error| format!("{path}: {error}"))?;
        let seeded = seed::seed(&mut inner, &text)?;
        println!("seed: {}", if seeded { "stored" } else { "already there" });
    }
    Ok((listener, inner))
}

async fn serve(listener: std::net::TcpListener, inner: Inner) -> Result<(), String> {
    let listener =
        tokio::net::TcpListener::from_std(listener).map_err(|error| error.to_string())?;
    let address = listener.local_addr().map_err(|error| error.to_string())?;
    let app = routes::router(Arc::new(Mutex::new(inner)))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(spec::check))
        .layer(DefaultBodyLimit::max(BODY_LIMIT));
    println!("listening on http://{address}");
    axum::serve(listener, app)
        .await
        .map_err(|error| error.to_string())
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let (listener, inner) = match prepare(&options) {
        Ok(prepared) => prepared,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(listener, inner)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
