//! Per-call overhead of the generated client over a hand-written reqwest call:
//! `cargo bench --bench overhead [-- --rounds N --calls N --check]`.
//!
//! Both send `GET /api/v2/partners/examplePA` with `X-API-Key` to the same fake hub on
//! loopback, through reqwest clients with the same settings (connect timeout, timeout, user
//! agent, same-origin redirects), and decode the body into the same generated
//! `PartnerOut`, so the difference is what the client adds: building the request,
//! credentials, the retry loop, reading the response into its context and dispatching on
//! the status. A third, informational row decodes into a `serde_json::Value` instead.
//!
//! The hub runs on its own thread and runtime; the callers run one at a time on a
//! current-thread runtime. Rounds alternate which variant goes first; each variant's figure
//! is the median over rounds of the mean time per call, and the ratio is the median of the
//! per-round ratios. `--check` exits non-zero when it exceeds the 1.10 target.

use d360_fake_hub::FakeHub;
use d360_partners::types::PartnerOut;
use d360_partners::Client;
use reqwest::header::{HeaderMap, HeaderValue};
use std::future::Future;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const PARTNER_ID: &str = "examplePA";
const TARGET_RATIO: f64 = 1.10;

struct Options {
    rounds: usize,
    calls: usize,
    warmup: usize,
    check: bool,
}

fn options() -> Options {
    let mut options = Options {
        rounds: 40,
        calls: 250,
        warmup: 1000,
        check: false,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| args.get(i + 1).and_then(|v| v.parse().ok());
    for (i, arg) in args.iter().enumerate() {
        match arg.as_str() {
            "--rounds" => options.rounds = number(i).unwrap_or(options.rounds).max(1),
            "--calls" => options.calls = number(i).unwrap_or(options.calls).max(1),
            "--warmup" => options.warmup = number(i).unwrap_or(options.warmup),
            "--check" => options.check = true,
            // `cargo bench` passes `--bench`, and maybe a filter: nothing to do with them.
            _ => {}
        }
    }
    options
}

/// Starts the fake hub on a thread of its own; it lives until the process ends.
fn start_hub() -> (String, String) {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a Tokio runtime for the hub");
        runtime.block_on(async move {
            let hub = FakeHub::start().await.expect("the fake hub starts");
            sender
                .send((hub.url().to_owned(), hub.api_key().to_owned()))
                .expect("the bench waits for the hub");
            std::future::pending::<()>().await;
        });
    });
    receiver.recv().expect("the hub thread reports its URL")
}

/// The hand-written call: the same request and reqwest settings as the generated client.
struct Handwritten {
    http: reqwest::Client,
    base_url: String,
    headers: HeaderMap,
}

impl Handwritten {
    fn new(base_url: &str, api_key: &str) -> Self {
        // The settings `d360_runtime::ClientBuilder::build` uses by default.
        let http = reqwest::Client::builder()
            .connect_timeout(d360_runtime::DEFAULT_CONNECT_TIMEOUT)
            .timeout(d360_runtime::DEFAULT_TIMEOUT)
            .user_agent(concat!("d360-partners/", env!("CARGO_PKG_VERSION")))
            .redirect(same_origin_redirects())
            .build()
            .expect("a reqwest client");
        let mut key = HeaderValue::from_str(api_key).expect("a valid API key");
        key.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert("x-api-key", key);
        Self {
            http,
            base_url: base_url.to_owned(),
            headers,
        }
    }

    /// The call, decoding the body into `T`.
    async fn get<T: serde::de::DeserializeOwned>(&self, partner_id: &str) -> T {
        let url = format!("{}/api/v2/partners/{partner_id}", self.base_url);
        let response = self
            .http
            .get(url)
            .headers(self.headers.clone())
            .send()
            .await
            .expect("the hub answers");
        assert_eq!(response.status(), 200);
        let body = response.bytes().await.expect("a whole body");
        serde_json::from_slice(&body).expect("the documented body")
    }

    async fn get_partner(&self, partner_id: &str) -> PartnerOut {
        self.get(partner_id).await
    }

    async fn get_value(&self, partner_id: &str) -> serde_json::Value {
        self.get(partner_id).await
    }
}

