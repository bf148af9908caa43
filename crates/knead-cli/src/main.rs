//! The `knead` command: plan, check and explain massage and recovery for runners.
//!
//! Argument parsing, file I/O and printing only: every answer comes from
//! knead-app and is rendered by knead-report.

// The binary is where printing belongs.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod commands;
mod exit;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    // `file:line:column: message` stays on one line, for people and editors alike.
    let _ = miette::set_hook(Box::new(|_| {
        Box::new(miette::MietteHandlerOpts::new().wrap_lines(false).build())
    }));
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Plan(args) => commands::plan::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Rules(args) => commands::rules::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Example => {
            output::emit(None, knead_formats::example::MARATHON_TOML).map(|()| exit::Status::Fine)
        }
        Command::Template(args) => commands::template::run(args),
        Command::Activities(args) => commands::activities::run_activities(args),
        Command::Load(args) => commands::activities::run_load(args),
        Command::Completions(args) => commands::shell::completions(args),
        Command::Man => commands::shell::man(),
        Command::Serve(args) => commands::serve::run(args),
    };
    match result {
        Ok(status) => status.into(),
        Err(report) => {
            eprintln!("{report:?}");
            if report.downcast_ref::<exit::Usage>().is_some() {
                ExitCode::from(2)
            } else {
                exit::Status::Failed.into()
            }
        }
    }
}
