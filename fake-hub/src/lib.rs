//! A local stand-in for the 360dialog Partner Hub.