/// Follows redirects within the first URL's origin only (at most 5), as the runtime does.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let Some(first) = attempt.previous().first() else {
            return attempt.stop();
        };
        let same = first.scheme() == attempt.url().scheme()
            && first.host() == attempt.url().host()
            && first.port_or_known_default() == attempt.url().port_or_known_default();
        if !same || attempt.previous().len() > 5 {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

/// Mean time per call of `calls` sequential calls.
async fn mean_per_call<F, Fut, T>(calls: usize, mut call: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: Future<Output = T>,
{
    let started = Instant::now();
    for _ in 0..calls {
        std::hint::black_box(call().await);
    }
    started.elapsed() / calls as u32
}

/// Time to decode one partner body, without HTTP: into the generated model, into a Value.
fn decode_only(
    runtime: &tokio::runtime::Runtime,
    handwritten: &Handwritten,
) -> (Duration, Duration) {
    let value: serde_json::Value = runtime.block_on(handwritten.get_value(PARTNER_ID));
    let body = serde_json::to_vec(&value).expect("JSON");
    let time = |decode: &dyn Fn(&[u8])| {
        let started = Instant::now();
        for _ in 0..20_000 {
            decode(std::hint::black_box(&body));
        }
        started.elapsed() / 20_000
    };
    let model = time(&|b| {
        std::hint::black_box(serde_json::from_slice::<PartnerOut>(b).expect("a partner"));
    });
    let value = time(&|b| {
        std::hint::black_box(serde_json::from_slice::<serde_json::Value>(b).expect("JSON"));
    });
    (model, value)
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() -> ExitCode {
    let options = options();
    let (url, api_key) = start_hub();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");

    // Built first: it installs the rustls crypto provider the reqwest build below needs.
    let generated = Client::builder()
        .base_url(&url)
        .api_key(&api_key)
        .build()
        .expect("a client");
    let handwritten = Handwritten::new(&url, &api_key);

    let (mut client_means, mut raw_means, mut value_means) = (vec![], vec![], vec![]);
    runtime.block_on(async {
        // Same answer both ways, then warm connections, allocator and caches.
        let a = generated.get_partner(PARTNER_ID).await.expect("a partner");
        assert_eq!(a, handwritten.get_partner(PARTNER_ID).await);
        mean_per_call(options.warmup, || generated.get_partner(PARTNER_ID)).await;
        mean_per_call(options.warmup, || handwritten.get_partner(PARTNER_ID)).await;

        for round in 0..options.rounds {
            let client = || async {
                mean_per_call(options.calls, || async {
                    generated.get_partner(PARTNER_ID).await.expect("a partner")
                })
                .await
            };
            let raw = || mean_per_call(options.calls, || handwritten.get_partner(PARTNER_ID));
            if round % 2 == 0 {
                client_means.push(client().await);
                raw_means.push(raw().await);
            } else {
                raw_means.push(raw().await);
                client_means.push(client().await);
            }
            value_means.push(
                mean_per_call(options.calls / 4 + 1, || handwritten.get_value(PARTNER_ID)).await,
            );
        }
    });

    let (decode_model, decode_value) = decode_only(&runtime, &handwritten);
    let client = median(client_means.clone());
    let raw = median(raw_means.clone());
    let value = median(value_means);
    // Each round measures both variants back to back, under the same machine load: the
    // median of the per-round ratios is steadier than the ratio of the medians.
    let mut paired: Vec<f64> = client_means
        .iter()
        .zip(&raw_means)
        .map(|(c, r)| c.as_secs_f64() / r.as_secs_f64())
        .collect();
    paired.sort_by(f64::total_cmp);
    let ratio = paired[paired.len() / 2];
    let ratio_of_medians = client.as_secs_f64() / raw.as_secs_f64();

    println!(
        "GET /api/v2/partners/{PARTNER_ID} against the fake hub on loopback: \
         {} rounds x {} calls per variant (median of round means)",
        options.rounds, options.calls
    );
    println!(
        "  generated client   client.get_partner()               {:>8.1} µs/call",
        micros(client)
    );
    println!(
        "  hand-written       reqwest + serde_json -> PartnerOut {:>8.1} µs/call",
        micros(raw)
    );
    println!(
        "  (hand-written      reqwest + serde_json -> Value      {:>8.1} µs/call)",
        micros(value)
    );
    println!(
        "  decoding alone:    PartnerOut {:.1} µs, Value {:.1} µs (no HTTP)",
        micros(decode_model),
        micros(decode_value)
    );
    println!(
        "  ratio generated / hand-written: {ratio:.3} (median of per-round ratios; \
         ratio of medians {ratio_of_medians:.3}); target <= {TARGET_RATIO:.2}: {}",
        if ratio <= TARGET_RATIO {
            "met"
        } else {
            "NOT met"
        }
    );
    if options.check && ratio > TARGET_RATIO {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
