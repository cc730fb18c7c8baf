//! Integration tests of the `stancetag` binary, one module per verb.

mod bench;
mod eval;
mod network;
mod split;
mod summary;
mod tag;

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// A file of the evaluation crate's test fixtures, as an argument.
fn fixture(name: &str) -> String {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../evaluation/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// Run `cmd` with `stdin` as its standard input; its output.
fn with_stdin(cmd: &mut Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}
