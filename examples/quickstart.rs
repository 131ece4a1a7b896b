//! A tour of the Partner API client: `cargo run --example quickstart`.
//!
//! With no environment set, it starts a local stand-in for the Partner Hub (the
//! `d360-fake-hub` package) and walks the main flows against it: read the partner, change
//! its redirect URL, set and read the webhook URL, and handle a typed 404.
//!
//! With `D360_PARTNER_API_KEY` and `D360_PARTNER_ID` set, it runs only the read-only steps,
//! against the real Partner Hub (or `D360_PARTNER_BASE_URL`, when set), with a client from
//! [`Client::from_env`].

use d360_fake_hub::FakeHub;
use d360_partners::types::{PartnerOut, PatchPartnerIn, WebhookUrlIn};
use d360_partners::url::Url;
use d360_partners::{Client, Error, Formatted, GetPartnerError};
use std::error::Error as StdError;
use std::process::ExitCode;

type Result<T, E = Box<dyn StdError>> = std::result::Result<T, E>;

#[tokio::main]
async fn main() -> ExitCode {
    println!("360dialog Partner API quickstart\n");
    let outcome = match Mode::from_env() {
        Ok(Mode::Local) => local_tour().await,
        Ok(Mode::Real { partner_id }) => real_tour(&partner_id).await,
        Err(message) => Err(message.into()),
    };
    match outcome {
        Ok(()) => {
            println!("Done.");
            ExitCode::SUCCESS
        }
        Err(error) => {
            // The client's errors say in one sentence what failed, with the status, the
            // server's message and its trace id when there was a response.
            eprintln!("\nerror: {error}");
            ExitCode::FAILURE
        }
    }
}

enum Mode {
    /// No credentials: run everything against a local stand-in.
    Local,
    /// Credentials for a real Partner Hub: read-only steps only.
    Real { partner_id: String },
}

impl Mode {
    fn from_env() -> Result<Self, String> {
        let set = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        match (set("D360_PARTNER_API_KEY"), set("D360_PARTNER_ID")) {
            (None, _) => Ok(Self::Local),
            (Some(_), Some(partner_id)) => Ok(Self::Real {
                partner_id: partner_id.trim().to_owned(),
            }),
            (Some(_), None) => Err("D360_PARTNER_API_KEY is set but D360_PARTNER_ID is not: \
                 set it to your Partner ID (Partner Hub, \"Partner Integration\" section)"
                .to_owned()),
        }
    }
}

/// Every flow, against a stand-in started here.
async fn local_tour() -> Result<()> {
    let hub = FakeHub::start().await?;
    println!(
        "D360_PARTNER_API_KEY is not set, so this runs against a local stand-in for the \
         Partner Hub at {}.",
        hub.url()
    );
    println!(
        "(Set D360_PARTNER_API_KEY and D360_PARTNER_ID to run the read-only steps against \
         your Partner Hub.)\n"
    );
    let client = Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
        .build()?;
    let id = hub.partner_id();

    show_partner(&client, id).await?;

    step(
        "Change the redirect URL",
        &format!("PATCH /api/v2/partners/{id}"),
    );
    let before = client.get_partner(id).await?.partner_redirect_url;
    let patch = PatchPartnerIn::new().with_partner_redirect_url("https://example.com/onboarded");
    // (`PartnerOut`'s URLs are typed: `Formatted<url::Url>`, see `url` below.)
    let updated = client.update_partner(id, &patch).await?;
    println!(
        "   redirect URL   {} -> {}",
        url(before.as_ref()),
        url(updated.partner_redirect_url.as_ref())
    );
    println!("   (only partner_redirect_url was sent: the other settings stay as they were)\n");

    step(
        "Set the webhook URL",
        &format!("POST /api/v2/partners/{id}/webhook_url"),
    );
    let hook = WebhookUrlIn::new("https://example.com/360dialog/events".to_owned());
    let partner = client.set_webhook_url(id, &hook).await?;
    println!("   webhook URL    {}\n", url(partner.webhook_url.as_ref()));

    show_webhook_url(&client, id).await?;
    show_not_found(&client, "no-such-partner").await
}

