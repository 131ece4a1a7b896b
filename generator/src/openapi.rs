//! The OpenAPI vocabulary more than one stage needs: which path-item keys are operations and
//! which `components` sections the specification defines.

/// The keys of a path item that hold operations, in the order the specification lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The `components` sections OpenAPI 3.0 and 3.1 define; each is an object of named entries.
pub const COMPONENT_SECTIONS: [&str; 10] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
];
