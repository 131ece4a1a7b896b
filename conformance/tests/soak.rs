//! Load and fault soak: many calls through one client with bearer credentials whose tokens
//! live a short time, faults injected on the token and the partner endpoints, against the
//! fake hub on loopback; compared with a hand-written reqwest loop in the same run.
//!
//! It needs no outside data, but it is long-running (tens of seconds in release, minutes in
//! a debug build), so it is not part of `cargo test`: it is a test target without the
//! libtest harness, built only with the `outside-data` feature and run only when named:
//!
//! ```sh
//! cargo test --release -p d360-conformance --features outside-data --test soak
//! ```
//!
//! What it does, with the defaults (each can be changed by an environment variable):
//!
//! - two fake hubs on 127.0.0.1 (one per variant, so that their counts stay apart), tokens
//!   living `D360_SOAK_TOKEN_LIFETIME_S` = 2 s, each answering every
//!   `D360_SOAK_FAULT_EVERY` = 500th request, whatever its path, with 503, and every 3rd
//!   request to the token endpoint with 503 too;
//! - the hand-written loop (reqwest, a bearer token obtained and renewed by hand, 5xx and
//!   429 sent again at once) makes `D360_SOAK_CALLS` / 2 = 75,000 calls, then the generated
//!   client (`Client::get_partner`, default settings, bearer credentials) makes
//!   `D360_SOAK_CALLS` = 150,000, then the hand-written loop the other 75,000: both
//!   with `D360_SOAK_CONCURRENCY` = 256 calls in flight, after a warm-up of 1% of the calls;
//! - every call must succeed: the test fails on any error, on any call taking longer than
//!   60 s, and on a phase not done within `D360_SOAK_DEADLINE_S` = 600 s (a hang);
//! - it reports calls/s of both, their ratio, latencies, and the tokens the client obtained
//!   against elapsed / lifetime; it fails when the client's calls/s fall below
//!   `D360_SOAK_MIN_RATIO` = 0.90 of the hand-written loop's (unless 0), or when the client
//!   obtained more than 2 × elapsed / lifetime tokens.
//!
//! With the default retry policy (3 attempts), a call fails only if all three of its
//! attempts land on every 500th request: with a few hundred faulted calls per run, about
//! one run in a thousand. The token endpoint's faults cannot fail a renewal (at most two of
//! three consecutive token requests are faulted).
//!
//! The hubs run on their own Tokio runtime (`D360_SOAK_HUB_THREADS` = 1 worker), the
//! callers on another (`D360_SOAK_CLIENT_THREADS` = 1 worker): on a 2-core machine, one
//! core each.

use d360_fake_hub::{FakeHub, Fault};
use d360_partners::types::PartnerOut;
use d360_partners::Client;
use reqwest::header::{HeaderValue, AUTHORIZATION};
use std::future::Future;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

const TOKEN_PATH: &str = "/api/v2/token";
/// A call taking longer than this counts as a hang.
const CALL_LIMIT: Duration = Duration::from_secs(60);

struct Settings {
    calls: usize,
    concurrency: usize,
    token_lifetime: Duration,
    fault_every: u64,
    deadline: Duration,
    min_ratio: f64,
    hub_threads: usize,
    client_threads: usize,
}

fn setting<T: std::str::FromStr>(name: &str, default: T) -> Result<T, String> {
    match std::env::var(name) {
        Ok(text) => text
            .trim()
            .parse()
            .map_err(|_| format!("{name}={text:?} is not a valid value")),
        Err(_) => Ok(default),
    }
}