/// The read-only steps, against the hub the environment names.
async fn real_tour(partner_id: &str) -> Result<()> {
    let client = Client::from_env()?;
    println!(
        "Using D360_PARTNER_API_KEY against {} (read-only steps).\n",
        client.runtime().base_url()
    );
    show_partner(&client, partner_id).await?;
    show_webhook_url(&client, partner_id).await
}

async fn show_partner(client: &Client, id: &str) -> Result<PartnerOut> {
    step("Read the partner", &format!("GET /api/v2/partners/{id}"));
    let partner = client.get_partner(id).await?;
    println!("   id             {}", text(partner.id.as_deref()));
    println!("   brand name     {}", text(partner.brand_name.as_deref()));
    println!("   country        {}", text(partner.country.as_deref()));
    println!(
        "   redirect URL   {}",
        url(partner.partner_redirect_url.as_ref())
    );
    println!("   webhook URL    {}", url(partner.webhook_url.as_ref()));
    print_settings(&partner);
    let unknown = unknown_fields(&partner);
    if !unknown.is_empty() {
        println!(
            "   kept as sent   {} (not in the spec this client was built from)",
            unknown.join(", ")
        );
    }
    println!();
    Ok(partner)
}

fn print_settings(partner: &PartnerOut) {
    let Some(settings) = partner
        .settings
        .value()
        .and_then(|s| s.as_partner_settings_public_out())
    else {
        return;
    };
    if let Some(region) = settings.default_data_localization_region.value() {
        println!("   data region    {region}");
    }
    if let Some(change) = settings
        .partner_change_request
        .value()
        .and_then(|c| c.as_partner_change_request_settings_out())
    {
        let answer = if change.auto_approve { "yes" } else { "no" };
        println!("   auto-approve   {answer} (partner change requests)");
    }
}

/// Fields the server sent that the spec does not describe, kept in `additional_properties`.
fn unknown_fields(partner: &PartnerOut) -> Vec<String> {
    let mut names: Vec<String> = partner.additional_properties.keys().cloned().collect();
    if let Some(settings) = partner
        .settings
        .value()
        .and_then(|s| s.as_partner_settings_public_out())
    {
        names.extend(
            settings
                .additional_properties
                .keys()
                .map(|k| format!("settings.{k}")),
        );
    }
    names
}

async fn show_webhook_url(client: &Client, id: &str) -> Result<()> {
    step(
        "Read the webhook URL",
        &format!("GET /api/v2/partners/{id}/webhook_url"),
    );
    let hook = client.get_webhook_url(id).await?;
    println!("   webhook URL    {}\n", text(hook.webhook_url.as_deref()));
    Ok(())
}

/// Errors are typed per operation: a 404 from `get_partner` is `GetPartnerError::NotFound`.
async fn show_not_found(client: &Client, id: &str) -> Result<()> {
    step(
        "Ask for a partner that does not exist",
        &format!("GET /api/v2/partners/{id}"),
    );
    match client.get_partner(id).await {
        Err(Error::Api {
            error: GetPartnerError::NotFound(body),
            context,
        }) => {
            println!("   {} -> GetPartnerError::NotFound", context.status);
            println!("   message        {}", body.meta.developer_message);
            println!(
                "   trace id       {}   (quote it when asking 360dialog support)\n",
                text(body.meta._360dialog_trace_id.as_deref())
            );
            Ok(())
        }
        Err(other) => Err(other.into()),
        Ok(partner) => Err(format!(
            "expected a 404, but partner {} exists",
            text(partner.id.as_deref())
        )
        .into()),
    }
}

fn step(title: &str, request: &str) {
    println!("-> {title}   [{request}]");
}

fn text(value: Option<&str>) -> &str {
    value.unwrap_or("(not set)")
}

/// A `format: url` field: the parsed URL, or the text as it came when it is not a URL (the
/// hub sends `""` for one never set), with the reason.
fn url(value: Option<&Formatted<Url>>) -> String {
    match value.map(Formatted::get) {
        None => "(not set)".to_owned(),
        Some(Ok(url)) => url.to_string(),
        Some(Err(why)) => format!("{:?} (kept as sent: {})", why.raw(), why.reason()),
    }
}
