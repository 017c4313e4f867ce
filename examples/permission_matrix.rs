//! Prints the role × action permission table as one Markdown table, generated
//! from the crate's `const` table (not from a copy of the source document).
//!
//! ```sh
//! cargo run --example permission_matrix
//! ```

fn main() {
    print!("{}", orgmodel::PermissionMatrix);
}
