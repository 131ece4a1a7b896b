//! Runs the Partner Hub stand-in until Ctrl-C: `cargo run -p d360-fake-hub [-- --port 8080]`.

use d360_fake_hub::FakeHub;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
Usage: d360-fake-hub [--port PORT] [--token-lifetime SECONDS]

Serves a local stand-in for the 360dialog Partner Hub on 127.0.0.1 until Ctrl-C.

Options:
  --port PORT                 port to listen on (default: any free port)
  --token-lifetime SECONDS    how long bearer tokens last (default: 86400)
  -h, --help                  print this help";

struct Options {
    port: u16,
    token_lifetime: Option<u64>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        port: 0,
        token_lifetime: None,
    };
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => {
                let raw = value("a port number")?;
                options.port = raw
                    .parse()
                    .map_err(|_| format!("--port: {raw:?} is not a port number (0-65535)"))?;
            }
            "--token-lifetime" => {
                let raw = value("a number of seconds")?;
                let seconds = raw
                    .parse()
                    .map_err(|_| format!("--token-lifetime: {raw:?} is not a number of seconds"))?;
                options.token_lifetime = Some(seconds);
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(options))
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut builder = FakeHub::builder().port(options.port);
    if let Some(seconds) = options.token_lifetime {
        builder = builder.token_lifetime(Duration::from_secs(seconds));
    }
    let hub = match builder.start().await {
        Ok(hub) => hub,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", options.port);
            return ExitCode::FAILURE;
        }
    };
    print_banner(&hub);
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for Ctrl-C: {e}");
    }
    println!("\nStopping.");
    match hub.shutdown().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the server failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn print_banner(hub: &FakeHub) {
    println!("Partner Hub stand-in listening on {}", hub.url());
    println!();
    println!("  partner id   {}", hub.partner_id());
    println!("  API key      {}   (header X-API-Key)", hub.api_key());
    println!(
        "  username     {}   (POST /api/v2/token for a bearer token)",
        hub.username()
    );
    println!("  password     {}", hub.password());
    println!();
    println!("Try it:");
    println!(
        "  curl -H 'X-API-Key: {}' {}{}",
        hub.api_key(),
        hub.url(),
        hub.partner_path()
    );
    println!();
    println!("Or point the quickstart at it:");
    println!(
        "  D360_PARTNER_BASE_URL={} D360_PARTNER_API_KEY={} D360_PARTNER_ID={} \\\n    cargo run --example quickstart",
        hub.url(),
        hub.api_key(),
        hub.partner_id()
    );
    println!();
    println!("Press Ctrl-C to stop.");
}

#[cfg(test)]
mod tests {
    use super::parse_args;

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn arguments() {
        let o = parse_args(args(&["--port", "8080"])).unwrap().unwrap();
        assert_eq!(o.port, 8080);
        let o = parse_args(args(&["--port=9", "--token-lifetime", "5"]))
            .unwrap()
            .unwrap();
        assert_eq!((o.port, o.token_lifetime), (9, Some(5)));
        assert!(parse_args(args(&["--help"])).unwrap().is_none());
        assert!(parse_args(args(&["--port"])).is_err());
        assert!(parse_args(args(&["--port", "99999"])).is_err());
        assert!(parse_args(args(&["--verbose"])).is_err());
    }
}
