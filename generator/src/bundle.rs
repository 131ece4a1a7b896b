//! Bundle: merge OpenAPI fragments (one document per published docs page) into one document.