fn settings() -> Result<Settings, String> {
    Ok(Settings {
        calls: setting("D360_SOAK_CALLS", 150_000usize)?.max(2),
        concurrency: setting("D360_SOAK_CONCURRENCY", 256usize)?.max(1),
        token_lifetime: Duration::from_secs(setting("D360_SOAK_TOKEN_LIFETIME_S", 2u64)?.max(1)),
        fault_every: setting("D360_SOAK_FAULT_EVERY", 500u64)?,
        deadline: Duration::from_secs(setting("D360_SOAK_DEADLINE_S", 600u64)?),
        min_ratio: setting("D360_SOAK_MIN_RATIO", 0.90f64)?,
        hub_threads: setting("D360_SOAK_HUB_THREADS", 1usize)?.max(1),
        client_threads: setting("D360_SOAK_CLIENT_THREADS", 1usize)?.max(1),
    })
}

/// What the soak's hubs are told: who they are, and which faults to inject.
struct Hubs {
    client: Arc<FakeHub>,
    handwritten: Arc<FakeHub>,
}

/// Starts both hubs on a runtime of their own; they serve until the process ends.
fn start_hubs(settings: &Settings) -> Result<Hubs, String> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let lifetime = settings.token_lifetime;
    let every = settings.fault_every;
    let threads = settings.hub_threads;
    std::thread::spawn(move || {
        let runtime = match tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(e) => {
                let _ = sender.send(Err(format!("no runtime for the hubs: {e}")));
                return;
            }
        };
        runtime.block_on(async move {
            let mut hubs = Vec::new();
            for _ in 0..2 {
                match FakeHub::builder().token_lifetime(lifetime).start().await {
                    Ok(hub) => {
                        if every > 0 {
                            hub.inject(Fault::status(503).every(every));
                        }
                        hub.inject(Fault::status(503).every(3).on_path(TOKEN_PATH));
                        hubs.push(Arc::new(hub));
                    }
                    Err(e) => {
                        let _ = sender.send(Err(format!("a fake hub does not start: {e}")));
                        return;
                    }
                }
            }
            let handwritten = hubs.pop();
            let client = hubs.pop();
            if let (Some(client), Some(handwritten)) = (client, handwritten) {
                let _ = sender.send(Ok(Hubs {
                    client: client.clone(),
                    handwritten: handwritten.clone(),
                }));
                // Keeps the hubs (and this runtime) alive.
                std::future::pending::<()>().await;
            }
        });
    });
    receiver
        .recv()
        .map_err(|_| "the hub thread ended without a word".to_owned())?
}

/// The hand-written loop: reqwest with the runtime's default settings, a bearer token
/// obtained by hand and renewed when it is about to expire (one renewal at a time, the
/// other callers wait), failures with 429 and 5xx sent again at once.
struct Handwritten {
    http: reqwest::Client,
    partner_url: String,
    token_url: String,
    login: String,
    token: RwLock<Option<(HeaderValue, Instant)>>,
    renewal: tokio::sync::Mutex<()>,
}

