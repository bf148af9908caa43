//! Fetching a calendar a runner links by its address (a webcal or https URL
//! from Google, Apple, Outlook or a training platform), for a new season.
//!
//! The server fetches what a person asks it to, so it guards itself: only
//! http(s) and webcal, no addresses of this machine or its private networks
//! (unless the server is told to allow them, for tests and private
//! deployments), a time limit, and a size limit. A failed fetch says why.

use std::net::IpAddr;
use std::time::Duration;

use crate::error::WebError;

/// The most a linked calendar may weigh.
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;
/// How long a fetch may take.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// Whether an address is this machine's or a private network's.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1])
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

/// The https URL of a webcal, http or https address, with its host and port.
///
/// # Errors
/// [`WebError::Invalid`] for anything else.
pub fn normalise(url: &str) -> Result<(String, String, u16), WebError> {
    let url = url.trim();
    let bad = || {
        WebError::Invalid(format!(
            "calendar address {url:?}: expected a webcal:// or https:// address"
        ))
    };
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    let (scheme, default_port) = match scheme.to_ascii_lowercase().as_str() {
        "webcal" | "webcals" | "https" => ("https", 443),
        "http" => ("http", 80),
        _ => return Err(bad()),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return Err(bad());
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') && h.ends_with(']') => {
            match p.parse::<u16>() {
                Ok(port) => (h.trim_matches(['[', ']']).to_owned(), port),
                Err(_) => (authority.trim_matches(['[', ']']).to_owned(), default_port),
            }
        }
        _ => (authority.trim_matches(['[', ']']).to_owned(), default_port),
    };
    Ok((format!("{scheme}://{rest}"), host, port))
}

/// Fetches a linked calendar's text.
///
/// # Errors
/// [`WebError::Invalid`] saying why: a bad address, a private address (when
/// not allowed), no answer, an answer that is not 200, too big, or not text.
pub async fn calendar(url: &str, allow_private: bool) -> Result<String, WebError> {
    let (url, host, port) = normalise(url)?;
    let addresses: Vec<_> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|e| WebError::Invalid(format!("{url}: the host {host:?} was not found ({e})")))?
        .collect();
    if addresses.is_empty() {
        return Err(WebError::Invalid(format!(
            "{url}: the host {host:?} was not found"
        )));
    }
    if !allow_private && addresses.iter().any(|a| is_private(a.ip())) {
        return Err(WebError::Invalid(format!(
            "{url}: the host is on a private network; link a calendar on the internet, or upload the file"
        )));
    }
    let shown = url.clone();
    tokio::task::spawn_blocking(move || {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .max_redirects(0)
            .http_status_as_error(false)
            .build();
        let agent = ureq::Agent::new_with_config(config);
        let mut answer = agent
            .get(&url)
            .call()
            .map_err(|e| WebError::Invalid(format!("{shown}: no answer ({e})")))?;
        let status = answer.status();
        if status != 200 {
            return Err(WebError::Invalid(format!(
                "{shown}: the server answered {status}, not the calendar"
            )));
        }
        answer
            .body_mut()
            .with_config()
            .limit(MAX_BYTES)
            .read_to_string()
            .map_err(|e| {
                WebError::Invalid(format!(
                    "{shown}: could not read the calendar ({e}); at most {} MB of text",
                    MAX_BYTES / 1_000_000
                ))
            })
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(
            normalise("webcal://calendar.example.org/feed.ics").unwrap(),
            (
                "https://calendar.example.org/feed.ics".into(),
                "calendar.example.org".into(),
                443
            )
        );
        assert_eq!(normalise("http://127.0.0.1:8080/x.ics").unwrap().2, 8080);
        assert!(normalise("file:///etc/passwd").is_err());
        assert!(normalise("https://user:pw@host/x").is_err());
        assert!(normalise("calendar.ics").is_err());
    }

    #[test]
    fn private_addresses() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.0.1",
            "169.254.1.1",
            "::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "100.64.0.1",
        ] {
            assert!(is_private(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "2606:2800:220:1::1"] {
            assert!(!is_private(public.parse().unwrap()), "{public}");
        }
    }

    #[tokio::test]
    async fn private_hosts_are_refused_unless_allowed() {
        let e = calendar("http://127.0.0.1:9/x.ics", false)
            .await
            .unwrap_err();
        assert!(e.message().contains("private network"), "{}", e.message());
    }

    #[tokio::test]
    async fn a_local_calendar_is_fetched_when_allowed() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 1024];
            let _ = socket.read(&mut buf).await;
            let body = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            socket.write_all(answer.as_bytes()).await.unwrap();
        });
        let text = calendar(&format!("http://127.0.0.1:{port}/cal.ics"), true)
            .await
            .unwrap();
        assert!(text.starts_with("BEGIN:VCALENDAR"));
    }
}
