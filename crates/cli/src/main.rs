//! `stancetag`: split, tag, train, evaluate and benchmark from the command line.
//!
//! Each verb lives in `commands/<verb>.rs` with its clap `Args` and a `run`
//! function; this file only parses the command line and maps errors to an
//! exit code.

mod commands;
mod io;
mod models;
mod progress;
mod report;
mod table;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Entity and stance tagging for political and international-relations text.
#[derive(Parser)]
#[command(name = "stancetag", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Bench(commands::bench::Args),
    Eval(commands::eval::Args),
    Network(commands::network::Args),
    Split(commands::split::Args),
    Summary(commands::summary::Args),
    Tag(commands::tag::Args),
    Train(commands::train::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Bench(args) => commands::bench::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Network(args) => commands::network::run(args),
        Command::Split(args) => commands::split::run(args),
        Command::Summary(args) => commands::summary::run(args),
        Command::Tag(args) => commands::tag::run(args),
        Command::Train(args) => commands::train::run(args),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`stancetag ... | head`) is the reader's choice, not an error.
        Err(err) if broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("stancetag: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == BrokenPipe)
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
    })
}