impl Handwritten {
    fn new(hub: &FakeHub) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .connect_timeout(d360_runtime::DEFAULT_CONNECT_TIMEOUT)
            .timeout(d360_runtime::DEFAULT_TIMEOUT)
            .user_agent("soak-handwritten/1")
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("a reqwest client: {e}"))?;
        let login = serde_json::json!({"username": hub.username(), "password": hub.password()});
        Ok(Self {
            http,
            partner_url: format!("{}{}", hub.url(), hub.partner_path()),
            token_url: format!("{}{TOKEN_PATH}", hub.url()),
            login: login.to_string(),
            token: RwLock::new(None),
            renewal: tokio::sync::Mutex::new(()),
        })
    }

    fn fresh_token(&self) -> Option<HeaderValue> {
        let token = self.token.read().unwrap_or_else(|e| e.into_inner());
        match &*token {
            Some((value, until)) if Instant::now() < *until => Some(value.clone()),
            _ => None,
        }
    }

    async fn token(&self) -> Result<HeaderValue, String> {
        if let Some(token) = self.fresh_token() {
            return Ok(token);
        }
        let _renewing = self.renewal.lock().await;
        if let Some(token) = self.fresh_token() {
            return Ok(token);
        }
        for _ in 0..10 {
            let asked = Instant::now();
            let response = self
                .http
                .post(&self.token_url)
                .header("content-type", "application/json")
                .body(self.login.clone())
                .send()
                .await
                .map_err(|e| format!("token request: {e}"))?;
            let status = response.status().as_u16();
            if matches!(status, 429 | 502 | 503 | 504) {
                continue;
            }
            let body = response
                .bytes()
                .await
                .map_err(|e| format!("token body: {e}"))?;
            if status != 200 {
                return Err(format!("token request answered {status}"));
            }
            let json: serde_json::Value =
                serde_json::from_slice(&body).map_err(|e| format!("token body: {e}"))?;
            let access = json["access_token"].as_str().ok_or("no access_token")?;
            let expires_in = json["expires_in"].as_u64().ok_or("no expires_in")?;
            let value = HeaderValue::from_str(&format!("Bearer {access}"))
                .map_err(|_| "a token that is no header value".to_owned())?;
            // Used until a tenth of its lifetime before it expires.
            let until = asked + Duration::from_secs(expires_in).mul_f64(0.9);
            *self.token.write().unwrap_or_else(|e| e.into_inner()) = Some((value.clone(), until));
            return Ok(value);
        }
        Err("the token endpoint kept failing".to_owned())
    }

    async fn get_partner(&self) -> Result<PartnerOut, String> {
        for _ in 0..10 {
            let token = self.token().await?;
            let response = self
                .http
                .get(&self.partner_url)
                .header(AUTHORIZATION, token)
                .send()
                .await
                .map_err(|e| format!("partner request: {e}"))?;
            match response.status().as_u16() {
                200 => {
                    let body = response
                        .bytes()
                        .await
                        .map_err(|e| format!("partner body: {e}"))?;
                    return serde_json::from_slice(&body).map_err(|e| format!("partner: {e}"));
                }
                401 => {
                    *self.token.write().unwrap_or_else(|e| e.into_inner()) = None;
                }
                429 | 502 | 503 | 504 => {}
                status => return Err(format!("partner request answered {status}")),
            }
        }
        Err("the partner request kept failing".to_owned())
    }
}

/// What one phase measured.
struct Phase {
    calls: usize,
    elapsed: Duration,
    /// CPU time of the whole process (callers and hubs) during the phase.
    cpu: Duration,
    /// Per call, sorted.
    latencies: Vec<Duration>,
    errors: Vec<String>,
    error_count: usize,
}

impl Phase {
    fn per_second(&self) -> f64 {
        self.calls as f64 / self.elapsed.as_secs_f64()
    }

    fn cpu_per_call(&self) -> Duration {
        self.cpu / self.calls.max(1) as u32
    }

    fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let at = ((self.latencies.len() - 1) as f64 * p).round() as usize;
        self.latencies[at.min(self.latencies.len() - 1)]
    }
}

