//! Prints the role × action permission table as one Markdown table, generated
//! from the crate's `const` table (not from a copy of the source document):
//! the source document's four roles, or with `--all` the six built-in roles
//! (DevOps and Billing Manager too).
//!
//! ```sh
//! cargo run --example permission_matrix
//! cargo run --example permission_matrix -- --all
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => print!("{}", orgmodel::PermissionMatrix),
        [all] if all == "--all" => print!("{}", orgmodel::BuiltInMatrix),
        _ => {
            eprintln!("usage: permission_matrix [--all]");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
