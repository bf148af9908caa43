//! `knead completions` and `knead man`: the shell's view of knead.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::exit::Status;
use crate::output;

/// Prints a completion script for the shell.
pub fn completions(args: &CompletionsArgs) -> miette::Result<Status> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "knead", &mut out);
    output::emit(None, &String::from_utf8_lossy(&out))?;
    Ok(Status::Fine)
}

/// Prints the manual page in roff.
pub fn man() -> miette::Result<Status> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| miette::miette!("could not render the manual page: {e}"))?;
    output::emit(None, &String::from_utf8_lossy(&out))?;
    Ok(Status::Fine)
}