/// Makes `calls` calls, `concurrency` at a time, each through `call`; fails on a hang.
async fn run_phase<F, Fut>(
    calls: usize,
    concurrency: usize,
    deadline: Duration,
    call: F,
) -> Result<Phase, String>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<PartnerOut, String>> + Send,
{
    let call = Arc::new(call);
    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(Mutex::new((Vec::new(), 0usize)));
    let started = Instant::now();
    let cpu_before = process_cpu();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency.min(calls) {
        let (call, next, errors) = (call.clone(), next.clone(), errors.clone());
        workers.spawn(async move {
            let mut latencies = Vec::with_capacity(calls / concurrency + 1);
            while next.fetch_add(1, Ordering::Relaxed) < calls {
                let began = Instant::now();
                let outcome = match tokio::time::timeout(CALL_LIMIT, call()).await {
                    Ok(Ok(partner)) if partner.id.is_some() => Ok(()),
                    Ok(Ok(_)) => Err("a partner without an id".to_owned()),
                    Ok(Err(e)) => Err(e),
                    Err(_) => Err(format!("a call took longer than {CALL_LIMIT:?} (hang)")),
                };
                latencies.push(began.elapsed());
                if let Err(e) = outcome {
                    let mut errors = errors.lock().unwrap_or_else(|e| e.into_inner());
                    errors.1 += 1;
                    if errors.0.len() < 5 {
                        errors.0.push(e);
                    }
                }
            }
            latencies
        });
    }
    let mut latencies = Vec::with_capacity(calls);
    let collect = async {
        while let Some(done) = workers.join_next().await {
            match done {
                Ok(mut worker) => latencies.append(&mut worker),
                Err(e) => return Err(format!("a worker failed: {e}")),
            }
        }
        Ok(())
    };
    match tokio::time::timeout(deadline, collect).await {
        Ok(result) => result?,
        Err(_) => {
            return Err(format!(
                "the phase was not done within {deadline:?}: {} of {calls} calls started (hang)",
                next.load(Ordering::Relaxed).min(calls)
            ))
        }
    }
    let elapsed = started.elapsed();
    let cpu = process_cpu().saturating_sub(cpu_before);
    latencies.sort();
    let (errors, error_count) =
        std::mem::take(&mut *errors.lock().unwrap_or_else(|e| e.into_inner()));
    Ok(Phase {
        calls,
        elapsed,
        cpu,
        latencies,
        errors,
        error_count,
    })
}

/// The CPU time (user and system) the process has used so far, from `/proc/self/stat`
/// (zero where there is none: the figure is informative only).
fn process_cpu() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name (which is in parentheses and may hold spaces):
    // utime and stime are the 12th and 13th, in clock ticks of 1/100 s.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn describe(name: &str, phase: &Phase) {
    println!(
        "  {name:<24} {:>7} calls in {:>6.2} s: {:>6.0} calls/s, {:>5.1} µs CPU/call; latency p50 {}, p99 {}, max {}; {} failed",
        phase.calls,
        phase.elapsed.as_secs_f64(),
        phase.per_second(),
        phase.cpu_per_call().as_secs_f64() * 1e6,
        ms(phase.percentile(0.5)),
        ms(phase.percentile(0.99)),
        ms(phase.percentile(1.0)),
        phase.error_count,
    );
}

fn main() -> ExitCode {
    match soak() {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("soak FAILED: {why}");
            ExitCode::FAILURE
        }
    }
}

