//! `knead serve`: opens (creating and migrating) the database, optionally
//! makes the demo, and serves until Ctrl-C or SIGTERM.

use std::path::PathBuf;

use miette::{IntoDiagnostic, WrapErr};

use crate::cli::ServeArgs;
use crate::exit::Status;

/// The default database: `knead.db` in the user's data folder.
fn default_database() -> miette::Result<String> {
    let dir: PathBuf = dirs::data_dir()
        .ok_or_else(|| miette::miette!("no data folder known for this user: pass --database"))?
        .join("knead");
    std::fs::create_dir_all(&dir)
        .into_diagnostic()
        .wrap_err_with(|| format!("creating {}", dir.display()))?;
    Ok(dir.join("knead.db").display().to_string())
}

/// Runs the server.
#[allow(clippy::print_stdout)]
pub fn run(args: &ServeArgs) -> miette::Result<Status> {
    let database = match &args.database {
        Some(url) => url.clone(),
        None => default_database()?,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .into_diagnostic()?;
    runtime.block_on(async {
        let store = knead_server::open_store(&database)
            .await
            .map_err(|e| miette::miette!("database {}: {e}", redact(&database)))?;
        let settings = knead_server::Settings {
            public_url: args.public_url.clone(),
            secure_cookies: args.secure_cookies,
            trust_proxy: args.trust_proxy,
            ..knead_server::Settings::default()
        };
        let state = knead_server::AppState::new(store, settings);
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .into_diagnostic()
            .wrap_err_with(|| format!("listening on {}", args.listen))?;
        let address = listener.local_addr().into_diagnostic()?;
        let base = args
            .public_url
            .clone()
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{address}"));
        println!(
            "knead serve: listening on {base} (database {})",
            redact(&database)
        );
        if args.demo {
            let demo = knead_server::demo::ensure(&state, &base)
                .await
                .map_err(|e| miette::miette!("making the demo: {}", e.message()))?;
            println!(
                "demo sign-in: {} / {}",
                knead_server::demo::EMAIL,
                knead_server::demo::PASSWORD
            );
            println!("demo season:  {base}/seasons/{}", demo.season);
            println!("demo feed:    {}", demo.feed);
            println!("              {}", demo.webcal);
        }
        knead_server::serve(listener, state)
            .await
            .into_diagnostic()?;
        Ok::<_, miette::Report>(())
    })?;
    Ok(Status::Fine)
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_not_printed() {
        assert_eq!(
            redact("postgres://knead:s3cret@localhost/knead"),
            "postgres://knead:***@localhost/knead"
        );
        assert_eq!(redact("/tmp/knead.db"), "/tmp/knead.db");
    }
}
