//! The `knead` command: plan, check and explain massage and recovery for runners.

mod cli;
mod commands;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Plan(args) => commands::plan::run(args).map(|()| ExitCode::SUCCESS),
        Command::Check(args) => commands::check::run(args),
        Command::Rules(args) => commands::rules::run(args).map(|()| ExitCode::SUCCESS),
        Command::Explain(args) => commands::explain::run(args).map(|()| ExitCode::SUCCESS),
        Command::Example => {
            output::emit(None, knead_formats::example::MARATHON_TOML).map(|()| ExitCode::SUCCESS)
        }
        Command::Template(args) => commands::template::run(args).map(|()| ExitCode::SUCCESS),
        Command::Activities(args) => commands::activities::run_activities(args),
        Command::Load(args) => commands::activities::run_load(args),
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}