fn soak() -> Result<(), String> {
    let settings = settings()?;
    if cfg!(debug_assertions) {
        println!("note: a debug build; the figures mean something only with --release");
    }
    let hubs = start_hubs(&settings)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(settings.client_threads)
        .enable_all()
        .build()
        .map_err(|e| format!("no runtime for the callers: {e}"))?;
    let client = Client::builder()
        .base_url(hubs.client.url())
        .bearer_credentials(hubs.client.username(), hubs.client.password())
        .build()
        .map_err(|e| format!("the client does not build: {e}"))?;
    let handwritten = Arc::new(Handwritten::new(&hubs.handwritten)?);
    let partner_id = hubs.client.partner_id().to_owned();

    let client_call = {
        let client = client.clone();
        let partner_id = partner_id.clone();
        move || {
            let client = client.clone();
            let partner_id = partner_id.clone();
            async move {
                client
                    .get_partner(&partner_id)
                    .await
                    .map_err(|e| format!("client: {e}"))
            }
        }
    };
    let handwritten_call = {
        let handwritten = handwritten.clone();
        move || {
            let handwritten = handwritten.clone();
            async move { handwritten.get_partner().await }
        }
    };

    let n = settings.calls;
    let c = settings.concurrency;
    let deadline = settings.deadline;
    println!(
        "soak: {n} calls, {c} in flight, tokens living {} s, 503 on every {} request to any \
         endpoint and on every 3rd token request; {} hub / {} caller worker thread(s)",
        settings.token_lifetime.as_secs(),
        match settings.fault_every {
            0 => "no".to_owned(),
            e => format!("{e}th"),
        },
        settings.hub_threads,
        settings.client_threads,
    );

    let (warm_client, warm_hand, hand_1, measured, hand_2, tokens) = runtime.block_on(async {
        let warm = (n / 100).max(c);
        let warm_client = run_phase(warm, c, deadline, client_call.clone()).await?;
        let warm_hand = run_phase(warm, c, deadline, handwritten_call.clone()).await?;
        let hand_1 = run_phase(n / 2, c, deadline, handwritten_call.clone()).await?;
        let tokens_before = hubs.client.tokens_issued();
        let measured = run_phase(n, c, deadline, client_call.clone()).await?;
        let tokens = hubs.client.tokens_issued() - tokens_before;
        let hand_2 = run_phase(n - n / 2, c, deadline, handwritten_call.clone()).await?;
        Ok::<_, String>((warm_client, warm_hand, hand_1, measured, hand_2, tokens))
    })?;

    let hand = Phase {
        calls: hand_1.calls + hand_2.calls,
        elapsed: hand_1.elapsed + hand_2.elapsed,
        cpu: hand_1.cpu + hand_2.cpu,
        latencies: {
            let mut all = [hand_1.latencies.clone(), hand_2.latencies.clone()].concat();
            all.sort();
            all
        },
        errors: [hand_1.errors.clone(), hand_2.errors.clone()].concat(),
        error_count: hand_1.error_count + hand_2.error_count,
    };
    describe("warm-up, client", &warm_client);
    describe("warm-up, hand-written", &warm_hand);
    describe("hand-written, 1st half", &hand_1);
    describe("generated client", &measured);
    describe("hand-written, 2nd half", &hand_2);
    describe("hand-written, both", &hand);

    let ratio = measured.per_second() / hand.per_second();
    let lifetimes = measured.elapsed.as_secs_f64() / settings.token_lifetime.as_secs_f64();
    let token_bound = 2.0 * lifetimes;
    let hub_counts = |hub: &FakeHub| {
        let answers = hub.answers_per_status();
        format!(
            "{} partner requests, {} token requests, {} tokens issued; answers {:?}",
            hub.request_count(&hub.partner_path()),
            hub.request_count(TOKEN_PATH),
            hub.tokens_issued(),
            answers,
        )
    };
    println!(
        "  calls/s, client / hand-written: {ratio:.3} (target >= {:.2})",
        settings.min_ratio
    );
    println!(
        "  tokens the client obtained while measured: {tokens} in {:.2} s with a {} s \
         lifetime (elapsed / lifetime = {lifetimes:.2}; bound 2 x that = {token_bound:.2})",
        measured.elapsed.as_secs_f64(),
        settings.token_lifetime.as_secs(),
    );
    println!(
        "  client's hub, whole run:       {}",
        hub_counts(&hubs.client)
    );
    println!(
        "  hand-written's hub, whole run: {}",
        hub_counts(&hubs.handwritten)
    );

    let mut failures = Vec::new();
    for (name, phase) in [
        ("client, warm-up", &warm_client),
        ("hand-written, warm-up", &warm_hand),
        ("client", &measured),
        ("hand-written", &hand),
    ] {
        if phase.error_count > 0 {
            failures.push(format!(
                "{name}: {} calls failed, e.g. {:?}",
                phase.error_count, phase.errors
            ));
        }
    }
    if tokens as f64 > token_bound {
        failures.push(format!(
            "the client obtained {tokens} tokens, more than 2 x elapsed / lifetime = {token_bound:.2}"
        ));
    }
    if settings.min_ratio > 0.0 && ratio < settings.min_ratio {
        failures.push(format!(
            "the client made {:.0} calls/s, {ratio:.3} of the hand-written loop's {:.0} \
             (target >= {:.2})",
            measured.per_second(),
            hand.per_second(),
            settings.min_ratio
        ));
    }
    if failures.is_empty() {
        println!("soak passed");
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}
