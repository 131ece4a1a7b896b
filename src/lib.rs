//! Typed async client for the 360dialog Partner API (Partners V2).
