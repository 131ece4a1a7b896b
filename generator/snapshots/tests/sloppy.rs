//! The sloppy-documents snapshot at run time, against a local HTTP server: a path key's
//! query string becomes query parameters, each sent once, with the path the key meant.

use d360_codegen_snapshots::sloppy::types::Users;
use d360_codegen_snapshots::sloppy::Client;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("a client for the local server")
}

/// The one request the server received: its path and raw query string.
async fn only_request(server: &MockServer) -> (String, String) {
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let url = &requests[0].url;
    (url.path().to_owned(), url.query().unwrap_or("").to_owned())
}

#[tokio::test]
async fn a_declared_query_parameter_is_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search/users"))
        .and(query_param("query", "a&b=c"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"names": ["ann"]})))
        .mount(&server)
        .await;
    let users: Users = client(&server)
        .await
        .search_users("a&b=c")
        .await
        .expect("the users");
    assert_eq!(users.names.as_deref(), Some(&["ann".to_owned()][..]));
    let (path, query) = only_request(&server).await;
    assert_eq!(path, "/search/users");
    assert_eq!(query, "query=a%26b%3Dc");
}

#[tokio::test]
async fn a_query_slot_declared_as_a_path_parameter_is_a_query_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/lists/7/export"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client(&server)
        .await
        .export_list(7, "my list.csv")
        .await
        .expect("204");
    assert_eq!(
        only_request(&server).await,
        (
            "/lists/7/export".to_owned(),
            "filename=my+list.csv".to_owned()
        )
    );
}

#[tokio::test]
async fn undeclared_query_slots_become_required_string_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rides"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client(&server)
        .await
        .list_rides("2", "50")
        .await
        .expect("204");
    assert_eq!(
        only_request(&server).await,
        ("/rides".to_owned(), "page=2&per_page=50".to_owned())
    );
}

#[tokio::test]
async fn other_query_pairs_stay_in_the_url_with_their_slots_filled() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/numbers/AU"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client(&server)
        .await
        .search_numbers("AU", "starts with")
        .await
        .expect("204");
    assert_eq!(
        only_request(&server).await,
        ("/numbers/AU".to_owned(), "starts%20with=1".to_owned())
    );
}
